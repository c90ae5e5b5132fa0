from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CourseCase, CourseHttpCase


def _staff(env, company, login):
    return new_test_user(
        env,
        login=login,
        groups="base.group_user,association_base.group_association_user",
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
    )


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestRegisterWizard(CourseCase):
    """Staff register at the desk: the checks and the price first, then the registration."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = _staff(cls.env, cls.club, "wizard_staff")

    def _wizard(self, course, **vals):
        return (
            self.env["event.course.register"]
            .with_user(self.staff)
            .create({"event_id": course.id, **vals})
        )

    def test_price_then_register_together(self):
        self.fortsattare.course_role_balance = True
        wizard = self._wizard(
            self.fortsattare,
            partner_id=self.maria.id,
            role="follower",
            partner2_id=self.anders.id,
        )
        self.assertEqual(wizard.role2, "leader")
        self.assertFalse(wizard.refused)
        self.assertIn("Membership Spring 2027", wizard.preview)
        self.assertIn("o_course_credit", wizard.preview)  # Maria's 600
        self.assertFalse(self.fortsattare.registration_ids, "nothing registered by the preview")
        wizard.action_register()
        registrations = self.fortsattare.registration_ids
        self.assertEqual(registrations.partner_id, self.maria | self.anders)
        self.assertEqual(sorted(registrations.mapped("course_role")), ["follower", "leader"])

    def test_refused_and_waiting_list(self):
        stranger = self._person("Kim Nilsson")
        wizard = self._wizard(self.fortsattare, partner_id=stranger.id)
        self.assertTrue(wizard.refused)
        self.assertFalse(wizard.waitlist)
        self.assertIn("Kim Nilsson is not approved for Tango", wizard.preview)
        self.milonga.write({"seats_limited": True, "seats_max": 1})
        self._wizard(self.milonga, partner_id=self.maria.id).action_register()
        wizard = self._wizard(self.milonga, partner_id=self.anders.id)
        self.assertTrue(wizard.waitlist)
        wizard.action_waitlist()
        waiting = self.env["event.course.waitlist"].search([("event_id", "=", self.milonga.id)])
        self.assertEqual(waiting.partner_id, self.anders)


@tagged("post_install", "-at_install")
class TestRegisterTour(CourseHttpCase):
    def test_staff_register_at_the_desk(self):
        _staff(self.env, self.club, "desk_staff")
        self.start_tour(
            f"/odoo/action-event_course.event_course_action?cids={self.club.id}",
            "event_course_register_staff",
            login="desk_staff",
        )
        registration = self.milonga.registration_ids
        self.assertEqual(registration.partner_id, self.anders)
        self.assertEqual(registration.course_invoice_id.amount_total, 1100)
