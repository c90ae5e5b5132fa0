from datetime import datetime, time

from odoo import Command, models
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestCourseReports(CourseCase):
    """Story step 14: finance sees the revenue per course and category, net of discounts
    and cancellations; the registration desk and course leaders see the participants per
    course and who returns from an earlier term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff, cls.billing, cls.leader = (
            new_test_user(
                cls.env,
                login=f"report_{name}",
                groups=f"base.group_user,{group}",
                company_id=cls.club.id,
                company_ids=[Command.set(cls.club.ids)],
            )
            for name, group in (
                ("staff", "association_base.group_association_user"),
                ("billing", "account.group_account_invoice"),
                ("leader", "event_course.group_course_leader"),
            )
        )
        cls.fortsattare.teacher_ids = cls.leader
        cls.club.course_cancellation_terms_id = cls.env["event.course.cancellation.terms"].create(
            {
                "name": "Standard",
                "company_id": cls.club.id,
                "tier_ids": [
                    Command.create({"days_before": 14, "fee_type": "fixed", "amount": 200})
                ],
            }
        )
        # last term's beginners' course, which Maria took
        cls.nyborjare = cls._course(
            "Tango Nybörjare",
            level=cls.tango_1,
            term_id=cls.autumn.id,
            date_begin=datetime.combine(cls._day(-150), time(17, 0)),
            date_end=datetime.combine(cls._day(-90), time(18, 30)),
        )

    def _register(self, course, person):
        return (
            course.with_user(self.staff)._course_register([{"partner": person}]).with_env(self.env)
        )

    def _enrol(self, course, person, state="done"):
        """``person`` on ``course`` as it was, without the registration's checks and price."""
        return (
            self.env["event.registration"]
            .with_context(event_course_registering=True)
            .create(
                {
                    "event_id": course.id,
                    "partner_id": person.id,
                    "name": person.name,
                    "state": state,
                }
            )
        )

    def _revenue(self, user, groupby):
        Report = self.env["event.course.revenue.report"].with_user(user)
        # the groups named as the web client shows them (sudo: the names only)
        return {
            key.sudo().display_name if isinstance(key, models.BaseModel) else key: amount
            for key, amount in Report._read_group([], [groupby], ["amount:sum"])
        }

    def test_revenue_per_course_and_category(self):
        """Maria: Milonga 1000, then Tango Fortsättare 1000 − 200 (second course). Anders:
        Milonga 1000 (and his membership, no course revenue), paid and cancelled 10 days
        before the start: credit note of 1000 less the 200 fee. Milonga earns 1000 + 200,
        Tango Fortsättare 800; the tango category 2000."""
        self._register(self.milonga, self.maria)
        self._register(self.fortsattare, self.maria)
        anders = self._register(self.milonga, self.anders)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=anders.course_invoice_id.ids
        ).create({})._create_payments()
        credit_note = anders.with_user(self.staff)._course_cancel().with_env(self.env)
        self.assertEqual(credit_note.amount_total, 800.0)
        self.assertEqual(
            self._revenue(self.billing, "event_id"),
            {"Milonga": 1200.0, "Tango Fortsättare": 800.0},
        )
        self.assertEqual(self._revenue(self.billing, "category_id"), {"Tango": 2000.0})
        self.assertEqual(self._revenue(self.billing, "term_id"), {"Spring 2027": 2000.0})
        self.assertEqual(
            self._revenue(self.billing, "move_type"),
            {"out_invoice": 2800.0, "out_refund": -800.0},
        )
        rows = self.env["event.course.revenue.report"].search(
            [("event_id", "=", self.milonga.id), ("partner_id", "=", self.anders.id)]
        )
        self.assertEqual(sorted(rows.mapped("amount")), [-1000.0, 200.0, 1000.0])
        self.assertEqual(rows.account_id, self.income_dance)
        # the finance side and organisation managers; not the registration desk nor leaders
        manager = new_test_user(
            self.env,
            login="report_manager",
            groups="base.group_user,association_base.group_association_manager",
            company_id=self.club.id,
            company_ids=[Command.set(self.club.ids)],
        )
        self.assertEqual(self._revenue(manager, "category_id"), {"Tango": 2000.0})
        for user in (self.staff, self.leader):
            with self.assertRaises(AccessError):
                self._revenue(user, "event_id")

    def test_revenue_of_each_organisation_only(self):
        self._register(self.milonga, self.maria)
        other = self.setup_other_company(name="Other club")["company"]
        billing_b = new_test_user(
            self.env,
            login="report_billing_b",
            groups="base.group_user,account.group_account_invoice",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        salsa = self._course("Salsa", company=other)
        person = self._person("Per Persson", company=other)
        staff_b = new_test_user(
            self.env,
            login="report_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        salsa.with_user(staff_b)._course_register([{"partner": person}])
        self.assertEqual(self._revenue(self.billing, "event_id"), {"Milonga": 1000.0})
        self.assertEqual(self._revenue(billing_b, "event_id"), {"Salsa": 1000.0})
        self.assertEqual(self._revenue(billing_b, "company_id"), {"Other club": 1000.0})
        # the other organisation's rows are not found, even by id
        milonga_rows = self.env["event.course.revenue.report"].search(
            [("event_id", "=", self.milonga.id)]
        )
        self.assertTrue(milonga_rows)
        Report = self.env["event.course.revenue.report"].with_user(billing_b)
        self.assertFalse(Report.search([("id", "in", milonga_rows.ids)]))
        with self.assertRaises(AccessError):
            milonga_rows.with_user(billing_b).read(["amount"])

    def test_returning_participants(self):
        """Maria took Tango Nybörjare last term: she returns. Anders cancelled his place in it
        and took a course of another organisation: he is new here."""
        self._enrol(self.nyborjare, self.maria)
        self._enrol(self.nyborjare, self.anders, state="cancel")
        other = self.setup_other_company(name="Other club")["company"]
        self._enrol(
            self._course(
                "Salsa",
                company=other,
                date_begin=datetime.combine(self._day(-150), time(17, 0)),
                date_end=datetime.combine(self._day(-90), time(18, 30)),
            ),
            self.anders,
        )
        maria, anders = self.fortsattare.with_user(self.staff)._course_register(
            [{"partner": self.maria}, {"partner": self.anders}]
        )
        self.assertTrue(maria.course_returning)
        self.assertFalse(anders.course_returning)
        # a course of this term does not make her next one of the term a return
        milonga = self._register(self.milonga, self.anders)
        self.assertFalse(milonga.course_returning)
        self.assertEqual(
            (maria.course_term_id, maria.course_category_id), (self.spring, self.tango)
        )

    def test_participants_per_course_for_desk_and_leaders(self):
        self._enrol(self.nyborjare, self.maria)
        self.fortsattare.with_user(self.staff)._course_register(
            [{"partner": self.maria}, {"partner": self.anders}]
        )
        self._register(self.milonga, self.maria)
        domain = [("event_id.is_course", "=", True), ("state", "in", ("open", "done"))]
        Registration = self.env["event.registration"]
        self.assertEqual(
            {
                (course.name, returning): count
                for course, returning, count in Registration.with_user(self.staff)._read_group(
                    domain, ["event_id", "course_returning"], ["__count"]
                )
            },
            {
                ("Tango Nybörjare", False): 1,
                ("Tango Fortsättare", True): 1,
                ("Tango Fortsättare", False): 1,
                ("Milonga", True): 1,
            },
        )
        # the leader of Tango Fortsättare: its participants only, who returns among them
        as_leader = Registration.with_user(self.leader)
        self.assertEqual(
            as_leader._read_group(domain, ["event_id", "course_returning"], ["__count"]),
            [(self.fortsattare, False, 1), (self.fortsattare, True, 1)],
        )
        self.assertEqual(
            as_leader.search([*domain, ("course_returning", "=", True)]).partner_id, self.maria
        )
        # their menus: the participants and who returns, not the revenue
        menus = self.env["ir.ui.menu"].with_user(self.leader)._visible_menu_ids()
        for xmlid, visible in (
            ("event_course.menu_course_report_participants", True),
            ("event_course.menu_course_report_returning", True),
            ("event_course.menu_course_report_revenue", False),
        ):
            self.assertEqual(self.env.ref(xmlid).id in menus, visible, xmlid)
        action = self.env.ref("event_course.event_course_returning_action")
        self.assertEqual(
            as_leader.search_count([*safe_eval(action.domain), ("course_returning", "=", True)]),
            1,
        )
