from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    course_event_id = fields.Many2one(
        "event.event",
        string="Course",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        help="The course this answer evaluates: only the staff of the course's organisation "
        "read it.",
    )
