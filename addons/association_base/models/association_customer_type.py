from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AssociationCustomerType(models.Model):
    """A kind of customer that prices can depend on: ordinary, student, pensioner...

    Exactly one type is the default (ordinary): everybody has it unless a valid
    certificate proves another type.
    """

    _name = "association.customer.type"
    _description = "Customer type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable technical code, used by price rules and imports."
    )
    sequence = fields.Integer(
        default=10,
        help="When a person holds valid certificates for several types, the first type in "
        "this order applies.",
    )
    is_default = fields.Boolean(
        string="Default type",
        help="The type of everybody without a valid certificate (ordinary customer).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a customer type must be unique."),
    ]

    @api.constrains("is_default", "active")
    def _check_one_default(self):
        defaults = self.search([("is_default", "=", True)])
        if len(defaults) != 1:
            raise ValidationError(
                _(
                    "Exactly one active customer type must be the default (ordinary) type; "
                    "found %s.",
                    len(defaults),
                )
            )

    @api.model
    def _today(self):
        """The day that customer types and certificate states are computed for: today in the
        user's time zone, or the date given as ``at_date`` in the context."""
        return fields.Date.to_date(self.env.context.get("at_date")) or fields.Date.context_today(
            self
        )

    @api.model
    def _get_default(self):
        return self.search([("is_default", "=", True)], limit=1)
