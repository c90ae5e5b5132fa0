from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EventCourseDiscountRule(models.Model):
    """A discount of an organisation for people taking more than one course in a term."""

    _name = "event.course.discount.rule"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("company_id",)
    _description = "Course discount rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [
            ("additional", "Off each additional course in the term"),
            ("cheaper", "Off the cheaper course"),
        ],
        required=True,
        default="additional",
        help="Off each additional course: every course after a person's first in the term "
        "costs less. Off the cheaper course: of a person's courses in the term, the cheaper "
        "one costs less (the discount is given on the course registered last, worked out on "
        "the cheaper of the two).",
    )
    amount_type = fields.Selection(
        [("fixed", "Fixed amount"), ("percent", "Percentage")], required=True, default="fixed"
    )
    amount = fields.Float(required=True, digits=(16, 2))
    category_ids = fields.Many2many(
        "event.course.category",
        string="Categories",
        check_company=True,
        help="Only courses of these categories count and get the discount (empty: all).",
    )

    @api.constrains("amount", "amount_type")
    def _check_amount(self):
        for rule in self:
            if rule.amount <= 0 or (rule.amount_type == "percent" and rule.amount > 100):
                raise ValidationError(
                    _(
                        "The discount of %s must be above zero (a percentage at most 100).",
                        rule.name,
                    )
                )

    def _applies_to(self, course):
        self.ensure_one()
        return not self.category_ids or course.course_category_id in self.category_ids

    def _discount(self, price):
        """This rule's discount on ``price`` (never more than the price)."""
        self.ensure_one()
        value = price * self.amount / 100 if self.amount_type == "percent" else self.amount
        return self.currency_id.round(min(value, price))
