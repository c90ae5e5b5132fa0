from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    course_offer_hours = fields.Integer(
        string="Hours to answer an offer",
        default=48,
        help="A place offered from a course's waiting list is held this long for the person; "
        "unanswered, it goes to the next.",
    )
    course_cancellation_terms_id = fields.Many2one(
        "event.course.cancellation.terms",
        string="Default cancellation terms",
        domain="[('company_id', '=', id)]",
        help="The cancellation terms of courses that have none of their own.",
    )
    course_evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Evaluation survey",
        domain="[('access_mode', 'in', ('public', 'token')), ('company_id', 'in', [id, False])]",
        help="Sent to the participants of the organisation's courses after their last "
        "session, unless the course or its category has its own.",
    )
    course_evaluation_reminder_days = fields.Integer(
        string="Days to remind of an evaluation",
        default=7,
        help="Participants who have not answered the evaluation this many days after the "
        "invitation get one reminder.",
    )

    @api.constrains("course_evaluation_reminder_days")
    def _check_course_evaluation_reminder_days(self):
        if any(company.course_evaluation_reminder_days <= 0 for company in self):
            raise ValidationError(_("The days to remind of an evaluation must be above zero."))

    @api.constrains("course_offer_hours")
    def _check_course_offer_hours(self):
        if any(company.course_offer_hours <= 0 for company in self):
            raise ValidationError(_("The hours to answer an offer of a place must be above zero."))
