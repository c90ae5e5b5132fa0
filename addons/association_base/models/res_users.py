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
        # sudo: organisation staff may connect a person to an organisation without having
        # rights on users or on the person's other organisations; the companies given are
        # exactly the person's own organisations.
        for user in self.sudo().filtered("share"):
            wanted = user.partner_id.organisation_ids | user.company_id
            if wanted != user.company_ids:
                user.company_ids = [Command.set(wanted.ids)]
