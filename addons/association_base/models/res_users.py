from odoo import Command, api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sync_portal_companies()
        return users

    def _sync_portal_companies(self):
        """Give each portal user access to every organisation their person is connected to,
        so that their own portal shows what each organisation holds for them (invoices,
        memberships, cases), whichever organisation they registered with first."""
        for user in self.filtered("share"):
            wanted = user.partner_id.organisation_ids | user.company_id
            if wanted != user.company_ids:
                # sudo: organisation staff may connect a person without having rights on
                # users; the companies given are exactly the person's own organisations.
                user.sudo().company_ids = [Command.set(wanted.ids)]
