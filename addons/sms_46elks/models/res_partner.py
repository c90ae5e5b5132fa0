from odoo import models

from ..tools.phone import DEFAULT_REGION, mobile_to_e164


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _sms_mobile_e164(self):
        """The person's mobile number in E.164 (``+46701234567``), or False when they have
        none an SMS can reach.

        The mobile field is tried first, then the phone field; a number counts only when it
        is a valid mobile number (a landline is not). Numbers are read in the person's
        country, else in the country of the person's organisation, else of the current one
        (Sweden when none is known), so
        ``070-123 45 67`` and ``412 34 567`` are understood the way people write them.
        Works whatever the organisation's SMS provider is.
        """
        self.ensure_one()
        region = (
            self.country_id.code
            or self.company_id.country_id.code
            or self.env.company.country_id.code
            or DEFAULT_REGION
        )
        for number in (self.mobile, self.phone):
            e164 = mobile_to_e164(number, region)
            if e164:
                return e164
        return False

    def _sms_send_to_mobile(self, body, record=None, put_in_queue=False):
        """Send ``body`` by SMS to each of these people who has a usable mobile number
        (``_sms_mobile_e164``); the others are left out and get nothing.

        The SMS is logged on ``record`` (any record with a chatter, the person by default)
        as a message whose SMS notification follows the sending and the delivery report.
        It goes through the SMS provider of the current organisation (``with_company``) or
        of ``record``'s organisation. ``put_in_queue`` leaves the sending to the SMS queue
        (the scheduled action) instead of sending at once.

        :return: the ``mail.message`` records posted, one per person reached
        """
        messages = self.env["mail.message"]
        for partner in self:
            number = partner._sms_mobile_e164()
            if not number:
                continue
            target = record if record is not None else partner
            messages |= target._message_sms(
                body,
                partner_ids=partner.ids,
                sms_pid_to_number={partner.id: number},
                put_in_queue=put_in_queue,
            )
        return messages
