from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.event_course.exceptions import CourseRegistrationRefused

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestCourseRegistration(CourseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="course_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )

    def _register(self, course, *people, user=None, **extra):
        participants = [{"partner": person, **extra} for person in people]
        return course.with_user(user or self.staff)._course_register(participants)

    # -- price ------------------------------------------------------------------------------------
    def test_quote_story(self):
        """Maria, a member already registered for Milonga this term, with a credit of 600:
        1000 − 200 (second course) = 800, of which the credit pays 600. Anders is not a
        member: 1000 + membership 100 = 1100."""
        self._register(self.milonga, self.maria)
        maria = self.fortsattare._course_quote(self.maria)
        self.assertEqual(self._lines(maria), [("course", 1000.0), ("discount", -200.0)])
        self.assertIn("Milonga", maria["lines"][1]["name"])
        # Milonga's invoice of 800 used the credit already: none left
        self.assertEqual((maria["total"], maria["credit"], maria["to_pay"]), (800.0, 0.0, 800.0))
        anders = self.fortsattare._course_quote(self.anders)
        self.assertEqual(self._lines(anders), [("course", 1000.0), ("membership", 100.0)])
        self.assertEqual(anders["lines"][1]["name"], "Membership Spring 2027")
        self.assertEqual((anders["total"], anders["credit"], anders["to_pay"]), (1100.0, 0, 1100.0))

    def test_register_together_story(self):
        """Maria's Milonga registration was made and paid earlier (her credit is left for the
        tango course): registering together, Maria's 800 uses her 600 credit (200 to pay by card),
        Anders gets 1100 with his membership of the term registered."""
        self.env["event.registration"].with_context(event_course_registering=True).create(
            {"event_id": self.milonga.id, "partner_id": self.maria.id, "name": "Maria"}
        )
        maria_reg, anders_reg = self.fortsattare.with_user(self.staff)._course_register(
            [
                {"partner": self.maria, "role": "follower", "pay": "card"},
                {"partner": self.anders, "role": "leader", "pay": "invoice"},
            ]
        )
        self.assertEqual(maria_reg.course_partner_registration_id, anders_reg)
        self.assertEqual(anders_reg.course_partner_registration_id, maria_reg)
        self.assertEqual(maria_reg.state, "open")
        invoice = maria_reg.course_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 800.0)
        self.assertEqual(invoice.amount_residual, 200.0)
        self.assertEqual(maria_reg.course_credit_used, 600.0)
        self.assertEqual(self.credit_note.payment_state, "paid")
        course_lines = invoice.invoice_line_ids.filtered("course_event_id")
        self.assertEqual(course_lines.mapped("price_subtotal"), [1000.0, -200.0])
        self.assertEqual(course_lines.account_id, self.income_dance)
        invoice = anders_reg.course_invoice_id
        self.assertEqual(invoice.amount_total, 1100.0)
        self.assertEqual(invoice.amount_residual, 1100.0)
        self.assertEqual(invoice.billing_key, f"course:{anders_reg.id}")
        membership = self.env["membership.membership_line"].search(
            [("partner", "=", self.anders.id), ("period_id", "=", self.spring.id)]
        )
        self.assertEqual(membership.account_invoice_line.move_id, invoice)
        self.assertEqual(membership.member_price, 100.0)

    def test_credit_used_once(self):
        """Two registrations of one payer with a credit of 600: the first uses it, the second
        finds none left."""
        first = self._register(self.milonga, self.maria)
        self.assertEqual(first.course_credit_used, 600.0)
        self.assertEqual(first.course_invoice_id.amount_residual, 400.0)
        second = self._register(self.fortsattare, self.maria)
        self.assertEqual(second.course_credit_used, 0.0)
        self.assertEqual(second.course_invoice_id.amount_residual, 800.0)

    def test_other_payer(self):
        """A parent pays their child's course: the invoice and the credit are the payer's."""
        parent = self._person("Eva Svensson", date(1960, 1, 1))
        self._credit(parent, 300)
        registration = self._register(self.milonga, self.anders, payer=parent)
        invoice = registration.course_invoice_id
        self.assertEqual(invoice.partner_id, parent)
        self.assertEqual(registration.course_credit_used, 300.0)
        self.assertEqual(invoice.amount_residual, 800.0)

    def test_pricelist_of_customer_type(self):
        """A student (a valid student card) pays the student pricelist's price."""
        student = self.env.ref("association_base.customer_type_student")
        self.env["product.pricelist"].create(
            {
                "name": "Students",
                "company_id": self.club.id,
                "customer_type_ids": [Command.set(student.ids)],
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": self.course_fee.product_tmpl_id.id,
                            "compute_price": "percentage",
                            "percent_price": 20,
                        }
                    )
                ],
            }
        )
        self.env["association.certificate"].create(
            {
                "partner_id": self.anders.id,
                "company_id": self.club.id,
                "customer_type_id": student.id,
                "name": "Student card",
                "date_from": date(2026, 8, 1),
                "date_to": date(2027, 6, 30),
            }
        )
        quote = self.milonga._course_quote(self.anders)
        self.assertEqual(self._lines(quote), [("course", 800.0), ("membership", 100.0)])
        self.assertEqual(self.milonga._course_quote(self.maria)["lines"][0]["amount"], 1000.0)

    def test_cheaper_course_discount(self):
        """50 % off the cheaper course: registering for a dearer course after a cheaper one
        gives half the cheaper one's price off."""
        self.discount.write({"kind": "cheaper", "amount_type": "percent", "amount": 50})
        cheap_fee = self._create_product(name="Short course", lst_price=600.0, taxes_id=[])
        self.milonga.course_product_id = cheap_fee
        self._register(self.milonga, self.maria)
        quote = self.fortsattare._course_quote(self.maria)
        self.assertEqual(self._lines(quote), [("course", 1000.0), ("discount", -300.0)])

    # -- checks -----------------------------------------------------------------------------------
    def test_missing_level_refused(self):
        stranger = self._person("Kim Nilsson", date(1995, 1, 1))
        with self.assertRaisesRegex(
            CourseRegistrationRefused, "Kim Nilsson is not approved for Tango – Tango 1"
        ) as caught:
            self._register(self.fortsattare, stranger)
        self.assertFalse(caught.exception.waitlist)
        self.assertFalse(self.fortsattare.registration_ids)
        # approved for a higher level of the category: Tango 1 is covered
        self.env["event.course.level.approval"].create(
            {"partner_id": stranger.id, "level_id": self.tango_3.id}
        )
        self.assertTrue(self._register(self.fortsattare, stranger))

    def test_overdue_invoice_refused(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.anders.id,
                "invoice_date": date(2026, 12, 1),
                "invoice_date_due": date(2026, 12, 31),
                "invoice_line_ids": [
                    Command.create({"product_id": self.dues.id, "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        with self.assertRaisesRegex(
            CourseRegistrationRefused, f"Anders Berg owes a payment: invoice {invoice.name}"
        ):
            self._register(self.milonga, self.anders, self.maria)
        self.assertFalse(self.milonga.registration_ids)
        # not yet due the day before: accepted
        invoice.invoice_date_due = date(2027, 1, 10)
        self.assertTrue(self._register(self.milonga, self.anders))

    def test_already_registered(self):
        self._register(self.milonga, self.anders)
        with self.assertRaisesRegex(CourseRegistrationRefused, "Anders Berg is already registered"):
            self._register(self.milonga, self.anders)

    def test_seats_offer_waiting_list(self):
        self.milonga.write({"seats_limited": True, "seats_max": 1})
        self._register(self.milonga, self.anders)
        with self.assertRaisesRegex(
            CourseRegistrationRefused, "Milonga has 0 free places"
        ) as caught:
            self._register(self.milonga, self.maria)
        self.assertTrue(caught.exception.waitlist)

    def test_role_balance(self):
        """Margin 1: a second leader more than followers waits; a couple always fits."""
        self.milonga.write({"course_role_balance": True, "course_role_margin": 1})
        people = [self._person(f"Leader {n}", date(1990, 1, 1)) for n in range(3)]
        with self.assertRaisesRegex(CourseRegistrationRefused, "Choose leader or follower"):
            self._register(self.milonga, people[0])
        self._register(self.milonga, people[0], role="leader")
        with self.assertRaisesRegex(
            CourseRegistrationRefused, "1 leaders and 0 followers are registered"
        ) as caught:
            self._register(self.milonga, people[1], role="leader")
        self.assertTrue(caught.exception.waitlist)
        couple = self.milonga.with_user(self.staff)._course_register(
            [
                {"partner": people[1], "role": "leader"},
                {"partner": self.maria, "role": "follower"},
            ]
        )
        self.assertEqual(len(couple), 2)
        # a follower now evens it out
        self.assertTrue(self._register(self.milonga, self.anders, role="follower"))

    def test_registration_only_through_the_course(self):
        """A course registration typed in directly would skip checks and price."""
        with self.assertRaisesRegex(UserError, "Register button"):
            self.env["event.registration"].with_user(self.staff).create(
                {"event_id": self.milonga.id, "partner_id": self.anders.id}
            )

    # -- organisations ------------------------------------------------------------------------
    def test_other_organisation_sees_nothing(self):
        registration = self._register(self.milonga, self.anders)
        session = self.env["event.course.session"].create(
            {
                "event_id": self.milonga.id,
                "date_begin": "2027-01-20 17:00:00",
                "date_end": "2027-01-20 18:30:00",
            }
        )
        other = self.setup_other_company(name="Other club")["company"]
        staff_b = new_test_user(
            self.env,
            login="course_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        for record in (
            self.milonga,
            registration,
            session,
            self.tango,
            self.tango_1,
            self.discount,
        ):
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(staff_b).read(["display_name"])
        with self.assertRaises(UserError):
            # a course of B for A's person: A's people are not B's to register
            course_b = self._course("Salsa", company=other)
            self._register(course_b, self.anders, user=staff_b)
