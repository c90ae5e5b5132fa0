from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ATTENDANCE_STATES = [("present", "Present"), ("absent", "Absent"), ("excused", "Excused")]


class EventCourseAttendance(models.Model):
    _name = "event.course.attendance"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("session_id", "registration_id")
    _description = "Attendance at a course session"
    _order = "session_id, partner_name, id"
    _check_company_auto = True

    session_id = fields.Many2one(
        "event.course.session", string="Session", required=True, ondelete="cascade", index=True
    )
    registration_id = fields.Many2one(
        "event.registration", string="Registration", required=True, ondelete="cascade", index=True
    )
    event_id = fields.Many2one(related="session_id.event_id", string="Course", store=True)
    company_id = fields.Many2one(
        related="session_id.company_id", string="Organisation", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="registration_id.partner_id", string="Participant", store=True, index=True
    )
    partner_name = fields.Char(related="registration_id.name", string="Name", store=True)
    state = fields.Selection(ATTENDANCE_STATES, required=True, default="present")
    marked_by_id = fields.Many2one(
        "res.users", string="Marked by", default=lambda self: self.env.user, readonly=True
    )

    _sql_constraints = [
        (
            "session_registration_unique",
            "unique(session_id, registration_id)",
            "A participant's attendance is taken once per session.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals["marked_by_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            vals = {**vals, "marked_by_id": self.env.uid}
        return super().write(vals)

    @api.constrains("session_id", "registration_id")
    def _check_same_course(self):
        for attendance in self:
            if attendance.registration_id.event_id != attendance.session_id.event_id:
                raise ValidationError(
                    _(
                        "%(person)s is not registered for %(course)s.",
                        person=attendance.registration_id.name,
                        course=attendance.session_id.event_id.name,
                    )
                )
