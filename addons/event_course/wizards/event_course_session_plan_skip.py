from odoo import fields, models


class EventCourseSessionPlanSkip(models.TransientModel):
    """A date the weekly schedule of :class:`EventCourseSessionPlan` leaves out."""

    _name = "event.course.session.plan.skip"
    _description = "Date left out of a course schedule"
    _order = "date"

    plan_id = fields.Many2one("event.course.session.plan", required=True, ondelete="cascade")
    date = fields.Date(required=True)
    name = fields.Char(string="Why", help="For example: autumn break.")
