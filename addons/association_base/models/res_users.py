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
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # grouping users by company would count the members of each organisation
        specs = [spec.split(":")[0] for spec in (*groupby, *aggregates)]
        self._check_organisation_domain([(spec, "=", False) for spec in specs])
        if any(spec.split(".")[0] in ("company_id", "company_ids") for spec in specs) and not (
            self.env.su or self.env.user.has_group("association_base.group_association_admin")
        ):
            raise AccessError(_("You may search users only by the organisations you work in."))
        return super()._read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )

    def _read_format(self, fnames, load="_classic_read"):
        """A portal user's companies are the organisations their person belongs to: anybody
        but a platform administrator (and the user themselves) reads only those they work
        in themselves, as with the person's connections."""
        result = super()._read_format(fnames, load=load)
        guarded = {"company_id", "company_ids"} & set(fnames)
        if (
            not guarded
            or self.env.su
            or self.env.user.has_group("association_base.group_association_admin")
        ):
            return result
        # sudo: which of the users read are portal users; nothing else of theirs is read
        portal = set(self.sudo().filtered("share").ids) - {self.env.uid}
        mine = set(self.env["res.partner"]._my_organisation_tree().ids)
        for values in result:
            if values["id"] not in portal:
                continue
            if "company_ids" in values:
                values["company_ids"] = [cid for cid in values["company_ids"] if cid in mine]
            company = values.get("company_id")
            if company and (company[0] if isinstance(company, tuple) else company) not in mine:
                values["company_id"] = False
        return result

    def export_data(self, fields_to_export):
        # an export reads the values without _read_format: a user's companies are not
        # exported by anybody but a platform administrator
        self.env["res.partner"]._check_export_of_user_companies(
            [f"user_ids/{path}" for path in fields_to_export]
        )
        return super().export_data(fields_to_export)

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
