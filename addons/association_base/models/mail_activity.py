from odoo import api, fields, models


class MailActivity(models.Model):
    """An activity planned on a person of the shared address book is the organisation's
    that planned it (record rules in security/association_security.xml)."""

    _inherit = "mail.activity"

    organisation_id = fields.Many2one(
        "res.company",
        string="Planned in organisation",
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        organisation = self.env["res.partner"]._chatter_organisation()
        partner_model = self.env["ir.model"]._get_id("res.partner")
        for vals in vals_list:
            on_partner = vals.get("res_model") == "res.partner" or (
                vals.get("res_model_id") == partner_model
            )
            if on_partner and "organisation_id" not in vals:
                vals["organisation_id"] = organisation.id
        return super().create(vals_list)
