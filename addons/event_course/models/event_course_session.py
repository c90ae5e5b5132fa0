from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# one tap on the attendance page: not marked → present → absent → excused → present
NEXT_ATTENDANCE = {False: "present", "present": "absent", "absent": "excused", "excused": "present"}


# what a course's leaders may change on its sessions
LEADER_FIELDS = {"note", "leader_ids", "date_begin", "date_end"}


class EventCourseSession(models.Model):
    """One meeting of a course. A registration covers every session of its course; attendance
    is taken per session."""

    _name = "event.course.session"
    _inherit = ["event.course.organisation.mixin"]
    _course_organisation_fields = ("event_id",)
    _description = "Course session"
    _order = "date_begin, id"
    _check_company_auto = True

    event_id = fields.Many2one(
        "event.event",
        string="Course",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('is_course', '=', True)]",
    )
    company_id = fields.Many2one(
        related="event_id.company_id", string="Organisation", store=True, index=True
    )
    date_begin = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End", required=True)
    duration = fields.Float(
        compute="_compute_duration", string="Duration (hours)", store=True, digits=(16, 2)
    )
    leader_ids = fields.Many2many(
        "res.users",
        "event_course_session_leader_rel",
        "session_id",
        "user_id",
        string="Leaders",
        compute="_compute_leader_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="Who led this session (the course's leaders unless changed).",
    )
    attendance_ids = fields.One2many("event.course.attendance", "session_id", string="Attendance")
    present_count = fields.Integer(compute="_compute_attendance_counts", string="Present")
    note = fields.Char()

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end > date_begin)", "A session must end after it starts.")
    ]

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        self._course_follow_sessions(sessions.event_id)
        return sessions

    def write(self, vals):
        if (
            vals.keys() - LEADER_FIELDS
            and not self.env.su
            and not self.env.user.has_group("event.group_event_user")
        ):
            # a leader moves a session of their course in time, never to another course
            raise AccessError(_("Only the organisation's staff move a session to another course."))
        courses = self.event_id
        result = super().write(vals)
        if {"event_id", "date_begin", "date_end"} & set(vals):
            self._course_follow_sessions(courses | self.event_id)
        return result

    def unlink(self):
        courses = self.event_id
        result = super().unlink()
        self._course_follow_sessions(courses.exists())
        return result

    @api.model
    def _course_follow_sessions(self, courses):
        """``courses`` run from their first session's start to their last one's end (a
        course without sessions keeps its dates)."""
        if not courses:
            return
        # sudo: the dates of the sessions of these courses only, written on the courses they
        # belong to; a leader moving a session may not edit the course itself
        spans = self.sudo()._read_group(
            [("event_id", "in", courses.ids)], ["event_id"], ["date_begin:min", "date_end:max"]
        )
        for course, begin, end in spans:
            if (course.date_begin, course.date_end) != (begin, end):
                course.write({"date_begin": begin, "date_end": end})

    @api.depends("date_begin", "date_end")
    def _compute_duration(self):
        for session in self:
            if session.date_begin and session.date_end:
                delta = session.date_end - session.date_begin
                session.duration = delta.total_seconds() / 3600
            else:
                session.duration = 0

    @api.depends("event_id.teacher_ids")
    def _compute_leader_ids(self):
        for session in self:
            if not session.leader_ids:
                session.leader_ids = session.event_id.teacher_ids

    @api.depends("attendance_ids.state")
    def _compute_attendance_counts(self):
        counts = dict(
            self.env["event.course.attendance"]._read_group(
                [("session_id", "in", self.ids), ("state", "=", "present")],
                ["session_id"],
                ["__count"],
            )
        )
        for session in self:
            session.present_count = counts.get(session, 0)

    @api.depends("event_id", "date_begin")
    def _compute_display_name(self):
        for session in self:
            begin = session.date_begin and fields.Datetime.context_timestamp(
                session.with_context(tz=session.event_id.date_tz), session.date_begin
            )
            session.display_name = (
                f"{session.event_id.name} {begin:%Y-%m-%d %H:%M}"
                if begin
                else session.event_id.name
            )

    @api.constrains("event_id")
    def _check_course(self):
        if any(not session.event_id.is_course for session in self):
            raise ValidationError(_("Sessions belong to courses only."))

    # -- attendance page -------------------------------------------------------------------------
    def _course_participants(self):
        """The registrations whose attendance is taken at this session: the course's
        confirmed and attended ones, by name."""
        self.ensure_one()
        return self.env["event.registration"].search(
            [("event_id", "=", self.event_id.id), ("state", "in", ("open", "done"))],
            order="name, id",
        )

    def _course_lock(self):
        """Take this session's attendance one request at a time (two leaders' phones tapping
        the same person)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT id FROM event_course_session WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset(["attendance_ids"])

    def _course_attendance_tap(self, registration):
        """One tap on ``registration`` on the attendance page: the next state of their
        attendance (not marked → present → absent → excused → present). Returns the
        attendance."""
        self.ensure_one()
        self._course_lock()
        if registration not in self._course_participants():
            raise UserError(
                _("This person is not a participant of %(course)s.", course=self.event_id.name)
            )
        attendance = self.attendance_ids.filtered(lambda a: a.registration_id == registration)
        state = NEXT_ATTENDANCE[attendance.state]
        if attendance:
            attendance.write({"state": state, "marked_by_id": self.env.uid})
            return attendance
        return self.env["event.course.attendance"].create(
            {"session_id": self.id, "registration_id": registration.id, "state": state}
        )

    def _course_mark_rest_absent(self):
        """Mark the participants not marked yet absent; returns their attendance."""
        self.ensure_one()
        self._course_lock()
        rest = self._course_participants() - self.attendance_ids.registration_id
        return self.env["event.course.attendance"].create(
            [
                {"session_id": self.id, "registration_id": registration.id, "state": "absent"}
                for registration in rest
            ]
        )

    def action_open_attendance_page(self):
        """The phone-sized attendance page of this session."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/course/session/{self.id}/attendance",
            "target": "self",
        }

    def action_open_attendance(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Attendance %s", self.display_name),
            "res_model": "event.course.attendance",
            "view_mode": "list",
            "domain": [("session_id", "=", self.id)],
            "context": {"default_session_id": self.id},
        }
