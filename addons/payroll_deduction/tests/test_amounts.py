from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DeductionCommon


@tagged("post_install", "-at_install")
class TestDeductionAmounts(DeductionCommon):
    def test_percentage_with_minimum_and_maximum_at_the_edges(self):
        rule = self.rule.with_user(self.staff)  # staff read the rules
        cases = {
            0: 108.0,  # no pay known: the minimum
            6967: 108.0,  # 107.9885: raised to the minimum
            6967.74: 108.0,  # 107.99997 rounds to the minimum itself
            6968: 108.0,  # 108.004: rounds to 108.00, just the minimum
            7000: 108.5,  # above the minimum: the percentage
            50322: 779.99,
            50387: 781.0,  # 780.9985 rounds to the maximum itself
            50388: 781.0,  # 781.014: cut to the maximum
            90000: 781.0,
        }
        for gross, dues in cases.items():
            self.assertEqual(rule._dues(gross), dues, f"gross pay {gross}")

    def test_no_minimum_or_maximum_and_fixed_amount(self):
        rule = self.rule.copy({"period_id": self.period_2027.id, "amount_min": 0, "amount_max": 0})
        self.assertEqual(rule._dues(1000), 15.5)
        self.assertEqual(rule._dues(100000), 1550.0)
        rule.write({"kind": "fixed", "amount": 325})
        self.assertEqual(rule._dues(1000), 325.0)
        self.assertEqual(rule._dues(100000), 325.0)

    def test_minimum_above_maximum_refused(self):
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).amount_min = 800

    def test_rules_are_set_by_managers(self):
        vals = {
            "name": "Deduction 2027",
            "company_id": self.union.id,
            "period_id": self.period_2027.id,
            "product_id": self.dues.id,
            "percent": 1.2,
        }
        with self.assertRaises(AccessError):
            self.env["payroll.deduction.rule"].with_user(self.staff).create(vals)
        with self.assertRaises(AccessError):
            self.env["payroll.deduction.rule"].with_user(self.treasurer).create(vals)
        rule = self.env["payroll.deduction.rule"].with_user(self.manager).create(vals)
        self.assertEqual(rule._dues(10000), 120.0)

    def test_list_amounts_add_ons_on_top(self):
        run = self._run(date(2026, 3, 1))
        run.action_compute()
        lines = {line.partner_id: line for line in self._list(run).line_ids}
        self.assertEqual(lines[self.anna].amount, 108.0)
        self.assertEqual(lines[self.bjorn].dues_amount, 465.0)
        self.assertEqual(lines[self.bjorn].addon_amount, 50.0)
        self.assertEqual(lines[self.bjorn].amount, 515.0)
        self.assertEqual(lines[self.cecilie].amount, 781.0)
        self.assertEqual(self._list(run).amount_total, 108 + 515 + 781)
        self.assertEqual(run.amount_total, 1404.0)

    def test_one_employer_deducts_at_a_time(self):
        other = self.env["payroll.employer"].create(
            {"company_id": self.union.id, "partner_id": self.payroll_office.id}
        )
        with self.assertRaises(ValidationError):
            self._employ(self.anna, 20000, "X-1", employer_id=other.id)
        # without deduction, or after the first ends, it is fine
        self._employ(self.anna, 20000, "X-1", employer_id=other.id, deduct_dues=False)
        self.job_anna.date_end = "2026-05-31"
        self._employ(self.anna, 20000, "X-2", employer_id=other.id, start="2026-06-01")
