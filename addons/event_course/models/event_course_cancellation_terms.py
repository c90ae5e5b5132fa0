from datetime import timedelta

from odoo import fields, models


class EventCourseCancellationTerms(models.Model):
    """What cancelling a course registration costs, by tiers of days before the start."""

    _name = "event.course.cancellation.terms"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("company_id",)
    _description = "Course cancellation terms"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    tier_ids = fields.One2many(
        "event.course.cancellation.tier", "terms_id", string="Tiers", copy=True
    )
    note = fields.Html(
        string="Terms",
        translate=True,
        help="The terms in words, as people read them before they register or cancel.",
    )

    def _course_tier(self, course, day=None):
        """The tier of cancelling ``course`` on ``day`` (default: today, the course's day):
        of the tiers that have begun (``day`` is at most their days before the start), the
        one nearest the start. Empty before the first tier: cancelling is free."""
        self.ensure_one()
        day = day or course._course_today()
        start = fields.Datetime.context_timestamp(
            course.with_context(tz=course.date_tz), course.date_begin
        ).date()
        begun = self.tier_ids.filtered(lambda tier: day >= start - timedelta(days=tier.days_before))
        return begun.sorted("days_before")[:1]
