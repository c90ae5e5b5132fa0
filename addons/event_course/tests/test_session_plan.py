from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CourseCase


@tagged("post_install", "-at_install")
class TestSessionPlan(CourseCase):
    """Sessions of a course from its weekly schedule, in the course's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.club.country_id = cls.env.ref("base.se")
        cls.staff = new_test_user(
            cls.env,
            login="plan_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.leader = new_test_user(
            cls.env,
            login="plan_leader",
            groups="base.group_user,event_course.group_course_leader",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.milonga.teacher_ids = cls.leader

    def _plan(self, course=None, **vals):
        course = (course or self.milonga).with_user(self.staff)
        form = Form(
            self.env["event.course.session.plan"]
            .with_user(self.staff)
            .with_context(default_event_id=course.id)
        )
        for name, value in vals.items():
            if name == "skip":
                for day, why in value:
                    with form.skip_ids.new() as line:
                        line.date = day
                        line.name = why
            else:
                setattr(form, name, value)
        return form.save()

    def _sessions(self, course):
        return self.env["event.course.session"].search([("event_id", "=", course.id)])

    def _local(self, sessions):
        """The sessions' starts in Stockholm's time, as strings."""
        return [
            fields.Datetime.context_timestamp(
                session.with_context(tz="Europe/Stockholm"), session.date_begin
            ).strftime("%Y-%m-%d %H:%M")
            for session in sessions
        ]

    def test_local_time_kept_over_summer_time(self):
        """Wednesdays at 18:00 in Stockholm from 17 March 2027: summer time starts on 28 March
        (UTC 17:00 before, 16:00 after); it ends on 31 October (UTC 16:00 before, 17:00
        after). The course runs from the first session to the last; the teachers lead."""
        plan = self._plan(
            weekday="2", start_time=18.0, duration=1.5, date_first=date(2027, 3, 15), weeks=3
        )
        self.assertEqual(plan.leader_ids, self.leader)
        plan.action_plan()
        sessions = self._sessions(self.milonga)
        self.assertEqual(
            sessions.mapped("date_begin"),
            [datetime(2027, 3, 17, 17), datetime(2027, 3, 24, 17), datetime(2027, 3, 31, 16)],
        )
        self.assertEqual(
            self._local(sessions), ["2027-03-17 18:00", "2027-03-24 18:00", "2027-03-31 18:00"]
        )
        self.assertEqual(sessions.mapped("duration"), [1.5] * 3)
        self.assertEqual(sessions.leader_ids, self.leader)
        self.assertEqual(self.milonga.date_begin, datetime(2027, 3, 17, 17))
        self.assertEqual(self.milonga.date_end, datetime(2027, 3, 31, 17, 30))

        autumn = self._course("Milonga, autumn")
        self._plan(
            autumn,
            weekday="2",
            start_time=18.5,
            duration=1.0,
            date_first=date(2027, 10, 27),
            weeks=2,
        ).action_plan()
        self.assertEqual(
            self._sessions(autumn).mapped("date_begin"),
            [datetime(2027, 10, 27, 16, 30), datetime(2027, 11, 3, 17, 30)],
        )
        self.assertEqual(
            self._local(self._sessions(autumn)), ["2027-10-27 18:30", "2027-11-03 18:30"]
        )
        self.assertEqual(autumn.date_end, datetime(2027, 11, 3, 18, 30))

    def test_dates_left_out_and_holidays(self):
        """Mondays from 22 March 2027 for four weeks: Easter Monday (29 March, a Swedish
        public holiday) and the break on 5 April are left out; their weeks have no session."""
        plan = self._plan(
            weekday="0", date_first=date(2027, 3, 22), weeks=4, skip=[(date(2027, 4, 5), "Break")]
        )
        self.assertTrue(plan.skip_holidays)
        self.assertIn("2027-03-29: left out (public holiday)", plan.preview)
        self.assertIn("2027-04-05: left out (Break)", plan.preview)
        plan.action_plan()
        self.assertEqual(
            self._local(self._sessions(self.milonga)), ["2027-03-22 18:00", "2027-04-12 18:00"]
        )
        # without the holidays, Easter Monday gets its session
        self._plan(
            weekday="0", date_first=date(2027, 3, 22), weeks=4, skip_holidays=False
        ).action_plan()
        self.assertEqual(
            self._local(self._sessions(self.milonga)),
            ["2027-03-22 18:00", "2027-03-29 18:00", "2027-04-05 18:00", "2027-04-12 18:00"],
        )

    def test_holidays_of_norway(self):
        """A Norwegian organisation's Thursday course leaves out Maundy Thursday (25 March
        2027) and Ascension Day (6 May); one of a country without a calendar cannot."""
        self.club.country_id = self.env.ref("base.no")
        self._plan(weekday="3", date_first=date(2027, 3, 18), weeks=8).action_plan()
        days = [start[:10] for start in self._local(self._sessions(self.milonga))]
        self.assertNotIn("2027-03-25", days)
        self.assertNotIn("2027-05-06", days)
        self.assertEqual(len(days), 6)
        self.club.country_id = self.env.ref("base.dk")
        plan = self._plan(weekday="3", date_first=date(2027, 3, 18), weeks=2)
        self.assertFalse(plan.skip_holidays)
        plan.skip_holidays = True
        with self.assertRaisesRegex(UserError, "no holiday calendar for the country"):
            plan.action_plan()

    def test_planning_again_adds_only_what_is_missing(self):
        """Planning the same schedule again creates nothing twice; a session edited on its
        own stays as edited; a longer schedule adds the weeks after."""
        schedule = {"weekday": "1", "date_first": date(2027, 2, 1), "weeks": 3}
        self._plan(**schedule).action_plan()
        sessions = self._sessions(self.milonga)
        self.assertEqual(len(sessions), 3)
        sessions[1].with_user(self.leader).write(
            {"note": "In the big hall", "leader_ids": [Command.clear()]}
        )
        plan = self._plan(**schedule)
        self.assertIn("2027-02-09 18:00 (planned already)", plan.preview)
        plan.action_plan()
        self.assertEqual(self._sessions(self.milonga), sessions)
        self.assertEqual(sessions[1].note, "In the big hall")
        self.assertFalse(sessions[1].leader_ids)
        self._plan(**dict(schedule, weeks=5)).action_plan()
        self.assertEqual(len(self._sessions(self.milonga)), 5)
        self.assertEqual(self._local(self._sessions(self.milonga))[-1], "2027-03-02 18:00")
        # a session moved by its leader moves the course's end with it
        last = self._sessions(self.milonga)[-1]
        last.with_user(self.leader).date_end = datetime(2027, 3, 2, 19, 0)
        self.assertEqual(self.milonga.date_end, datetime(2027, 3, 2, 19, 0))
        last.unlink()
        self.assertEqual(self.milonga.date_end, datetime(2027, 2, 23, 18, 30))

    def test_bad_schedule_refused(self):
        plan = (
            self.env["event.course.session.plan"]
            .with_user(self.staff)
            .create(
                {
                    "event_id": self.milonga.id,
                    "weekday": "1",
                    "date_first": date(2027, 2, 1),
                    "weeks": 0,
                    "duration": 0,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "at least one week") as caught:
            plan.action_plan()
        self.assertIn("duration must be more than 0", str(caught.exception))
        self.assertFalse(self._sessions(self.milonga))
