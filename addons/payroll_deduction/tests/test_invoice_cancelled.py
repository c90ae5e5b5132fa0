from datetime import date

import psycopg2

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DeductionCommon

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestDeductionInvoiceCancelled(DeductionCommon):
    """An employer invoice cancelled, or reset to draft and deleted: its list no longer
    counts as the employer's list of the month, says why in its chatter, and a new run of
    the month makes the same list again and invoices it once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.march_run = cls._confirm_run(cls._run(MARCH))
        cls.march = cls.march_run.deduction_list_ids
        cls.invoice = cls.march.invoice_id
        cls.key = f"deduction:{cls.employer.id}:2026-03"

    def _notes(self, deduction_list):
        return deduction_list.message_ids.filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_note")
        )

    def _live_invoices(self):
        return self.env["account.move"].search(
            [("billing_key", "=", self.key), ("state", "!=", "cancel")]
        )

    def test_cancelled_invoice_the_month_made_and_invoiced_again_once(self):
        files = {
            fmt: self.march.with_user(self.treasurer)._export_file(fmt) for fmt in ("csv", "xlsx")
        }
        self.invoice.with_user(self.treasurer).button_cancel()
        self.assertEqual(self.march.state, "cancelled")
        self.assertEqual(self.march.invoice_id, self.invoice, "the cancelled invoice stays linked")
        note = self._notes(self.march)
        self.assertEqual(len(note), 1)
        self.assertIn(f"Invoice {self.invoice.name} was cancelled.", note.body)
        self.assertIn(
            "no longer counts as the deduction list of Fjord Verksted AS for 2026-03", note.body
        )
        self.assertEqual(note.author_id, self.treasurer.partner_id)
        self.assertFalse(self._live_invoices())

        again = self._confirm(self._run(MARCH))
        replacement = self._list(again)
        self.assertEqual(replacement.state, "done")
        self.assertEqual(replacement.previous_id, self.march.previous_id)
        for fmt, file in files.items():
            self.assertEqual(replacement.with_user(self.treasurer)._export_file(fmt), file)
        new_invoice = replacement.invoice_id
        self.assertNotEqual(new_invoice, self.invoice)
        self.assertEqual(self._live_invoices(), new_invoice, "one invoice for the employer's month")
        self.assertEqual(new_invoice.amount_total, self.invoice.amount_total)

        # the month is billed: another run makes nothing, the old invoice cannot come back
        third = self._run(MARCH)
        third.action_compute()
        self.assertFalse(third.deduction_list_ids)
        self.assertFalse(third.line_ids)
        with self.assertRaises(UserError) as refused:
            self.invoice.with_user(self.treasurer).button_draft()
        self.assertIn("Fjord Verksted AS for 2026-03 was made again", str(refused.exception))
        self.assertEqual((self.invoice.state, self.march.state), ("cancel", "cancelled"))
        # April's changes are counted against the list that counts
        april = self._list(self._confirm(self._run(APRIL)))
        self.assertEqual(april.previous_id, replacement)
        self.assertEqual(set(april.line_ids.mapped("change")), {"unchanged"})

    def test_invoice_reset_to_draft_and_deleted(self):
        self.invoice.with_user(self.treasurer).button_draft()
        self.assertEqual(self.march.state, "done", "a draft can be posted again")
        name = self.invoice.name
        self.invoice.with_user(self.treasurer).unlink()
        self.assertEqual(self.march.state, "cancelled")
        self.assertFalse(self.march.invoice_id)
        self.assertIn(f"Invoice {name} was deleted.", self._notes(self.march).body)
        replacement = self._list(self._confirm(self._run(MARCH)))
        self.assertEqual(self._live_invoices(), replacement.invoice_id)
        self.assertEqual(replacement.amount_total, self.march.amount_total)

    def test_cancelled_invoice_reset_to_draft_counts_again(self):
        self.invoice.with_user(self.treasurer).button_cancel()
        self.invoice.with_user(self.treasurer).button_draft()
        self.assertEqual(self.march.state, "done")
        self.assertIn("counts again", self._notes(self.march)[0].body)
        self.invoice.with_user(self.treasurer).action_post()
        run = self._run(MARCH)
        run.action_compute()
        self.assertFalse(run.deduction_list_ids, "the month is billed by the invoice again")

    def test_a_second_run_of_the_month_is_refused_then_makes_nothing(self):
        # two runs of April computed before either is confirmed
        first, second = self._run(APRIL), self._run(APRIL)
        first.action_compute()
        second.action_compute()
        self._confirm(first)
        with self.assertRaises(UserError) as refused:
            second.with_user(self.treasurer).action_confirm()
        self.assertIn(f"by run {first.name} already: compute run", str(refused.exception))
        self.assertEqual(self._list(second).state, "draft")
        second.action_compute()
        self.assertFalse(second.deduction_list_ids)

    def test_the_database_claims_an_employer_month_once(self):
        # what decides between two runs of a month confirmed at the same moment
        second = self._run(APRIL)
        second.action_compute()
        first = self._run(APRIL)
        first.action_compute()
        self._list(first).sudo().state = "confirmed"
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            self._list(second).sudo().state = "confirmed"
            self.env.flush_all()
