"""A receipt, once, whatever paid the invoice: a card payment on the portal and a Bankgirot
BgMax file (the manual payment and a bank statement line: test_receipts). These paths
belong to other addons; the tests run where they are installed (as in the product)."""

import base64
import datetime
import unittest

from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import get_db_name

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_payment.tests.common import AccountPaymentCommon

from nordic_formats.se import bgmax

from .common import DunningMixin

DUE = datetime.date(2026, 11, 30)


def _require(module):
    if module not in Registry(get_db_name())._init_modules:
        raise unittest.SkipTest(f"{module} is not installed")


class ReceiptPathMixin(DunningMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org.dunning_receipt = True

    def _receipts(self, invoice):
        self.env["account.move"]._cron_send_receipts()
        return self.env["mail.mail"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("subject", "ilike", "receipt"),
            ]
        )


@tagged("post_install", "-at_install")
class TestCardPaymentReceipt(ReceiptPathMixin, AccountPaymentCommon):
    @classmethod
    def setUpClass(cls):
        _require("account_payment")
        super().setUpClass()

    def test_card_payment_on_the_portal(self):
        invoice = self._invoice(self.karin, DUE)
        transaction = self._create_transaction(
            flow="redirect",
            state="done",
            reference="KARIN-1",
            amount=invoice.amount_residual,
            currency_id=invoice.currency_id.id,
            partner_id=self.karin.id,
            invoice_ids=[invoice.id],
        )
        transaction._post_process()
        self.assertTrue(transaction.payment_id)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        receipt = self._receipts(invoice)
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.recipient_ids, self.karin)
        self.assertEqual(len(self._receipts(invoice)), 1, "the job running again sends none")


@tagged("post_install", "-at_install")
class TestBgMaxReceipt(ReceiptPathMixin, AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        _require("l10n_se_bankgiro")
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.l10n_se_bankgiro = "9912346"
        cls.company_data["default_journal_sale"].invoice_reference_model = "se_ocr3"

    def _bgmax(self, payments, file_number):
        """Import Bankgirot's BgMax file number ``file_number`` (its payments' serials differ
        from one file to the next, as the bank's do)."""
        content = bgmax.deposit_file(
            "9912346",
            DUE,
            [(invoice.payment_reference, round(amount * 100)) for invoice, amount in payments],
            serial=file_number,
        )
        self.env["account.statement.import"].with_context(journal_id=self.bank.id).create(
            {
                "statement_file": base64.b64encode(content),
                "statement_filename": f"BGMAX_{file_number}.txt",
            }
        ).import_file_button()

    def test_bgmax_file(self):
        invoice = self._invoice(self.karin, DUE)
        self.assertTrue(invoice.payment_reference.isdigit(), "an OCR reference")
        self._bgmax([(invoice, 200.0)], 1)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertFalse(self._receipts(invoice), "not paid in full yet")
        self._bgmax([(invoice, 400.0)], 2)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        receipt = self._receipts(invoice)
        self.assertEqual(len(receipt), 1)
        self.assertIn(invoice.name, receipt.body_html)
        self.assertEqual(len(self._receipts(invoice)), 1)
