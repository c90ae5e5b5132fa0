from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PaymentImportCase


@tagged("post_install", "-at_install")
class TestBillingUser(PaymentImportCase):
    """Billing-only users (account.group_account_invoice) post invoices; the import log is
    not theirs to read, but a customer's credit still pays their next invoice."""

    def test_billing_user_posts_and_the_credit_is_used(self):
        over = self._invoice(100, "9000001", partner=self.partner_b)
        self._import([self._payment(30000, ["9000001"])])  # 300.00: 200.00 of credit
        self.assertEqual(over.payment_state, "paid")
        billing = new_test_user(
            self.env,
            login="billing_only",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["account.payment.import.line"].with_user(billing).search([])
        invoice = (
            self.env["account.move"]
            .with_user(billing)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_b.id,
                    "invoice_date": date(2026, 3, 1),
                    "invoice_line_ids": [
                        Command.create({"name": "Dues", "price_unit": 150, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "paid", "the credit paid it")
