from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestLevelApprove(CourseCase):
    """At the end of Tango Fortsättare (it teaches Tango 2) its teacher approves the
    participants, seeing who came how often."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher, cls.other_teacher = (
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_user,event_course.group_course_leader",
                company_id=cls.club.id,
                company_ids=[Command.set(cls.club.ids)],
            )
            for login in ("approve_teacher", "approve_other_teacher")
        )
        cls.fortsattare.teacher_ids = cls.teacher
        cls.milonga.teacher_ids = cls.other_teacher
        Registration = cls.env["event.registration"].with_context(event_course_registering=True)
        cls.maria_reg, cls.anders_reg = Registration.create(
            [
                {"event_id": cls.fortsattare.id, "partner_id": cls.maria.id, "state": "open"},
                {"event_id": cls.fortsattare.id, "partner_id": cls.anders.id, "state": "open"},
            ]
        )
        # two sessions held, one to come
        held_1, held_2, _coming = cls.env["event.course.session"].create(
            [
                {
                    "event_id": cls.fortsattare.id,
                    "date_begin": datetime(2027, 1, day, 17),
                    "date_end": datetime(2027, 1, day, 18, 30),
                }
                for day in (3, 6, 13)
            ]
        )
        cls.env["event.course.attendance"].create(
            [
                {"session_id": held_1.id, "registration_id": cls.maria_reg.id},
                {"session_id": held_2.id, "registration_id": cls.maria_reg.id},
                {"session_id": held_1.id, "registration_id": cls.anders_reg.id},
                {
                    "session_id": held_2.id,
                    "registration_id": cls.anders_reg.id,
                    "state": "absent",
                },
            ]
        )

    def _wizard(self, user):
        return (
            self.env["event.course.level.approve"]
            .with_user(user)
            .with_context(default_event_id=self.fortsattare.id)
            .create({})
        )

    def test_teacher_approves(self):
        """The teacher sees Maria present at 2 of 2 sessions held and Anders at 1; Anders
        holds Tango 2 already (from elsewhere) and is left as he is."""
        self.env["event.course.level.approval"].create(
            {"partner_id": self.anders.id, "level_id": self.tango_2.id}
        )
        wizard = self._wizard(self.teacher)
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.maria, self.anders})
        self.assertEqual(
            [
                (line.present_count, line.sessions_held)
                for line in (lines[self.maria], lines[self.anders])
            ],
            [(2, 2), (1, 2)],
        )
        self.assertEqual(
            (lines[self.maria].already_approved, lines[self.anders].already_approved),
            (False, True),
        )
        wizard.line_ids.approve = True
        wizard.action_approve()
        approval = self.env["event.course.level.approval"].search(
            [("level_id", "=", self.tango_2.id), ("partner_id", "=", self.maria.id)]
        )
        self.assertEqual(approval.event_id, self.fortsattare)
        self.assertEqual(approval.approved_by_id, self.teacher)
        self.assertEqual(
            self.env["event.course.level.approval"].search_count(
                [("level_id", "=", self.tango_2.id)]
            ),
            2,
        )
        # once more: nothing twice
        wizard = self._wizard(self.teacher)
        self.assertTrue(all(wizard.line_ids.mapped("already_approved")))
        wizard.line_ids.approve = True
        wizard.action_approve()
        self.assertEqual(
            self.env["event.course.level.approval"].search_count(
                [("level_id", "=", self.tango_2.id)]
            ),
            2,
        )

    def test_only_ticked_participants_of_the_course(self):
        """Only the ticked are approved, and only people registered for the course: a line
        sent with another person is not taken."""
        wizard = self._wizard(self.teacher)
        stranger = self._person("Kim Nilsson")
        maria_line = wizard.line_ids.filtered(lambda line: line.partner_id == self.maria)
        maria_line.write({"approve": True, "partner_id": stranger.id})
        wizard.action_approve()
        approved = self.env["event.course.level.approval"].search(
            [("level_id", "=", self.tango_2.id)]
        )
        self.assertEqual(approved.partner_id, self.maria)

    def test_leader_of_another_course_refused(self):
        with self.assertRaises(AccessError):
            self._wizard(self.other_teacher)
        with self.assertRaises(AccessError):
            self.env["event.course.level.approval"].with_user(self.other_teacher).create(
                {
                    "partner_id": self.maria.id,
                    "level_id": self.tango_2.id,
                    "event_id": self.fortsattare.id,
                }
            )
        self.assertFalse(
            self.env["event.course.level.approval"].search([("level_id", "=", self.tango_2.id)])
        )
