from odoo import api, fields, models


class EventCourseLevelApproval(models.Model):
    """A person approved for a level: a teacher's decision at the end of a course (or a
    manager's, for someone who learnt elsewhere). Courses that require the level accept them."""

    _name = "event.course.level.approval"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("level_id", "event_id")
    _description = "Level approval"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True)
    level_id = fields.Many2one("event.course.level", string="Level", required=True)
    company_id = fields.Many2one(
        related="level_id.company_id", string="Organisation", store=True, index=True
    )
    event_id = fields.Many2one(
        "event.event",
        string="Course",
        check_company=True,
        ondelete="set null",
        help="The course at whose end the person was approved.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", default=lambda self: self.env.user, readonly=True
    )

    _sql_constraints = [
        (
            "partner_level_unique",
            "unique(partner_id, level_id)",
            "This person is already approved for this level.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals["approved_by_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            vals = {**vals, "approved_by_id": self.env.uid}
        return super().write(vals)

    @api.constrains("partner_id")
    def _check_partner_visible(self):
        for approval in self:
            approval.partner_id._check_visible()
