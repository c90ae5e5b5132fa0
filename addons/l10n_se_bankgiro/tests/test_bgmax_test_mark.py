import base64
import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.se import bgmax


@tagged("post_install", "-at_install")
class TestBgMaxTestMark(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.l10n_se_bankgiro = "9912346"

    def _file(self, test):
        return bgmax.deposit_file(
            "9912346", datetime.date(2026, 5, 25), [("655969", 100000)], test=test
        )

    def _import(self, data):
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=self.bank.id)
            .create({"statement_file": base64.b64encode(data), "statement_filename": "BGMAX.txt"})
        )
        return wizard.import_file_button()

    def test_a_test_file_is_refused(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": "2026-05-01",
                "payment_reference": "655969",
                "invoice_line_ids": [
                    Command.create({"name": "Avgift", "price_unit": 1000, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        data = self._file(test=True)
        self.assertEqual(data[44:45], b"T")
        with self.assertRaisesRegex(UserError, "BGMAX.txt is a test file from Bankgirot"):
            self._import(data)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(self.env["account.payment.import"].search([]))
        self.assertFalse(
            self.env["account.bank.statement.line"].search([("journal_id", "=", self.bank.id)])
        )
        # the same payments from production (P) are real money
        self._import(self._file(test=False))
        self.assertEqual(invoice.payment_state, "paid")
