from odoo import api, fields, models


class MailFollowers(models.Model):
    """A follower of a person of the shared address book is the business of the
    organisation that added them: staff of another organisation do not see who follows
    the person for it (record rules in security/association_security.xml)."""

    _inherit = "mail.followers"

    organisation_id = fields.Many2one(
        "res.company",
        string="Added in organisation",
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        organisation = self.env["res.partner"]._chatter_organisation()
        for vals in vals_list:
            if vals.get("res_model") == "res.partner" and "organisation_id" not in vals:
                vals["organisation_id"] = organisation.id
        return super().create(vals_list)
