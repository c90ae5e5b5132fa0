from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class AssociationPersonConnect(models.TransientModel):
    """Connect a person who is already in the shared address book (added by another
    organisation) to the user's own organisations.

    The person is identified by their national identity number only (an e-mail address
    proves nothing about who someone is), the user confirms that they checked it, and the
    connection is written in the person's history, for the organisation connected. Nothing
    else of the person is changed: the user could not see them before. Every lookup is
    logged and their number per user and hour is limited (association.person.lookup).
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
    state = fields.Selection(
        [("search", "Search"), ("found", "Found"), ("not_found", "Not found")],
        default="search",
    )

    def _find(self, result="found"):
        """The person with the identity number (or an empty recordset), the lookup logged as
        ``result`` (or as not found)."""
        self.ensure_one()
        number = self.env["res.partner"]._national_id_vals(self.national_id)["national_id"]
        Lookup = self.env["association.person.lookup"]
        Lookup._check_limit()
        # sudo: the person may be connected only to organisations the user cannot see; the
        # user gives the exact identity number and gets the name back, nothing more (and
        # the lookup is logged and limited)
        person = (
            self.env["res.partner"]
            .sudo()
            .search([("national_id", "=", number), ("is_company", "=", False)], limit=1)
        )
        Lookup._log(number, result if person else "not_found")
        return person

    def action_find(self):
        # not found is a state, not an error: the lookup's log entry is kept
        person = self._find()
        self.write({"partner_name": person.name, "state": "found" if person else "not_found"})
        return self._reopen()

    def action_connect(self):
        self.ensure_one()
        if not self.confirmed:
            raise UserError(_("Confirm that you have checked the person's identity."))
        # sudo: the list may name companies the user cannot read; it is cut to their own
        chosen = self.sudo().organisation_ids.ids
        organisations = self.env.companies.filtered(lambda org: org.id in chosen)
        if not organisations:
            raise UserError(_("Choose one of your organisations to connect the person to."))
        person = self._find(result="connected")
        if not person:
            # a state, not an error: the lookup's log entry (and its count) is kept
            self.write({"partner_name": False, "state": "not_found"})
            return self._reopen()
        # sudo: linking the user's own organisations (cut to them above) is what makes the
        # person visible to them; the other connections are not touched
        person.sudo().organisation_ids = [Command.link(org.id) for org in organisations]
        for organisation in organisations:
            # sudo: the audit entry is written even where the user may not post on people;
            # it belongs to the organisation connected (others do not read it)
            person.sudo().message_post(
                body=_(
                    "Connected to %(organisation)s by %(user)s, identified by the national "
                    "identity number.",
                    organisation=organisation.name,
                    user=self.env.user.name,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
                organisation_id=organisation.id,
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
