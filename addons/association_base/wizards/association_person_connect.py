from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class AssociationPersonConnect(models.TransientModel):
    """Connect a person who is already in the shared address book (added by another
    organisation) to the user's own organisations.

    The person is identified by their national identity number only (an e-mail address
    proves nothing about who someone is), the user confirms that they checked it, and the
    connection is written in the person's history. Nothing else of the person is changed:
    the user could not see them before.
    """

    _name = "association.person.connect"
    _description = "Connect an existing person"

    national_id = fields.Char(string="National identity number", required=True)
    organisation_ids = fields.Many2many(
        "res.company",
        string="Connect to",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Your organisations to connect the person to.",
    )
    partner_name = fields.Char(string="Name", readonly=True)
    confirmed = fields.Boolean(
        string="I have checked the person's identity",
        help="Connect only a person who has shown you their identity or asked to be a member.",
    )
    state = fields.Selection([("search", "Search"), ("found", "Found")], default="search")

    def _find(self):
        self.ensure_one()
        number = self.env["res.partner"]._national_id_vals(self.national_id)["national_id"]
        # sudo: the person may be connected only to organisations the user cannot see; the
        # user gives the exact identity number and gets the name back, nothing more
        person = (
            self.env["res.partner"]
            .sudo()
            .search([("national_id", "=", number), ("is_company", "=", False)], limit=1)
        )
        if not person:
            raise UserError(
                _("Nobody with the national identity number %s is in the address book.", number)
            )
        return person

    def action_find(self):
        person = self._find()
        self.write({"partner_name": person.name, "state": "found"})
        return self._reopen()

    def action_connect(self):
        self.ensure_one()
        if not self.confirmed:
            raise UserError(_("Confirm that you have checked the person's identity."))
        person = self._find()
        # sudo: the list may name companies the user cannot read; it is cut to their own
        chosen = self.sudo().organisation_ids.ids
        organisations = self.env.companies.filtered(lambda org: org.id in chosen)
        if not organisations:
            raise UserError(_("Choose one of your organisations to connect the person to."))
        # sudo: linking the user's own organisations (cut to them above) is what makes the
        # person visible to them; the other connections are not touched
        person.sudo().organisation_ids = [Command.link(org.id) for org in organisations]
        # sudo: the audit entry is written even where the user may not post on people
        person.sudo().message_post(
            body=_(
                "Connected to %(organisations)s by %(user)s, identified by the national "
                "identity number.",
                organisations=", ".join(organisations.mapped("name")),
                user=self.env.user.name,
            ),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        person.user_ids._sync_portal_companies()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": person.id,
            "view_mode": "form",
            "target": "current",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Connect an existing person"),
        }

    @api.onchange("national_id")
    def _onchange_national_id(self):
        self.update({"partner_name": False, "state": "search"})
