from datetime import timedelta

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.exceptions import AccessError, MissingError
from odoo.http import Controller, request, route


class CourseAttendancePages(Controller):
    """The leader's attendance page, sized for a phone: one big button per participant, a
    tap marks them present and the next taps cycle through absent and excused. Open to the
    session's leaders and the course's teachers, and to the staff of the course's
    organisation (the record rules of the sessions decide); anybody else finds nothing."""

    def _env(self):
        # every organisation the user works in, not only the one the back office last
        # showed: the record rules still limit the user to their own sessions
        user = request.env.user
        return request.env(
            context=dict(request.env.context, allowed_company_ids=user.company_ids.ids)
        )

    def _session(self, session_id):
        session = self._env()["event.course.session"].browse(session_id)
        try:
            session.check_access("read")
            session.event_id.check_access("read")
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return session

    def _state_labels(self):
        """The attendance states' labels in the user's language."""
        field = request.env["event.course.attendance"]._fields["state"]
        return dict(field._description_selection(request.env))

    def _local(self, session, value):
        return fields.Datetime.context_timestamp(
            session.with_context(tz=session.event_id.date_tz), value
        )

    @route("/course/sessions", type="http", auth="user", methods=["GET"])
    def course_my_sessions(self, **kwargs):
        """The sessions of today and later that the user leads."""
        uid = request.env.uid
        Session = self._env()["event.course.session"]
        try:
            Session.check_access("read")
        except AccessError as error:
            raise NotFound() from error
        now = fields.Datetime.now()
        sessions = Session.search(
            [
                "|",
                ("leader_ids", "in", uid),
                ("event_id.teacher_ids", "in", uid),
                # a day back, then each session's own day in its course's time zone
                ("date_end", ">=", now - timedelta(days=1)),
            ],
            limit=60,
        )
        today, later = [], []
        for session in sessions:
            begin = self._local(session, session.date_begin)
            day = self._local(session, now).date()
            if self._local(session, session.date_end).date() < day:
                continue
            (today if begin.date() == day else later).append((session, begin))
        return request.render(
            "event_course.course_my_sessions_page", {"today": today, "later": later[:30]}
        )

    @route("/course/session/<int:session_id>/attendance", type="http", auth="user", methods=["GET"])
    def course_session_attendance(self, session_id, **kwargs):
        session = self._session(session_id)
        participants = session._course_participants()
        marked = {a.registration_id: a.state for a in session.attendance_ids}
        return request.render(
            "event_course.course_session_attendance_page",
            {
                "session": session,
                "begin": self._local(session, session.date_begin),
                "end": self._local(session, session.date_end),
                "rows": [
                    (registration, marked.get(registration, False)) for registration in participants
                ],
                "state_labels": self._state_labels(),
                "present": sum(1 for state in marked.values() if state == "present"),
            },
        )

    def _wants_json(self):
        return "application/json" in (request.httprequest.headers.get("Accept") or "")

    @route(
        "/course/session/<int:session_id>/attendance/<int:registration_id>",
        type="http",
        auth="user",
        methods=["POST"],
    )
    def course_attendance_tap(self, session_id, registration_id, **kwargs):
        """One tap on a participant (a form post with its CSRF token; the page's script
        sends the same form and asks for JSON to stay on the page)."""
        session = self._session(session_id)
        registration = session.env["event.registration"].browse(registration_id)
        attendance = session._course_attendance_tap(registration)
        if self._wants_json():
            states = session.attendance_ids.mapped("state")
            return request.make_json_response(
                {
                    "state": attendance.state,
                    "label": self._state_labels()[attendance.state],
                    "present": states.count("present"),
                }
            )
        return request.redirect(
            f"/course/session/{session.id}/attendance#registration-{registration.id}"
        )

    @route(
        "/course/session/<int:session_id>/attendance/rest-absent",
        type="http",
        auth="user",
        methods=["POST"],
    )
    def course_attendance_rest_absent(self, session_id, **kwargs):
        session = self._session(session_id)
        session._course_mark_rest_absent()
        return request.redirect(f"/course/session/{session.id}/attendance")
