from datetime import date

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.payments import IncomingPayment, ReferenceKind


class PaymentImportCase(AccountTestInvoicingCommon):
    """Invoices and payments for the payment import tests (no tests of its own)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.currency = cls.bank.currency_id or cls.env.company.currency_id
        cls.serial = 0

    def _invoice(self, amount, reference, partner=None, day=10):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.partner_a).id,
                "invoice_date": date(2026, 1, day),
                "payment_reference": reference,
                "invoice_line_ids": [
                    Command.create({"name": "Dues", "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _payment(self, amount_minor, references=(), payer="", uid=None):
        type(self).serial += 1
        references = tuple(references)
        return IncomingPayment(
            date=date(2026, 2, 1),
            amount_minor=amount_minor,
            currency=self.currency.name,
            reference=references[0] if references else "",
            reference_kind=ReferenceKind.OCR if references else ReferenceKind.NONE,
            unique_id=uid or f"TEST:{self.serial}",
            source_line=self.serial,
            payer_name=payer,
            references=references,
        )

    def _import(self, payments, name="payments.txt"):
        return self.bank._import_incoming_payments(payments, name, b"file", "TEST")
