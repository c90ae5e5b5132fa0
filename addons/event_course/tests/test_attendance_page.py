from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CourseCase


class AttendancePageCase(CourseCase, HttpCase):
    """Milonga has a session in an hour, led by its teacher (a course leader and nothing
    else); Maria and Anders are registered, Kim cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._user("page_leader", "event_course.group_course_leader")
        cls.other_leader = cls._user("page_other_leader", "event_course.group_course_leader")
        cls.staff = cls._user("page_staff", "association_base.group_association_user")
        cls.milonga.teacher_ids = cls.leader
        cls.fortsattare.teacher_ids = cls.other_leader
        Registration = cls.env["event.registration"].with_context(event_course_registering=True)
        kim = cls._person("Kim Nilsson")
        cls.maria_reg, cls.anders_reg, cls.kim_reg = Registration.create(
            [
                {"event_id": cls.milonga.id, "partner_id": person.id, "state": state}
                for person, state in ((cls.maria, "open"), (cls.anders, "open"), (kim, "cancel"))
            ]
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=1)
        cls.course_session = cls.env["event.course.session"].create(
            {
                "event_id": cls.milonga.id,
                "date_begin": start,
                "date_end": start + timedelta(hours=1),
            }
        )
        cls.url = f"/course/session/{cls.course_session.id}/attendance"

    @classmethod
    def _user(cls, login, group, company=None):
        company = company or cls.club
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _post(self, url, headers=None, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, headers=headers
        )

    def _states(self):
        return {a.registration_id: a.state for a in self.course_session.attendance_ids}


@tagged("post_install", "-at_install")
class TestAttendancePage(AttendancePageCase):
    def test_leader_takes_attendance(self):
        self.authenticate("page_leader", "page_leader")
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Maria Svensson", page.text)
        self.assertIn("Anders Berg", page.text)
        self.assertNotIn("Kim Nilsson", page.text)  # cancelled
        tap = f"{self.url}/{self.maria_reg.id}"
        self.assertEqual(self._post(tap).status_code, 200)  # back on the page
        self.assertEqual(self._states(), {self.maria_reg: "present"})
        attendance = self.course_session.attendance_ids
        self.assertEqual(attendance.marked_by_id, self.leader)
        # the page's script asks for JSON: the next state, the count of present
        answer = self._post(tap, headers={"Accept": "application/json"})
        self.assertEqual(answer.json(), {"state": "absent", "label": "Absent", "present": 0})
        self._post(tap)
        self.assertEqual(self._states(), {self.maria_reg: "excused"})
        self._post(tap)
        self.assertEqual(self._states(), {self.maria_reg: "present"})
        self._post(f"{self.url}/rest-absent")
        self.assertEqual(self._states(), {self.maria_reg: "present", self.anders_reg: "absent"})
        # the cancelled registration cannot be marked
        self.assertNotEqual(self._post(f"{self.url}/{self.kim_reg.id}").status_code, 200)
        self.assertNotIn(self.kim_reg, self._states())
        # their sessions of today
        mine = self.url_open("/course/sessions")
        self.assertIn(self.url, mine.text)

    def test_session_leader_standing_in(self):
        """A leader of this session only (not a teacher of the course) takes its attendance;
        the course's other sessions are not theirs."""
        stand_in = self._user("page_stand_in", "event_course.group_course_leader")
        self.course_session.leader_ids = stand_in
        other = self.course_session.copy({"leader_ids": [Command.clear()]})
        self.authenticate("page_stand_in", "page_stand_in")
        self.assertEqual(self.url_open(self.url).status_code, 200)
        self._post(f"{self.url}/{self.anders_reg.id}")
        self.assertEqual(self._states(), {self.anders_reg: "present"})
        self.assertEqual(self.url_open(f"/course/session/{other.id}/attendance").status_code, 404)

    def test_no_tap_without_csrf_token(self):
        self.authenticate("page_leader", "page_leader")
        response = self.url_open(f"{self.url}/{self.maria_reg.id}", data={"csrf_token": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.course_session.attendance_ids)

    def test_staff_of_the_organisation(self):
        self.authenticate("page_staff", "page_staff")
        self.assertEqual(self.url_open(self.url).status_code, 200)
        self._post(f"{self.url}/{self.anders_reg.id}")
        self.assertEqual(self._states(), {self.anders_reg: "present"})

    def test_others_refused(self):
        """A leader of another course of the organisation, staff of another organisation
        and a member on the portal find no such page and mark nobody."""
        other = self.setup_other_company(name="Other club")["company"]
        self._user("page_staff_b", "association_base.group_association_user", other)
        member = self.env["res.users"].create(
            {
                "name": "Maria",
                "login": "page_member",
                "password": "page_member",
                "partner_id": self.maria.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        for login in ("page_other_leader", "page_staff_b", member.login):
            self.authenticate(login, login)
            self.assertEqual(self.url_open(self.url).status_code, 404, login)
            self.assertEqual(self._post(f"{self.url}/{self.maria_reg.id}").status_code, 404, login)
            self.assertEqual(self._post(f"{self.url}/rest-absent").status_code, 404, login)
            self.assertNotIn(self.url, self.url_open("/course/sessions").text, login)
        self.assertFalse(self.course_session.attendance_ids)


@tagged("post_install", "-at_install")
class TestAttendanceTour(AttendancePageCase):
    """The leader on their phone."""

    browser_size = "375x740"
    touch_enabled = True

    def test_attendance_on_the_phone(self):
        self.start_tour("/course/sessions", "event_course_attendance_tour", login="page_leader")
        self.assertEqual(self._states(), {self.maria_reg: "absent", self.anders_reg: "present"})
