from werkzeug.urls import url_encode

from odoo.exceptions import UserError
from odoo.http import request, route

from odoo.addons.association_base.controllers.portal import AssociationPortal


class MembershipPortal(AssociationPortal):
    """Members see their membership of each organisation's current period on "Your
    organisations", and join where the organisation allows it."""

    @route()
    def portal_my_organisations(self, **kwargs):
        response = super().portal_my_organisations(**kwargs)
        partner = request.env.user.partner_id
        Line = request.env["membership.membership_line"]
        response.qcontext.update(
            {
                "memberships": Line._portal_memberships(partner),
                "join_offers": Line._portal_join_offers(partner),
                "join_error": kwargs.get("join_error"),
            }
        )
        return response

    @route(
        "/my/organisations/<int:organisation_id>/join",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_join_organisation(self, organisation_id, **kwargs):
        partner = request.env.user.partner_id
        try:
            # a refusal (no fee rule, no sales journal) leaves nothing half written: the
            # person can try again once the organisation has fixed it
            with request.env.cr.savepoint():
                membership = request.env["membership.membership_line"]._portal_join(
                    partner, organisation_id
                )
        except UserError as error:
            return request.redirect(
                "/my/organisations?" + url_encode({"join_error": error.args[0]})
            )
        invoice = membership.account_invoice_id
        if invoice:  # pay it at once, by card
            return request.redirect(invoice.sudo().get_portal_url())
        return request.redirect("/my/organisations")
