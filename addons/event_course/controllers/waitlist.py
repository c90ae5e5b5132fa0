from werkzeug.exceptions import NotFound

from odoo.exceptions import UserError
from odoo.http import Controller, request, route
from odoo.tools import consteq

from ..exceptions import CourseRegistrationRefused


class CourseWaitlistPages(Controller):
    """The page of a place offered from a course's waiting list, reached by the secret link
    of the offer e-mail: it shows the offer and its price and accepts or declines it."""

    def _entry(self, entry_id, access_token):
        """The waiting list entry of the link, or 404 when the link is not its own (a
        tampered id or token: nothing tells whether the entry exists)."""
        # sudo: the entry is read only to compare its secret token with the link's; it is
        # shown only when they match (the link was e-mailed to this person)
        entry = request.env["event.course.waitlist"].sudo().browse(entry_id).exists()
        if not entry or not access_token or not consteq(entry.access_token or "", access_token):
            raise NotFound()
        if entry.partner_id.lang:
            request.update_context(lang=entry.partner_id.lang)
        return entry.with_context(lang=request.env.context.get("lang"))

    def _render(self, entry, error=None, status=200):
        group = entry._course_group(("offered",))
        values = {
            "entry": entry,
            "course": entry.event_id,
            "organisation": entry.event_id.company_id,
            "is_open": entry._course_offer_open(),
            "error": error or entry.offer_problem,
            "quotes": [
                (member, entry.event_id._course_quote(member.partner_id, member.payer_id or None))
                for member in (group or entry)
            ],
        }
        return request.render("event_course.course_offer_page", values, status=status)

    @route(
        "/course/offer/<int:entry_id>", type="http", auth="public", methods=["GET"], website=True
    )
    def course_offer(self, entry_id, access_token=None, **kwargs):
        return self._render(self._entry(entry_id, access_token))

    @route(
        "/course/offer/<int:entry_id>/accept",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def course_offer_accept(self, entry_id, access_token=None, **kwargs):
        entry = self._entry(entry_id, access_token)
        try:
            registrations = entry._course_accept_offer()
        except (CourseRegistrationRefused, UserError) as refusal:
            # the reasons are kept on the entry (see _course_accept_offer): the page says why
            return self._render(entry, error=refusal.args[0], status=409)
        own = registrations.filtered(lambda r: r.partner_id == entry.partner_id)[:1]
        invoice = own.course_invoice_id
        if (
            entry.pay == "card"
            and invoice
            and not invoice.currency_id.is_zero(invoice.amount_residual)
        ):
            return request.redirect(invoice.get_portal_url())
        return self._render(entry)

    @route(
        "/course/offer/<int:entry_id>/decline",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def course_offer_decline(self, entry_id, access_token=None, **kwargs):
        entry = self._entry(entry_id, access_token)
        try:
            entry._course_decline_offer()
        except UserError as refusal:
            return self._render(entry, error=refusal.args[0], status=409)
        return self._render(entry)
