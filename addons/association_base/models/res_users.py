from odoo import Command, _, api, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sync_portal_companies()
        return users

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self._check_organisation_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _check_organisation_domain(self, domain):
        """A portal user's companies are the organisations their person belongs to: nobody
        but a platform administrator finds users by a company they do not work in (that
        would tell who is a member of a union), nor by the person's restricted fields."""
        if self.env.su or self.env.user.has_group("association_base.group_association_admin"):
            return
        self.env["res.partner"]._check_search_domain(
            [leaf for leaf in domain or [] if isinstance(leaf, (list, tuple)) and len(leaf) == 3]
        )
        mine = set(self.env.user.company_ids.ids)
        for leaf in domain or []:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                continue
            path = str(leaf[0]).split(".")
            if path[0] not in ("company_ids", "company_id"):
                continue
            value = leaf[2]
            ids = value if isinstance(value, (list, tuple)) else [value]
            if len(path) > 1 or not all(
                isinstance(cid, int) and (cid in mine or not cid) for cid in ids
            ):
                raise AccessError(_("You may search users only by the organisations you work in."))

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
