import base64
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from nordic_formats.se import sie

from .common import CourseCase


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestCourseBookkeeping(CourseCase):
    """Story step 13: course revenue on the category's income account with the course's
    analytic accounts (the category's cost centre, the course's project), exported to SIE 4
    with its objects; a person's credit stays on their receivable until their next
    registration uses it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="books_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        Plan = cls.env["account.analytic.plan"]
        cls.cost_centres = Plan.create({"name": "Kostnadsställen"})
        cls.projects = Plan.create({"name": "Projekt"})
        cls.club.write(
            {
                "sie_cost_centre_plan_id": cls.cost_centres.id,
                "sie_project_plan_id": cls.projects.id,
            }
        )
        Analytic = cls.env["account.analytic.account"]
        cls.cc_dance = Analytic.create(
            {
                "name": "Dans",
                "code": "20",
                "plan_id": cls.cost_centres.id,
                "company_id": cls.club.id,
            }
        )
        cls.p_milonga = Analytic.create(
            {
                "name": "Milonga VT27",
                "code": "P27M",
                "plan_id": cls.projects.id,
                "company_id": cls.club.id,
            }
        )
        cls.tango.analytic_account_id = cls.cc_dance
        cls.milonga.course_analytic_account_id = cls.p_milonga
        cls.club.course_cancellation_terms_id = cls.env["event.course.cancellation.terms"].create(
            {
                "name": "Standard",
                "company_id": cls.club.id,
                "tier_ids": [
                    Command.create({"days_before": 14, "fee_type": "fixed", "amount": 200})
                ],
            }
        )

    def _register(self, course, person):
        return (
            course.with_user(self.staff)._course_register([{"partner": person}]).with_env(self.env)
        )

    def _pay(self, invoice):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def _export(self):
        wizard = self.env["l10n_se_sie4.export.wizard"].create(
            {
                "company_id": self.club.id,
                "fiscal_year_date": self._day(0),
                "date_from": date(2027, 1, 1),
                "date_to": date(2027, 1, 31),
            }
        )
        return sie.read(base64.b64decode(wizard._export().file))

    @staticmethod
    def _voucher(parsed, move):
        (voucher,) = (v for v in parsed.vouchers if v.text.split(" ")[0] == move.name)
        return sorted(
            (t.account, float(t.amount), tuple(sorted(t.objects))) for t in voucher.transactions
        )

    def test_course_analytic_account_defaults_from_its_category(self):
        vals = self._course("Vals")
        self.assertEqual(vals.course_analytic_account_id, self.cc_dance)
        self.assertEqual(vals._course_analytic_distribution(), {str(self.cc_dance.id): 100.0})
        # the course's own project: its fees carry the category's cost centre and the project
        self.assertEqual(self.milonga.course_analytic_account_id, self.p_milonga)
        key = ",".join(str(i) for i in sorted((self.cc_dance | self.p_milonga).ids))
        self.assertEqual(self.milonga._course_analytic_distribution(), {key: 100.0})
        # another cost centre of the course's own replaces the category's
        cc_youth = self.cc_dance.copy({"name": "Ungdom", "code": "30"})
        vals.course_analytic_account_id = cc_youth
        self.assertEqual(vals._course_analytic_distribution(), {str(cc_youth.id): 100.0})
        # neither: no distribution
        self.tango.analytic_account_id = False
        self.assertFalse(self._course("Bugg")._course_analytic_distribution())

    def test_fee_and_discount_lines_carry_the_analytic_accounts(self):
        """Maria's second course: the fee (1000) and the discount (−200) on the income account
        of the category with the cost centre and the project, analytic lines posted; her
        membership line has neither."""
        self._register(self.fortsattare, self.maria)
        invoice = self._register(self.milonga, self.maria).course_invoice_id
        self.assertEqual(invoice.state, "posted")
        fee, discount = invoice.invoice_line_ids.filtered("course_event_id")
        key = ",".join(str(i) for i in sorted((self.cc_dance | self.p_milonga).ids))
        for line, amount in ((fee, 1000.0), (discount, -200.0)):
            self.assertEqual(line.account_id, self.income_dance)
            self.assertEqual(line.analytic_distribution, {key: 100.0})
            (analytic,) = line.analytic_line_ids
            self.assertEqual(analytic.amount, amount)
            self.assertEqual(analytic[self.cost_centres._column_name()], self.cc_dance)
            self.assertEqual(analytic[self.projects._column_name()], self.p_milonga)
        anders = self._register(self.milonga, self.anders).course_invoice_id
        membership = anders.invoice_line_ids.filtered(lambda line: not line.course_event_id)
        self.assertEqual(membership.price_subtotal, 100.0)
        self.assertFalse(membership.analytic_distribution)
        self.assertFalse(membership.analytic_line_ids)

    def test_invoice_has_its_portal_token_from_the_start(self):
        """The confirmation's link to pay by card carries the invoice's token, given with the
        invoice (not written on it afterwards)."""
        registration = self._register(self.milonga, self.anders)
        invoice = registration.course_invoice_id
        self.assertTrue(invoice.access_token)
        mail = self.env["mail.mail"].search(
            [("model", "=", "event.registration"), ("res_id", "=", registration.id)]
        )
        self.assertIn(f"access_token={invoice.access_token}", mail.body_html)

    def test_sie_export_holds_the_revenue_with_its_objects_and_the_credit(self):
        """Anders registers for Milonga (1000 + membership 100) and pays; he cancels 10 days
        before the start (fee 200): a credit note of 800, left open on his receivable, which
        his registration for Tango Fortsättare (1000) uses. The SIE file of January holds the
        course revenue with the cost centre and the project, the credit note's 800 on the
        receivable and the cancelled fee's revenue with the same objects."""
        first = self._register(self.milonga, self.anders)
        self._pay(first.course_invoice_id)
        credit_note = first.with_user(self.staff)._course_cancel().with_env(self.env)
        self.assertEqual((credit_note.amount_total, credit_note.amount_residual), (800.0, 800.0))
        receivable = credit_note.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.partner_id, self.anders)
        second = self._register(self.fortsattare, self.anders)
        self.assertEqual(second.course_credit_used, 800.0)
        self.assertEqual(second.course_invoice_id.amount_residual, 200.0)

        parsed = self._export()
        self.assertIn(sie.Dimension(1, "Kostnadsställen"), parsed.dimensions)
        self.assertIn(sie.Dimension(6, "Projekt"), parsed.dimensions)
        self.assertIn(sie.Object(1, "20", "Dans"), parsed.objects)
        self.assertIn(sie.Object(6, "P27M", "Milonga VT27"), parsed.objects)
        income = self.income_dance.code
        both = (("1", "20"), ("6", "P27M"))
        debtors = receivable.account_id.code
        membership = first.course_invoice_id.invoice_line_ids.filtered(
            lambda line: not line.course_event_id
        )
        self.assertEqual(
            self._voucher(parsed, first.course_invoice_id),
            sorted(
                [
                    (debtors, 1100.0, ()),
                    (income, -1000.0, both),
                    (membership.account_id.code, -100.0, ()),
                ]
            ),
        )
        # the credit note: the course fee back with its objects, the cancellation fee kept as
        # revenue with them, the credit on Anders's receivable
        self.assertEqual(
            self._voucher(parsed, credit_note),
            sorted([(debtors, -800.0, ()), (income, 1000.0, both), (income, -200.0, both)]),
        )
        # Tango Fortsättare: the category's cost centre only (no project of its own); the
        # credit used is a reconciliation on the receivable, no voucher of its own
        self.assertEqual(
            self._voucher(parsed, second.course_invoice_id),
            sorted([(debtors, 1000.0, ()), (income, -1000.0, (("1", "20"),))]),
        )
        revenue = sum(
            float(t.amount)
            for v in parsed.vouchers
            for t in v.transactions
            if t.account == income and ("1", "20") in t.objects
        )
        self.assertEqual(revenue, -1200.0)  # 1000 + the 200 fee, as credits
