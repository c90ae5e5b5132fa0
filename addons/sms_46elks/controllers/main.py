import logging

from werkzeug.exceptions import BadRequest, Forbidden

from odoo.http import Controller, request, route

_logger = logging.getLogger(__name__)

DELIVERY_STATUSES = {"sent", "delivered", "failed"}


class Sms46elksController(Controller):
    @route(
        "/sms_46elks/status/<int:company_id>/<string:secret>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def sms_46elks_status(self, company_id, secret, **post):
        """Delivery report of 46elks (form fields ``id``, ``status``, ``delivered``).

        Refused (403) unless the secret is the organisation's (or its previous one, for 24
        hours after it was regenerated); then the SMS of that organisation with that 46elks
        id is updated: ``delivered`` makes it delivered, ``failed`` a delivery failure. A
        report about an SMS not found is logged and acknowledged, so that 46elks stops
        sending it again.
        """
        # sudo: a public route; the organisation is trusted only once its secret matched
        company_sudo = request.env["res.company"].sudo().browse(company_id).exists()
        if not company_sudo or not company_sudo._sms_46elks_webhook_secret_matches(secret):
            _logger.warning(
                "46elks: delivery report for organisation %s with a wrong secret", company_id
            )
            raise Forbidden()
        elks_id, status = post.get("id"), post.get("status")
        if not elks_id or status not in DELIVERY_STATUSES:
            _logger.warning("46elks: delivery report without an id or a known status: %s", post)
            raise BadRequest()
        # sudo: SMS and their trackers are technical records; the search is limited to the
        # organisation whose secret was given
        trackers = (
            request.env["sms.tracker"]
            .sudo()
            .search(
                [("sms_46elks_id", "=", elks_id), ("sms_46elks_company_id", "=", company_sudo.id)]
            )
        )
        sms = (
            request.env["sms.sms"]
            .sudo()
            .search([("sms_46elks_id", "=", elks_id), ("record_company_id", "=", company_sudo.id)])
        )
        if not trackers and not sms:
            _logger.info("46elks: delivery report %s for unknown SMS %s ignored", status, elks_id)
            return request.make_response("OK")
        if status == "delivered":
            trackers._action_update_from_sms_state("sent")
            sms.write(
                {"state": "sent", "failure_type": False, "failure_reason": False, "to_delete": True}
            )
        elif status == "failed":
            # in the organisation's language: 46elks' request has none
            env = request.env(context=dict(request.env.context, lang=company_sudo.partner_id.lang))
            reason = env._(
                "46elks reports that the SMS could not be delivered to the recipient's phone."
            )
            trackers.with_context(
                sms_known_failure_reason=reason
            )._action_update_from_provider_error("not_delivered")
            sms.write(
                {"state": "error", "failure_type": "sms_not_delivered", "failure_reason": reason}
            )
        _logger.info("46elks: SMS %s %s", elks_id, status)
        return request.make_response("OK")
