from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestCourseSecurity(CourseCase):
    """What the course's flows set is not typed in, records stay in their organisation, and
    leaders see and change only what their course needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {
            "staff": "association_base.group_association_user",
            "manager": "association_base.group_association_manager",
            "leader": "event_course.group_course_leader",
        }
        for role, group in users.items():
            user = new_test_user(
                cls.env,
                login=f"security_{role}",
                groups=f"base.group_user,{group}",
                company_id=cls.club.id,
                company_ids=[Command.set(cls.club.ids)],
            )
            setattr(cls, role, user)
        cls.fortsattare.teacher_ids = cls.leader
        cls.other = cls.setup_other_company(name="Other club")["company"]
        cls.registration = cls.fortsattare._course_register([{"partner": cls.anders}])
        cls.session = cls.env["event.course.session"].create(
            {
                "event_id": cls.fortsattare.id,
                "date_begin": datetime(2027, 1, 20, 17, 0),
                "date_end": datetime(2027, 1, 20, 18, 30),
            }
        )

    def test_managed_fields_not_typed_in(self):
        maria = self.milonga._course_register([{"partner": self.maria}])
        registration = self.registration.with_user(self.staff)
        for vals in (
            {"course_invoice_id": maria.course_invoice_id.id},
            {"course_partner_registration_id": maria.id},
            {"course_credit_used": 1000},
            {"course_payer_id": self.maria.id},
        ):
            with self.assertRaisesRegex(UserError, "not by hand"):
                registration.write(vals)
        registration.course_role = "leader"  # what staff may change
        self.assertEqual(self.registration.course_invoice_id.partner_id, self.anders)

    def test_not_moved_into_another_organisation(self):
        with self.assertRaises(AccessError):
            self.discount.with_user(self.manager).write({"company_id": self.other.id})
        # the course's fee, term and category are the organisation's: refused either way
        with self.assertRaises(UserError):
            self.milonga.with_user(self.manager).write({"company_id": self.other.id})
        self.assertEqual(self.discount.company_id, self.club)

    def test_course_relations_of_its_own_organisation(self):
        tango_b = self.env["event.course.category"].create(
            {"name": "Tango B", "company_id": self.other.id}
        )
        level_b = self.env["event.course.level"].create(
            {"name": "Level B", "category_id": tango_b.id}
        )
        with self.assertRaises(UserError):
            self.milonga.required_level_ids = level_b
        with self.assertRaises(ValidationError):
            self.milonga.company_id = False

    def test_leader(self):
        leader = self.registration.with_user(self.leader)
        leader.read(["partner_id", "course_role"])
        with self.assertRaises(AccessError):
            leader.read(["course_invoice_id"])
        with self.assertRaises(AccessError):
            leader.read(["course_payer_id"])
        # approvals go through the wizard (its checks), not directly
        with self.assertRaises(AccessError):
            self.env["event.course.level.approval"].with_user(self.leader).create(
                {
                    "partner_id": self.maria.id,
                    "level_id": self.tango_3.id,
                    "event_id": self.fortsattare.id,
                }
            )
        # a session of their course: a note (or another time) yes, to another course no
        session = self.session.with_user(self.leader)
        session.note = "Bring shoes"
        with self.assertRaises(AccessError):
            session.write({"event_id": self.milonga.id})
        # attendance is marked in their name, whatever is sent
        attendance = (
            self.env["event.course.attendance"]
            .with_user(self.leader)
            .create(
                {
                    "session_id": self.session.id,
                    "registration_id": self.registration.id,
                    "marked_by_id": self.staff.id,
                }
            )
        )
        self.assertEqual(attendance.marked_by_id, self.leader)

    def test_waiting_list_links_not_typed_in(self):
        self.milonga.write({"seats_limited": True, "seats_max": 1})
        self.milonga._course_register([{"partner": self.maria}])
        entry = self.milonga.with_user(self.staff)._course_join_waitlist([{"partner": self.anders}])
        with self.assertRaisesRegex(UserError, "not set by hand"):
            entry.write({"registration_id": self.registration.id})
