from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import PaymentImportCase


@tagged("post_install", "-at_install")
class TestAllocation(PaymentImportCase):
    def test_amounts_are_allocated_in_minor_units(self):
        # 300.02 - 100.00 - 200.02 is 2.8e-14 in floats: the second invoice kept a "residual"
        # and was offered to the next payment, which was booked on it as an over-payment
        first = self._invoice(100.00, "8000001", day=1)
        second = self._invoice(200.02, "8000001", day=2)
        log = self._import([self._payment(30002, ["8000001"]), self._payment(5000, ["8000001"])])
        self.assertEqual((first | second).mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(log.line_ids.mapped("payment_match"), ["matched", "unmatched"])
        self.assertEqual(log.line_ids[0].invoice_ids, first | second)
        self.assertFalse(log.line_ids[1].invoice_ids)
        self.assertEqual(log.amount_unmatched, 50.0)
        matched_line = log.line_ids[0].statement_line_id
        self.assertEqual(matched_line.amount, 300.02)
        self.assertTrue(matched_line.is_reconciled)

    def test_many_cents_add_up_exactly(self):
        invoices = [self._invoice(0.10, f"81{i:05d}") for i in range(30)]
        log = self._import([self._payment(10, [f"81{i:05d}"]) for i in range(30)])
        self.assertEqual({invoice.payment_state for invoice in invoices}, {"paid"})
        self.assertEqual(log.count_matched, 30)
        self.assertEqual(log.statement_id.line_ids.amount, 3.0)
        self.assertEqual(log.amount_new, 3.0)

    def test_payer_name_and_amount_alone_book_nothing(self):
        invoice = self._invoice(777, "8100001")
        log = self._import([self._payment(77700, payer=self.partner_a.name)])
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(log.line_ids.payment_match, "unmatched")
        self.assertFalse(log.line_ids.invoice_ids)
        line = log.line_ids.statement_line_id
        self.assertFalse(line.is_reconciled)
        action = self.env.ref("account_payment_import.action_unmatched_payments")
        listed = self.env["account.bank.statement.line"].search(safe_eval(action.domain))
        self.assertIn(line, listed)

    def test_one_payment_for_several_customers_waits_unmatched(self):
        mine = self._invoice(100, "8200001", partner=self.partner_a)
        theirs = self._invoice(100, "8200002", partner=self.partner_b)
        log = self._import([self._payment(20000, ["8200001", "8200002"])])
        self.assertEqual((mine | theirs).mapped("payment_state"), ["not_paid", "not_paid"])
        self.assertEqual(log.line_ids.payment_match, "unmatched")
        self.assertFalse(log.line_ids.partner_id)
        self.assertFalse(log.line_ids.move_line_id)
        line = log.line_ids.statement_line_id
        self.assertFalse(line.is_reconciled)
        self.assertEqual(line.amount, 200.0)
        # one customer's invoices under several references are still paid at once
        again = self._import([self._payment(20000, ["8200001", "8200003"])])
        self.assertEqual(again.line_ids.payment_match, "overpaid")
        self.assertEqual(again.line_ids.partner_id, self.partner_a)
        self.assertEqual(mine.payment_state, "paid")
