from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EventCourseCancellationTier(models.Model):
    """From a number of days before a course starts, cancelling costs this fee."""

    _name = "event.course.cancellation.tier"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("terms_id",)
    _description = "Course cancellation tier"
    _order = "terms_id, days_before desc, id"

    terms_id = fields.Many2one(
        "event.course.cancellation.terms", string="Terms", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="terms_id.company_id", string="Organisation", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    days_before = fields.Integer(
        string="From days before the start",
        required=True,
        help="The tier applies from this many days before the course's first day (0: from "
        "the first day on, also after the start), until the next tier begins.",
    )
    fee_type = fields.Selection(
        [
            ("fixed", "Fixed fee"),
            ("percent", "Percentage of the course fee"),
            ("all", "No refund"),
        ],
        string="Fee",
        required=True,
        default="fixed",
    )
    amount = fields.Float(
        digits=(16, 2),
        help="The fee (before taxes, like the course fee), or its percentage of the course fee.",
    )
    name = fields.Char(compute="_compute_name")

    _sql_constraints = [
        (
            "days_unique",
            "UNIQUE(terms_id, days_before)",
            "Two tiers of the same terms cannot begin on the same day.",
        )
    ]

    @api.depends("days_before", "fee_type", "amount", "currency_id")
    @api.depends_context("lang")
    def _compute_name(self):
        for tier in self:
            if tier.days_before:
                when = _("from %s days before the start", tier.days_before)
            else:
                when = _("from the start")
            if tier.fee_type == "all":
                fee = _("no refund")
            elif tier.fee_type == "percent":
                fee = _("%s %% of the course fee", f"{tier.amount:g}")
            else:
                fee = _("fee %s", tier.currency_id.format(tier.amount))
            tier.name = f"{when}: {fee}"

    @api.constrains("days_before", "fee_type", "amount")
    def _check_tier(self):
        for tier in self:
            if tier.days_before < 0:
                raise ValidationError(
                    _(
                        "A tier of %s begins before the start: days cannot be negative.",
                        tier.terms_id.name,
                    )
                )
            if tier.amount < 0 or (tier.fee_type == "percent" and tier.amount > 100):
                raise ValidationError(
                    _(
                        "The fee of a tier of %s cannot be negative (a percentage at most 100).",
                        tier.terms_id.name,
                    )
                )

    def _course_fee(self, course_amount):
        """This tier's fee on a course amount of ``course_amount`` (never more than it)."""
        self.ensure_one()
        if self.fee_type == "all":
            return course_amount
        fee = course_amount * self.amount / 100 if self.fee_type == "percent" else self.amount
        return self.currency_id.round(max(min(fee, course_amount), 0.0))
