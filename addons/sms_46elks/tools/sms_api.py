import logging
import re

import requests

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .phone import DEFAULT_REGION, to_e164

_logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.46elks.com/a1"
DEFAULT_TIMEOUT = 10.0
# what a text sender ID may be (46elks: letters and digits, 3 to 11, not starting with a
# digit); otherwise the sender is a phone number in E.164
SENDER_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{2,10}$")
SENDER_NUMBER_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# longest part of a 46elks error body kept in the failure reason
MAX_BODY = 300


def is_valid_sender(sender):
    return bool(sender and (SENDER_NAME_RE.match(sender) or SENDER_NUMBER_RE.match(sender)))


class SmsApi46elks(SmsApiBase):
    """Send Odoo's SMS with 46elks: one HTTP POST per SMS, basic authentication with the
    organisation's API username and password.

    ``_send_sms_batch`` never raises on what 46elks or the network does: every SMS gets a
    result with a state (mapped to ``sms.sms`` failure types below) and, on failure, a
    translated reason saying what happened.
    """

    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        "46elks_configuration": "sms_acc",
        "46elks_authentication": "sms_acc",
        "insufficient_credit": "sms_credit",
        # other refusals (HTTP 4xx) stay "unknown", with 46elks' own words as the reason
    }

    def __init__(self, env, account=None):
        super().__init__(env, account=account)
        self.number_regions = {}

    def _set_number_regions(self, number_regions):
        """Country code (``SE``, ``NO``) to read each SMS's number in, by SMS uuid; numbers
        not given are read in the organisation's country."""
        self.number_regions = number_regions

    # -- settings ---------------------------------------------------------------------------
    def _api_url(self):
        config = self.env["ir.config_parameter"].sudo()
        return (config.get_param("sms_46elks.api_url") or DEFAULT_API_URL).rstrip("/")

    def _timeout(self):
        value = self.env["ir.config_parameter"].sudo().get_param("sms_46elks.timeout")
        try:
            timeout = float(value) if value else DEFAULT_TIMEOUT
        except ValueError:
            _logger.warning("46elks: system parameter sms_46elks.timeout=%r is not a number", value)
            timeout = DEFAULT_TIMEOUT
        return timeout if timeout > 0 else DEFAULT_TIMEOUT

    def _configuration_error(self, company_sudo):
        if not (company_sudo.sms_46elks_api_username and company_sudo.sms_46elks_api_password):
            return self.env._(
                "46elks is the SMS provider of %(company)s but its API username or password is "
                "not set (Settings, General Settings, SMS).",
                company=company_sudo.name,
            )
        if not is_valid_sender(company_sudo.sms_46elks_sender):
            return self.env._(
                "The 46elks sender of %(company)s is missing or not valid: a name of 3 to 11 "
                "letters and digits starting with a letter, or a phone number in E.164 "
                "(Settings, General Settings, SMS).",
                company=company_sudo.name,
            )
        return False

    # -- sending ----------------------------------------------------------------------------
    def _send_sms_batch(self, messages, delivery_reports_url=False):
        """Send ``messages`` (see ``SmsApi._send_sms_batch``) one SMS at a time.

        :return: one dict per SMS: ``uuid``, ``state`` (``success`` or an error state),
          ``failure_reason`` and, when 46elks accepted it, ``sms_46elks_id``.
        """
        # sudo: the credentials are readable by system administrators only; any user who may
        # send an SMS sends it with the organisation's account, the credentials stay here
        company_sudo = self.company.sudo()
        configuration_error = self._configuration_error(company_sudo)
        region = company_sudo.country_id.code or DEFAULT_REGION
        url = self._api_url() + "/sms"
        timeout = self._timeout()
        auth = (company_sudo.sms_46elks_api_username, company_sudo.sms_46elks_api_password)
        status_url = company_sudo._sms_46elks_status_url()

        results = []
        with requests.Session() as session:
            for message in messages:
                body = message.get("content") or ""
                for number_info in message.get("numbers") or []:
                    uuid = number_info["uuid"]
                    if configuration_error:
                        results.append(
                            {
                                "uuid": uuid,
                                **self._failure("46elks_configuration", configuration_error),
                            }
                        )
                        continue
                    result = self._send_one(
                        session,
                        url,
                        auth,
                        timeout,
                        {
                            "from": company_sudo.sms_46elks_sender,
                            "message": body,
                            "whendelivered": status_url,
                        },
                        number_info.get("number"),
                        self.number_regions.get(uuid) or region,
                    )
                    results.append({"uuid": uuid, **result})
        return results

    def _send_one(self, session, url, auth, timeout, data, number, region):
        _ = self.env._
        if not number:
            return self._failure("sms_number_missing", _("The SMS has no phone number."))
        to = to_e164(number, region)
        if not to:
            return self._failure(
                "wrong_number_format",
                _("%(number)s is not a valid phone number; nothing was sent.", number=number),
            )
        try:
            response = session.post(url, data={**data, "to": to}, auth=auth, timeout=timeout)
        except requests.exceptions.Timeout:
            _logger.warning("46elks: no answer within %s s from %s", timeout, url)
            seconds = f"{timeout:g}"
            return self._failure(
                "server_error",
                _(
                    "46elks did not answer within %(seconds)s seconds. The SMS may or may not "
                    "have been sent: look in the 46elks dashboard before sending it again.",
                    seconds=seconds,
                ),
            )
        except requests.exceptions.RequestException as error:
            _logger.warning("46elks: could not reach %s: %s", url, error)
            return self._failure(
                "server_error",
                _("46elks could not be reached (%(error)s); nothing was sent.", error=error),
            )
        return self._read_response(response)

    def _read_response(self, response):
        _ = self.env._
        text = (response.text or "").strip()[:MAX_BODY]
        status = response.status_code
        if response.ok:
            try:
                elks_id = response.json().get("id")
            except (ValueError, AttributeError):
                elks_id = False
            if elks_id:
                return {"state": "success", "failure_reason": False, "sms_46elks_id": elks_id}
            _logger.warning("46elks: HTTP %s without a message id: %s", status, text)
            return self._failure(
                "server_error",
                _(
                    "46elks answered (HTTP %(status)s) without a message id: %(answer)s",
                    status=status,
                    answer=text,
                ),
            )
        _logger.info("46elks refused an SMS: HTTP %s %s", status, text)
        if status == 401:
            return self._failure(
                "46elks_authentication",
                _(
                    "46elks refused the API username and password (HTTP 401): %(answer)s",
                    answer=text,
                ),
            )
        if status == 402 or (status < 500 and re.search(r"credit|balance", text, re.IGNORECASE)):
            return self._failure(
                "insufficient_credit",
                _(
                    "The 46elks account has not enough credit (HTTP %(status)s): %(answer)s",
                    status=status,
                    answer=text,
                ),
            )
        if status < 500:
            return self._failure(
                "46elks_refused",
                _(
                    "46elks refused the SMS (HTTP %(status)s): %(answer)s",
                    status=status,
                    answer=text,
                ),
            )
        return self._failure(
            "server_error",
            _(
                "46elks had a server error (HTTP %(status)s); nothing was sent, try again "
                "later: %(answer)s",
                status=status,
                answer=text,
            ),
        )

    @staticmethod
    def _failure(state, reason):
        return {"state": state, "failure_reason": reason}

    def _get_sms_api_error_messages(self):
        _ = self.env._
        return {
            **super()._get_sms_api_error_messages(),
            "46elks_configuration": _("46elks is not configured for this organisation."),
            "46elks_authentication": _("46elks refused the API username and password."),
            "46elks_refused": _("46elks refused the SMS."),
            "insufficient_credit": _("The 46elks account has not enough credit."),
            "server_error": _("46elks could not be reached or had a server error."),
            "sms_number_missing": _("The SMS has no phone number."),
            "wrong_number_format": _("The phone number is not valid."),
        }
