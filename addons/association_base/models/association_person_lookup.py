from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# lookups of identity numbers a user may make in an hour, unless the system parameter
# association_base.person_lookup_limit says otherwise
DEFAULT_HOURLY_LIMIT = 30


class AssociationPersonLookup(models.Model):
    """One lookup of a person by identity number in *Connect an existing person*: who, when,
    in which organisation, the number (masked) and what it gave. The lookup names people
    the user cannot see otherwise, so it is logged and limited per user and hour."""

    _name = "association.person.lookup"
    _description = "Lookup of a person by identity number"
    _order = "id desc"

    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, readonly=True, index=True
    )
    national_id_masked = fields.Char(
        string="Identity number",
        required=True,
        readonly=True,
        help="The number looked up, without its last four digits.",
    )
    result = fields.Selection(
        [("found", "Found"), ("not_found", "Not found"), ("connected", "Connected")],
        required=True,
        readonly=True,
    )

    @api.model
    def _hourly_limit(self):
        # sudo: a system parameter, read to apply it
        value = (
            self.env["ir.config_parameter"].sudo().get_param("association_base.person_lookup_limit")
        )
        return int(value) if value else DEFAULT_HOURLY_LIMIT

    @api.model
    def _check_limit(self):
        """Refuse the lookup when the user has made the most allowed in the last hour."""
        limit = self._hourly_limit()
        since = fields.Datetime.now() - timedelta(hours=1)
        # sudo: the user's own lookups are counted; they cannot read the log
        count = self.sudo().search_count(
            [("user_id", "=", self.env.uid), ("create_date", ">=", since)]
        )
        if count >= limit:
            raise UserError(
                _(
                    "You have looked up %(count)s identity numbers in the last hour, the most "
                    "allowed. Try again later, or ask a platform administrator.",
                    count=count,
                )
            )

    @api.model
    def _log(self, number, result):
        # sudo: every user's lookups are logged; only managers and platform administrators
        # read the log
        return self.sudo().create(
            {
                "user_id": self.env.uid,
                "company_id": self.env.company.id,
                "national_id_masked": f"{number[:-4]}****",
                "result": result,
            }
        )
