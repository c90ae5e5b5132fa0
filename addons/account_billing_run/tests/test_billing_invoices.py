from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestBillingInvoices(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company_data["default_journal_sale"]
        income = cls.company_data["default_account_revenue"]
        cls.exempt_account = cls.copy_account(income, {"tax_ids": [Command.clear()]})
        cls.dues = cls._create_product(
            name="Dues",
            taxes_id=[Command.clear()],
            property_account_income_id=cls.exempt_account.id,
        )
        cls.magazine = cls._create_product(
            name="Magazine", taxes_id=[Command.set(cls.tax_sale_a.ids)]
        )

    def _vals(self, items, key):
        return self.env["account.move"]._billing_invoice_vals(
            self.journal, self.partner_a, items, date(2027, 1, 10), date(2027, 1, 31), key, "email"
        )

    def _lines(self, move):
        return sorted(
            (
                line.display_type,
                (line.name or "").replace(move.name, "<number>"),
                line.account_id.id,
                line.balance,
                line.date_maturity,
                tuple(line.tax_ids.ids),
            )
            for line in move.line_ids
        )

    def test_tax_free_invoice_equals_the_one_odoo_builds(self):
        self.partner_a.property_payment_term_id = self.pay_terms_b  # the run's due date wins
        Move = self.env["account.move"]
        items = [(self.dues, "Dues 2027", 600.0), (self.dues, "Extra", 50.5)]
        self.assertTrue(Move._billing_complete_lines([self._vals(items, "k:0")])[0], "fast path")
        fast = Move._billing_create_invoices([self._vals(items, "k:1")])
        reference = Move.create(self._vals(items, "k:2"))
        reference.action_post()
        self.assertEqual(self._lines(fast), self._lines(reference))
        for field in (
            "amount_total",
            "amount_residual",
            "invoice_date_due",
            "payment_state",
            "state",
            "fiscal_position_id",
            "invoice_payment_term_id",
        ):
            self.assertEqual(fast[field], reference[field], field)
        self.assertEqual(fast.invoice_date_due, date(2027, 1, 31))
        # editing it later behaves as any invoice: back to draft and posted again unchanged
        fast.button_draft()
        fast.action_post()
        self.assertEqual(self._lines(fast), self._lines(reference))

    def test_invoices_with_taxes_get_them_and_order_is_kept(self):
        Move = self.env["account.move"]
        self.assertIsNone(
            Move._billing_complete_lines([self._vals([(self.magazine, "M", 1.0)], "k:0")])[0]
        )
        moves = Move._billing_create_invoices(
            [
                self._vals([(self.magazine, "Magazine", 100.0)], "k:3"),
                self._vals([(self.dues, "Dues", 600.0)], "k:4"),
            ]
        )
        self.assertEqual(moves.mapped("billing_key"), ["k:3", "k:4"])
        self.assertEqual(moves[0].amount_tax, 15.0)
        self.assertEqual(moves[1].amount_tax, 0.0)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
