from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class AssociationPortal(CustomerPortal):
    """ "My organisations": the person's own view of every organisation they belong to."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "organisation_count" in counters:
            values["organisation_count"] = len(request.env.user.partner_id.organisation_ids)
        return values

    @route("/my/organisations", type="http", auth="user", website=True)
    def portal_my_organisations(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "organisations",
                # sudo: shows the public contact details (address, phone, e-mail) of exactly the
                # organisations the logged-in person is connected to, read from their own partner.
                "organisations": request.env.user.partner_id.organisation_ids.sudo(),
            }
        )
        return request.render("association_base.portal_my_organisations", values)
