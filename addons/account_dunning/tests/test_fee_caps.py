from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestFeeCaps(DunningCommon):
    """A policy whose fees the law does not allow is refused, with the reason."""

    def _norwegian(self):
        company = self.setup_other_company(name="Forening N")["company"]
        company.country_id = self.env.ref("base.no")
        return company

    def test_sweden_above_60_kr_refused(self):
        with self.assertRaisesRegex(ValidationError, "above the legal maximum of"):
            self.level_1.fee_amount = 61.0

    def test_sweden_60_kr_allowed(self):
        self.level_1.fee_amount = 60.0
        self.assertEqual(self.level_1.fee_amount, 60.0)

    def test_sweden_fee_not_agreed_refused(self):
        with self.assertRaisesRegex(ValidationError, "agreed no later than when the debt arose"):
            self.policy.fee_agreed = False

    def test_sweden_one_fee_per_invoice(self):
        with self.assertRaisesRegex(ValidationError, "at most 1 reminders of one invoice"):
            self.level_2.write({"fee_product_id": self.fee_product.id, "fee_amount": 60.0})

    def test_norway_cap_from_the_inkassosats(self):
        company = self._norwegian()
        Cap = self.env["account.dunning.fee.cap"]
        norway = self.env.ref("base.no")
        self.assertEqual(Cap._cap_for(norway, date(2026, 12, 1)).amount, 35.0)  # 700 / 20
        self.assertEqual(Cap._cap_for(norway, date(2020, 9, 30)).amount, 70.0)  # 700 / 10
        with self.assertRaisesRegex(ValidationError, "above the legal maximum"):
            self._policy(company, fee=36.0, fee_agreed=False)

    def test_norway_fee_not_before_14_days(self):
        company = self._norwegian()
        with self.assertRaisesRegex(ValidationError, "14 days after the due date at the earliest"):
            self._policy(company, fee=35.0)  # the first level goes after 10 days
        policy = self._policy(company)
        first = policy.level_ids.sorted("level")[0]
        first.write({"delay_days": 14, "fee_product_id": self.fee_product.id, "fee_amount": 35})
        self.assertEqual(first.fee_amount, 35.0)
        # the second level, 14 days after the first, may charge too: two fees per claim
        second = policy.level_ids.sorted("level")[1]
        second.write({"fee_product_id": self.fee_product.id, "fee_amount": 35})
        third = policy.level_ids.create(
            {
                "policy_id": policy.id,
                "name": "Third",
                "level": 3,
                "computation_mode": "previous_date",
                "delay_days": 14,
                "custom_text": "x",
                "custom_mail_text": "<p>x</p>",
            }
        )
        with self.assertRaisesRegex(ValidationError, "at most 2 reminders of one invoice"):
            third.write({"fee_product_id": self.fee_product.id, "fee_amount": 35})

    def test_country_without_rule_no_fee(self):
        company = self.setup_other_company(name="Verein")["company"]
        company.country_id = self.env.ref("base.de")
        with self.assertRaisesRegex(ValidationError, "no legal maximum of reminder fees is known"):
            self._policy(company, fee=5.0)

    def test_fee_charged_within_the_cap_of_the_due_date(self):
        """An old Norwegian claim (due before October 2020) could carry 70 kr; the level's
        35 kr is what is charged, never more than the cap of the invoice's due date."""
        company = self._norwegian()
        policy = self._policy(company)
        first = policy.level_ids.sorted("level")[0]
        first.write({"delay_days": 14, "fee_product_id": self.fee_product.id, "fee_amount": 35})
        lines = self.env["credit.control.line"].new({"date_due": date(2020, 9, 1)})
        self.assertEqual(first._fee_for(lines), 35.0)


@tagged("post_install", "-at_install")
class TestPolicySecurity(DunningCommon):
    def test_level_texts_are_reminder_templates(self):
        """A level's texts are rendered by the daily job for every organisation: a template
        of invoices (or attaching invoices' PDFs) would render other records."""
        invoice_template = self.env.ref("account.email_template_edi_invoice")
        with self.assertRaisesRegex(ValidationError, "must be templates of reminders"):
            self.level_1.email_template_id = invoice_template
        mine = self.env.ref("account_dunning.mail_template_reminder").copy()
        with self.assertRaisesRegex(ValidationError, "must be templates of reminders"):
            mine.report_template_ids = self.env.ref("account.account_invoices")
            self.level_1.email_template_id = mine

    def test_policies_without_organisation_are_nobodys(self):
        """OCA's example policies belong to no organisation: archived, and no
        organisation's accountant reads or changes them."""
        accountant = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "dunning_accountant",
                "groups_id": [(6, 0, [self.env.ref("account.group_account_user").id])],
                "company_id": self.org.id,
                "company_ids": [(6, 0, self.org.ids)],
            }
        )
        example = self.env.ref("account_credit_control.credit_control_3_time")
        self.assertFalse(example.sudo().active)
        policies = self.env["credit.control.policy"].with_user(accountant)
        self.assertFalse(policies.with_context(active_test=False).search([("id", "=", example.id)]))
        self.assertEqual(policies.search([]), self.policy)
