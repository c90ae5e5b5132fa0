from odoo import api, fields, models


class EventCourseLevel(models.Model):
    _name = "event.course.level"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("category_id",)
    _description = "Course level"
    _order = "category_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Order of the levels of a category: the next level follows this one."
    )
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "event.course.category", string="Category", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="category_id.company_id", string="Organisation", store=True, index=True
    )

    @api.depends("category_id")
    def _compute_display_name(self):
        for level in self:
            level.display_name = (
                f"{level.category_id.name} – {level.name}" if level.category_id else level.name
            )
