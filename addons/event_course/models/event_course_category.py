from odoo import fields, models


class EventCourseCategory(models.Model):
    _name = "event.course.category"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("company_id",)
    _description = "Course category"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    income_account_id = fields.Many2one(
        "account.account",
        string="Income account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Course fees of this category are booked on this account (default: the course "
        "product's income account).",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        help="The cost centre (or project) of the category's courses: the default of each "
        "course's analytic account. When a course has an account of another analytic plan of "
        "its own (a project), its fees carry both.",
    )
    evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Evaluation survey",
        check_company=True,
        domain="[('access_mode', 'in', ('public', 'token')), "
        "('company_id', 'in', [company_id, False])]",
        help="Sent to the participants of the category's courses after their last session "
        "(a course may have its own; empty: the organisation's).",
    )
    level_ids = fields.One2many("event.course.level", "category_id", string="Levels")
    course_ids = fields.One2many("event.event", "course_category_id", string="Courses")
