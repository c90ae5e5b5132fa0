from datetime import date

from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestReceipts(DunningCommon):
    """Paid in full, whatever paid it: one receipt, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org.dunning_receipt = True

    def _receipts(self, invoice):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("subject", "ilike", "receipt"),
            ]
        )

    def _deliver(self):
        self.env["account.move"]._cron_send_receipts()

    def test_manual_payment_once(self):
        invoice = self._invoice(self.karin, date(2026, 11, 30))
        self._pay(invoice, amount=100.0)
        self._deliver()
        self.assertFalse(self._receipts(invoice), "not paid in full yet")
        self._pay(invoice)
        self._deliver()
        receipt = self._receipts(invoice)
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.recipient_ids, self.karin)
        self.assertIn(invoice.name, receipt.body_html)
        # undone and reconciled again: no second receipt
        lines = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        counterpart = lines.matched_credit_ids.credit_move_id
        lines.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        (lines | counterpart).reconcile()
        self._deliver()
        self.assertEqual(len(self._receipts(invoice)), 1)

    def test_bank_statement_line(self):
        """The path of every bank file (BgMax, Nets OCR): a statement line reconciled
        with the invoice."""
        invoice = self._invoice(self.karin, date(2026, 11, 30))
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "date": date(2026, 11, 20),
                "payment_ref": invoice.payment_reference,
                "partner_id": self.karin.id,
                "amount": invoice.amount_total,
            }
        )
        receivable = invoice.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        (receivable | self._move_suspense_to(line, receivable)).reconcile()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self._deliver()
        self.assertEqual(len(self._receipts(invoice)), 1)
        self._deliver()
        self.assertEqual(len(self._receipts(invoice)), 1)

    def _move_suspense_to(self, statement_line, receivable):
        """Book the statement line's suspense amount on the invoice's receivable account,
        as the reconciliation widget does, and return the new receivable line."""
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        statement_line.move_id.button_draft()
        suspense.with_context(skip_readonly_check=True).write(
            {"account_id": receivable.account_id.id, "partner_id": receivable.partner_id.id}
        )
        statement_line.move_id.action_post()
        return statement_line.move_id.line_ids.filtered(
            lambda aml: aml.account_id == receivable.account_id
        )

    def test_organisation_without_receipts(self):
        self.org.dunning_receipt = False
        invoice = self._invoice(self.karin, date(2026, 11, 30))
        self._pay(invoice)
        self._deliver()
        self.assertFalse(self._receipts(invoice))
