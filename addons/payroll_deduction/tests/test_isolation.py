import base64
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DeductionCommon, fnr

MARCH = date(2026, 3, 1)
MODELS = (
    "payroll.employer",
    "payroll.employment",
    "payroll.deduction.rule",
    "payroll.deduction.addon",
    "payroll.deduction.list",
    "payroll.deduction.list.line",
    "payroll.deduction.import",
    "payroll.deduction.import.line",
)


@tagged("post_install", "-at_install")
class TestDeductionIsolation(DeductionCommon):
    """Union B has its own employer (the same company of the address book as A's), rule,
    member, list and imported file: nobody of A sees or uses any of them, and B's run never
    lists A's members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.union_b = cls.setup_other_company(name="Union B")["company"]
        cls.env.user.company_ids |= cls.union_b
        cls.employer_partner.sudo().organisation_ids |= cls.union_b
        cls.treasurer_b = cls._user(
            "pd_treasurer_b",
            "account.group_account_invoice,association_base.group_association_user",
            company=cls.union_b,
        )
        env_b = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.union_b.ids))
        period_b = cls._period(cls.union_b, "2026", date(2026, 1, 1), date(2026, 12, 31))
        dues_b = env_b["product.product"].create(
            {
                "name": "Dues B",
                "type": "service",
                "list_price": 300,
                "company_id": cls.union_b.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls._rule(cls.union_b, "Everybody", 300, product=dues_b)
        cls.rule_b = env_b["payroll.deduction.rule"].create(
            {
                "name": "B 2026",
                "company_id": cls.union_b.id,
                "period_id": period_b.id,
                "product_id": dues_b.id,
                "kind": "fixed",
                "amount": 200,
                "addon_ids": [Command.create({"product_id": dues_b.id, "amount": 10})],
            }
        )
        cls.employer_b = env_b["payroll.employer"].create(
            {"company_id": cls.union_b.id, "partner_id": cls.employer_partner.id}
        )
        cls.gunn = cls._person("Gunn Haug", national_id=fnr(5, 5, 1975, 123), company=cls.union_b)
        cls.env["membership.membership_line"].with_context(
            allowed_company_ids=cls.union_b.ids
        ).create({"partner": cls.gunn.id, "period_id": period_b.id, "date": date(2026, 1, 1)})
        env_b["payroll.employment"].create(
            {
                "company_id": cls.union_b.id,
                "partner_id": cls.gunn.id,
                "employer_id": cls.employer_b.id,
                "date_start": date(2020, 1, 1),
            }
        )
        cls.run_b = cls._confirm_run(cls._run(MARCH, user=cls.treasurer_b, company=cls.union_b))
        cls.list_b = cls.run_b.deduction_list_ids
        cls.invoice_b = cls.list_b.invoice_id
        env_b["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice_b.ids
        ).create({"amount": 200}).action_create_payments()
        gunn_id = cls.gunn.national_id
        import_b = env_b["payroll.deduction.import"].create(
            {
                "company_id": cls.union_b.id,
                "list_id": cls.list_b.id,
                "name": "b.csv",
                "file": base64.b64encode(f"Fødselsnummer;Beløp\n{gunn_id};200\n".encode()),
            }
        )
        import_b.with_user(cls.treasurer_b).action_import()
        cls.import_b = import_b
        cls.records_b = {
            "payroll.employer": cls.employer_b,
            "payroll.employment": cls.employer_b.employment_ids,
            "payroll.deduction.rule": cls.rule_b,
            "payroll.deduction.addon": cls.rule_b.addon_ids,
            "payroll.deduction.list": cls.list_b,
            "payroll.deduction.list.line": cls.list_b.line_ids,
            "payroll.deduction.import": import_b,
            "payroll.deduction.import.line": import_b.line_ids,
        }

    def test_b_has_its_own_list(self):
        self.assertEqual(self.list_b.line_ids.partner_id, self.gunn)
        self.assertEqual(self.list_b.amount_total, 200.0)
        self.assertEqual(self.import_b.state, "done")

    def test_nobody_of_a_reads_or_finds_b(self):
        for user in (self.staff, self.manager, self.treasurer, self.billing):
            for model, record in self.records_b.items():
                self.assertTrue(record, model)
                with self.subTest(user=user.login, model=model):
                    try:
                        found = self.env[model].with_user(user).search([("id", "in", record.ids)])
                    except AccessError:  # the role has no access to the model at all
                        found = False
                    self.assertFalse(found)
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["company_id"])

    def test_a_run_lists_only_a(self):
        run = self._run(MARCH)
        run.action_compute()
        self.assertEqual(run.deduction_list_ids.employer_id, self.employer)
        self.assertNotIn(self.gunn, run.deduction_list_ids.line_ids.partner_id)

    def test_a_cannot_import_against_b(self):
        content = base64.b64encode(b"Amount;Employee number\n1;E-1\n")
        Import = self.env["payroll.deduction.import"].with_user(self.treasurer)
        vals = {"list_id": self.list_b.id, "name": "x.csv", "file": content}
        with self.assertRaises(AccessError):
            Import.create({**vals, "company_id": self.union_b.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            Import.create({**vals, "company_id": self.union.id})

    def test_a_cannot_employ_with_b_employer(self):
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.env["payroll.employment"].with_user(self.staff).create(
                {
                    "company_id": self.union.id,
                    "partner_id": self.dag.id,
                    "employer_id": self.employer_b.id,
                    "date_start": date(2026, 1, 1),
                }
            )

    def test_no_employment_or_membership_of_a_person_of_b(self):
        """Staff of A cannot type in the id of B's member to get their identity number on
        A's deduction list: employments and memberships take people A sees only."""
        member_b = self.gunn
        with self.assertRaisesRegex(AccessError, "people connected to your organisation"):
            self.env["payroll.employment"].with_user(self.staff).create(
                {
                    "partner_id": member_b.id,
                    "employer_id": self.employer.id,
                    "date_start": date(2026, 1, 1),
                }
            )
        with self.assertRaisesRegex(AccessError, "people connected to your organisation"):
            self.env["membership.membership_line"].with_user(self.staff).create(
                {"partner": member_b.id, "period_id": self.rule.period_id.id}
            )

    def test_gross_pay_for_organisation_users_only(self):
        with self.assertRaises(AccessError):
            self.job_anna.with_user(self.billing).read(["gross_pay"])
        self.assertEqual(self.job_anna.with_user(self.staff).gross_pay, 6000)
