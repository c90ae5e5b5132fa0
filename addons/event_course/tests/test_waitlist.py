from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.event_course.exceptions import CourseRegistrationRefused

from .common import CourseCase


class WaitlistMixin:
    """Milonga has one seat, taken by Anders; staff of the club put people on its waiting
    list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="waitlist_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.kim = cls._person("Kim Nilsson", date(1995, 1, 1))
        cls.eva = cls._person("Eva Lund", date(1992, 2, 2))
        cls.milonga.write({"seats_limited": True, "seats_max": 1})
        cls.anders_reg = cls.milonga.with_user(cls.staff)._course_register(
            [{"partner": cls.anders}]
        )

    def _join(self, course, *people, **extra):
        return course.with_user(self.staff)._course_join_waitlist(
            [{"partner": person, **extra} for person in people]
        )

    def _offer_messages(self, entry):
        return entry.message_ids.filtered(
            lambda message: message.message_type == "comment" and entry.access_token in message.body
        )


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestWaitlist(WaitlistMixin, CourseCase):
    def test_join_refused_when_registered_or_waiting(self):
        with self.assertRaisesRegex(CourseRegistrationRefused, "Anders Berg is already registered"):
            self._join(self.milonga, self.anders)
        entry = self._join(self.milonga, self.maria)
        self.assertEqual((entry.state, entry.position), ("waiting", 1))
        with self.assertRaisesRegex(
            CourseRegistrationRefused, "Maria Svensson is already on the waiting list of Milonga"
        ):
            self._join(self.milonga, self.kim, self.maria)
        self.assertEqual(self._join(self.milonga, self.kim).position, 2)
        # a refusal that is not for want of a place is no reason to wait
        with self.assertRaisesRegex(CourseRegistrationRefused, "Eva Lund is not approved"):
            self._join(self.fortsattare, self.eva)

    def test_offer_on_cancellation(self):
        """Anders cancels: Maria, first in line, is offered his place for 48 hours by e-mail
        with her own link; meanwhile the place is hers, nobody else registers on it."""
        maria = self._join(self.milonga, self.maria)
        kim = self._join(self.milonga, self.kim)
        self.anders_reg.with_user(self.staff)._course_cancel()
        self.assertEqual(maria.state, "offered")
        self.assertEqual(maria.offer_deadline, datetime(2027, 1, 12, 0, 0))
        self.assertTrue(maria.access_token)
        message = self._offer_messages(maria)
        self.assertEqual(len(message), 1)
        self.assertIn("a place for you on Milonga", message.subject)
        self.assertIn(self.maria, message.partner_ids)
        self.assertIn(f"/course/offer/{maria.id}?access_token={maria.access_token}", message.body)
        self.assertEqual(kim.state, "waiting")
        self.assertEqual(kim.position, 1)
        with self.assertRaisesRegex(CourseRegistrationRefused, "Milonga has 0 free places"):
            self.milonga.with_user(self.staff)._course_register([{"partner": self.eva}])
        self.assertEqual(self.milonga.with_user(self.staff).course_waitlist_count, 2)

    def test_expiry_moves_on(self):
        """Maria does not answer within the organisation's 24 hours: her offer expires and
        Kim, next in line, is offered the place; Maria's old link no longer works."""
        self.club.course_offer_hours = 24
        maria = self._join(self.milonga, self.maria)
        kim = self._join(self.milonga, self.kim)
        self.anders_reg.with_user(self.staff)._course_cancel()
        self.assertEqual(maria.offer_deadline, datetime(2027, 1, 11, 0, 0))
        cron = self.env.ref("event_course.ir_cron_course_waitlist_expire")
        with freeze_time("2027-01-10 23:59:00"):
            cron.method_direct_trigger()
            self.assertEqual((maria.state, kim.state), ("offered", "waiting"))
        with freeze_time("2027-01-11 00:00:00"):
            self.assertFalse(maria._course_offer_open())
            with self.assertRaisesRegex(UserError, "no longer open"):
                maria._course_accept_offer()
            cron.method_direct_trigger()
            self.assertEqual((maria.state, kim.state), ("expired", "offered"))
            self.assertEqual(kim.offer_deadline, datetime(2027, 1, 12, 0, 0))
            self.assertTrue(self._offer_messages(kim))

    def test_accept_registers_and_invoices(self):
        maria = self._join(self.milonga, self.maria, pay="card")
        self.anders_reg.with_user(self.staff)._course_cancel()
        registration = maria._course_accept_offer()
        self.assertEqual(maria.state, "registered")
        self.assertEqual(maria.registration_id, registration)
        self.assertEqual(registration.state, "open")
        # priced again at registration: 1000, her credit of 600 used
        invoice = registration.course_invoice_id
        self.assertEqual(invoice.amount_total, 1000.0)
        self.assertEqual(invoice.amount_residual, 400.0)
        self.assertEqual(registration.course_credit_used, 600.0)
        with self.assertRaisesRegex(UserError, "no longer open"):
            maria._course_accept_offer()

    def test_accept_refused_by_the_checks(self):
        """Kim now owes an overdue invoice: accepting is refused with the reason, kept on the
        entry; the offer stays open to accept once paid."""
        kim = self._join(self.milonga, self.kim)
        self.anders_reg.with_user(self.staff)._course_cancel()
        overdue = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.kim.id,
                "invoice_date": date(2026, 12, 1),
                "invoice_date_due": date(2026, 12, 31),
                "invoice_line_ids": [
                    Command.create({"product_id": self.dues.id, "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        overdue.action_post()
        with self.assertRaisesRegex(CourseRegistrationRefused, "Kim Nilsson owes a payment"):
            kim._course_accept_offer()
        self.assertEqual(kim.state, "offered")
        self.assertIn("owes a payment", kim.offer_problem)
        self.assertFalse(self.milonga.registration_ids.filtered(lambda r: r.partner_id == self.kim))

    def test_role_balance_order(self):
        """No margin: with a leader and a follower registered, a follower and then a leader
        wait. The leader cancels: the follower, first in line, would unbalance the roles and
        is skipped; the leader behind her is offered the place."""
        self.milonga.write(
            {"seats_limited": False, "course_role_balance": True, "course_role_margin": 0}
        )
        self.anders_reg.course_role = "leader"
        self.milonga.with_user(self.staff)._course_register(
            [{"partner": self.maria, "role": "follower"}]
        )
        eva = self._join(self.milonga, self.eva, role="follower")
        kim = self._join(self.milonga, self.kim, role="leader")
        self.assertEqual((eva.state, kim.state), ("waiting", "waiting"))
        self.anders_reg.with_user(self.staff)._course_cancel()
        self.assertEqual((eva.state, kim.state), ("waiting", "offered"))
        # the leader's place is held: another leader cannot take it meanwhile
        stranger = self._person("Olle Ek", date(1980, 1, 1))
        with self.assertRaisesRegex(CourseRegistrationRefused, "balances leaders and followers"):
            self.milonga.with_user(self.staff)._course_register(
                [{"partner": stranger, "role": "leader"}]
            )
        kim._course_accept_offer()
        self.assertEqual(
            self.milonga.registration_ids.filtered(lambda r: r.state == "open")
            .mapped("course_role")
            .count("leader"),
            1,
        )

    def test_couple_offered_together_when_seats_are_raised(self):
        """A couple waits together: two more seats offer both the place; one of them
        accepting registers both, together."""
        maria, kim = self._join(self.milonga, self.maria, self.kim)
        eva = self._join(self.milonga, self.eva)
        self.assertEqual(maria.together_id, kim)
        self.milonga.seats_max = 2
        # one seat: the couple does not fit, Eva behind them does
        self.assertEqual((maria.state, kim.state, eva.state), ("waiting", "waiting", "offered"))
        self.milonga.seats_max = 4
        self.assertEqual((maria.state, kim.state), ("offered", "offered"))
        registrations = kim._course_accept_offer()
        self.assertEqual(registrations.partner_id, self.maria | self.kim)
        self.assertEqual(registrations[0].course_partner_registration_id, registrations[1])
        self.assertEqual((maria.state, kim.state), ("registered", "registered"))

    def test_staff_offer_and_withdraw(self):
        maria = self._join(self.milonga, self.maria)
        kim = self._join(self.milonga, self.kim)
        with self.assertRaisesRegex(UserError, "Milonga has 0 free places"):
            kim.with_user(self.staff).action_offer()
        self.milonga.seats_max = 2
        self.assertEqual(maria.state, "offered")
        # Maria cannot come: staff withdraw her, the place goes to Kim
        maria.with_user(self.staff).action_withdraw()
        self.assertEqual((maria.state, kim.state), ("withdrawn", "offered"))
        # Kim lets it expire; staff offer it to him again by hand
        with freeze_time("2027-01-13"):
            self.env["event.course.waitlist"]._cron_course_expire_offers()
            self.assertEqual(kim.state, "expired")
            kim.with_user(self.staff).action_offer()
            self.assertEqual(kim.state, "offered")
            self.assertEqual(kim.offer_deadline, datetime(2027, 1, 15, 0, 0))

    def test_registered_otherwise_leaves_the_list(self):
        maria = self._join(self.milonga, self.maria)
        self.milonga.seats_max = 3
        self.assertEqual(maria.state, "offered")
        registration = self.milonga.with_user(self.staff)._course_register(
            [{"partner": self.maria}]
        )
        self.assertEqual((maria.state, maria.registration_id), ("registered", registration))

    def test_other_organisation(self):
        entry = self._join(self.milonga, self.maria)
        other = self.setup_other_company(name="Other club")["company"]
        staff_b = new_test_user(
            self.env,
            login="waitlist_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaises(AccessError):
            entry.with_user(staff_b).read(["partner_id"])
        with self.assertRaises(AccessError):
            entry.with_user(staff_b).action_withdraw()
        with self.assertRaises(AccessError):
            self.milonga.with_user(staff_b)._course_join_waitlist([{"partner": self.kim}])
        self.assertFalse(
            self.env["event.course.waitlist"].with_user(staff_b).search([("id", "=", entry.id)])
        )
        self.assertEqual(entry.state, "waiting")

    def test_course_leader_sees_no_waiting_list(self):
        """A course leader reads their course and its registrations (to take attendance):
        the waiting list, the cancellation terms and cancelling are not in their views."""
        leader = new_test_user(
            self.env,
            login="waitlist_leader",
            groups="base.group_user,event_course.group_course_leader",
            company_id=self.club.id,
            company_ids=[Command.set(self.club.ids)],
        )
        self.milonga.teacher_ids = leader
        self._join(self.milonga, self.maria)
        for model, names in (
            ("event.event", ("course_waitlist_count", "course_cancellation_terms_id")),
            ("event.registration", ("action_course_cancel",)),
        ):
            arch = self.env[model].with_user(leader).get_views([(False, "form")])["views"]["form"]
            for name in names:
                self.assertNotIn(f'name="{name}"', arch["arch"], model)
        staff_arch = self.env["event.event"].with_user(self.staff).get_views([(False, "form")])
        self.assertIn('name="course_waitlist_count"', staff_arch["views"]["form"]["arch"])
        with self.assertRaises(AccessError):
            self.milonga.with_user(leader).course_waitlist_ids.read(["partner_id"])
