from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestCancellation(CourseCase):
    """The club's terms: free until 14 days before the first day, then a fee of 200, no
    refund from the first day on. Tests move Milonga's start around today (2027-01-10)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="cancel_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.terms = cls.env["event.course.cancellation.terms"].create(
            {
                "name": "Standard",
                "company_id": cls.club.id,
                "tier_ids": [
                    Command.create({"days_before": 14, "fee_type": "fixed", "amount": 200}),
                    Command.create({"days_before": 0, "fee_type": "all"}),
                ],
            }
        )
        cls.club.course_cancellation_terms_id = cls.terms

    def _start_in(self, course, days):
        """``course`` starts ``days`` after today, at 18:00 in Stockholm."""
        start = date.fromisoformat(self.TODAY) + timedelta(days=days)
        course.date_begin = datetime.combine(start, time(17, 0))

    def _register(self, course, person, **extra):
        return course.with_user(self.staff)._course_register([{"partner": person, **extra}])

    def _cancel(self, registration, **kwargs):
        """Cancel as staff; the credit notes, read as the test's accountant."""
        return registration.with_user(self.staff)._course_cancel(**kwargs).with_env(self.env)

    def _pay(self, invoice, amount=None):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount or invoice.amount_residual})._create_payments()

    def test_tiers(self):
        fee = self.club.currency_id.format(200)
        self.assertEqual(
            self.terms.tier_ids.mapped("name"),
            [f"from 14 days before the start: fee {fee}", "from the start: no refund"],
        )
        course = self.milonga
        for days, expected in (
            (15, ""),
            (14, "fee"),
            (1, "fee"),
            (0, "no refund"),
            (-3, "no refund"),
        ):
            self._start_in(course, days)
            tier = self.terms._course_tier(course)
            self.assertEqual(bool(tier), bool(expected), days)
            if tier:
                self.assertIn(expected, tier.name, days)

    def test_free_the_day_before_the_limit(self):
        """15 days before: free. Anders's invoice of 1100 is unpaid: the credit note of the
        course (1000) settles it, only his membership fee (not refunded) remains to pay."""
        self._start_in(self.milonga, 15)
        registration = self._register(self.milonga, self.anders)
        invoice = registration.course_invoice_id
        credit_note = self._cancel(registration)
        self.assertEqual(registration.state, "cancel")
        self.assertEqual(registration.course_cancel_fee, 0.0)
        self.assertEqual(registration.course_credit_note_id, credit_note)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.amount_total, 1000.0)
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertEqual(
            credit_note.invoice_line_ids.account_id, self.income_dance, "booked back on the course"
        )
        membership = self.env["membership.membership_line"].search(
            [("partner", "=", self.anders.id), ("period_id", "=", self.spring.id)]
        )
        self.assertTrue(membership, "the membership stays")

    def test_fee_on_the_day_of_the_limit(self):
        """14 days before: the fee of 200; the unpaid invoice is credited 800, 200 and the
        membership fee remain to pay."""
        self._start_in(self.milonga, 14)
        registration = self._register(self.milonga, self.anders)
        invoice = registration.course_invoice_id
        credit_note = self._cancel(registration)
        self.assertEqual(registration.course_cancel_fee, 200.0)
        self.assertEqual(credit_note.amount_total, 800.0)
        fee_line = credit_note.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertEqual(
            fee_line.name,
            "Cancellation fee: from 14 days before the start: fee "
            + self.club.currency_id.format(200),
        )
        self.assertEqual(fee_line.course_event_id, self.milonga)
        self.assertEqual(invoice.amount_residual, 300.0)
        self.assertFalse(self.milonga._course_credit(self.anders))

    def test_no_refund_after_the_start(self):
        self._start_in(self.milonga, -1)
        registration = self._register(self.milonga, self.anders)
        invoice = registration.course_invoice_id
        credit_note = self._cancel(registration)
        self.assertFalse(credit_note)
        self.assertEqual(registration.state, "cancel")
        self.assertEqual(registration.course_cancel_fee, 1000.0)
        self.assertEqual(invoice.amount_residual, 1100.0)

    def test_course_day_in_stockholm(self):
        """At 23:30 UTC it is already the next day in Stockholm: 14 days left, the fee."""
        self._start_in(self.milonga, 15)
        registration = self._register(self.milonga, self.anders)
        with freeze_time("2027-01-10 22:59:00"):
            self.assertEqual(registration._course_cancellation()["fee"], 0.0)
        with freeze_time("2027-01-10 23:30:00"):
            self.assertEqual(registration._course_cancellation()["fee"], 200.0)

    def test_story_credit_used_on_the_next_registration(self):
        """The story's figures: Maria's second course this term costs 800, paid; she cancels
        14 days before the start: 200 fee, her credit is 600, used on her next registration
        (another second course of 800: 200 left to pay)."""
        milonga = self._register(self.milonga, self.maria)
        self._pay(milonga.course_invoice_id)  # 1000, 600 of it by her earlier credit
        self._start_in(self.fortsattare, 14)
        tango = self._register(self.fortsattare, self.maria)
        self.assertEqual(tango.course_invoice_id.amount_total, 800.0)
        self._pay(tango.course_invoice_id)
        self.assertEqual(tango.course_invoice_id.payment_state, "paid")
        credit_note = self._cancel(tango)
        self.assertEqual(credit_note.amount_total, 600.0)
        self.assertEqual(credit_note.amount_residual, 600.0)
        self.assertEqual(credit_note.payment_state, "not_paid")
        self.assertEqual(
            -sum(self.milonga._course_credit(self.maria).mapped("amount_residual")), 600.0
        )
        vals = self._course("Vals")
        quote = vals._course_quote(self.maria)
        self.assertEqual((quote["total"], quote["credit"], quote["to_pay"]), (800.0, 600.0, 200.0))
        registration = self._register(vals, self.maria)
        self.assertEqual(registration.course_credit_used, 600.0)
        self.assertEqual(registration.course_invoice_id.amount_residual, 200.0)
        self.assertEqual(credit_note.payment_state, "paid")

    def test_refund_asked_for(self):
        """Paid, and the money asked back: the credit is flagged to be paid back (a to-do for
        the course's responsible) and is not used as credit."""
        self._start_in(self.milonga, 20)
        self.milonga.user_id = self.env.user
        registration = self._register(self.milonga, self.anders)
        self._pay(registration.course_invoice_id)
        credit_note = self._cancel(registration, refund=True)
        self.assertEqual(credit_note.amount_residual, 1000.0)
        self.assertTrue(credit_note.course_refund_requested)
        self.assertEqual(credit_note.activity_ids.user_id, self.env.user)
        self.assertFalse(self.fortsattare._course_credit(self.anders))
        # paid back by the standard payment on the credit note
        self._pay(credit_note)
        self.assertEqual(credit_note.payment_state, "paid")

    def test_unpaid_refund_asks_nothing(self):
        registration = self._register(self.milonga, self.anders)
        self._start_in(self.milonga, 20)
        credit_note = self._cancel(registration, refund=True)
        self.assertFalse(credit_note.course_refund_requested)
        self.assertFalse(credit_note.activity_ids)

    def test_wizard_and_waiting_list(self):
        """Staff cancel with the button: they see the fee first; the freed place is offered
        to the next on the waiting list."""
        self._start_in(self.milonga, 10)
        self.milonga.write({"seats_limited": True, "seats_max": 1})
        registration = self._register(self.milonga, self.anders)
        entry = self.milonga.with_user(self.staff)._course_join_waitlist([{"partner": self.maria}])
        action = registration.with_user(self.staff).action_course_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.staff)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(
            (wizard.course_amount, wizard.fee, wizard.credit, wizard.invoice_paid),
            (1000.0, 200.0, 800.0, 0.0),
        )
        wizard.action_confirm()
        self.assertEqual(registration.state, "cancel")
        self.assertEqual(entry.state, "offered")
        with self.assertRaisesRegex(UserError, "cancelled already"):
            self._cancel(registration)

    def test_course_terms_before_the_organisation(self):
        lenient = self.env["event.course.cancellation.terms"].create(
            {
                "name": "Lenient",
                "company_id": self.club.id,
                "tier_ids": [
                    Command.create({"days_before": 2, "fee_type": "percent", "amount": 10})
                ],
            }
        )
        self.milonga.course_cancellation_terms_id = lenient
        self._start_in(self.milonga, 2)
        registration = self._register(self.milonga, self.anders)
        self.assertEqual(registration._course_cancellation()["fee"], 100.0)
        self._start_in(self.milonga, 3)
        self.assertEqual(registration._course_cancellation()["fee"], 0.0)

    def test_other_organisation_refused(self):
        registration = self._register(self.milonga, self.anders)
        other = self.setup_other_company(name="Other club")["company"]
        staff_b = new_test_user(
            self.env,
            login="cancel_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaises(AccessError):
            registration.with_user(staff_b)._course_cancel()
        with self.assertRaises(AccessError):
            self.terms.with_user(staff_b).read(["name"])
        self.assertEqual(registration.state, "open")
        self.assertFalse(registration.course_credit_note_id)
