import base64
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.no import kid, nets

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples"
OCR_FILE = "netsgiro_ocr_giro_transactions.txt"


@tagged("post_install", "-at_install")
class TestNetsImport(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("no")
    def setUpClass(cls):
        super().setUpClass()
        assert (SAMPLES / "nets_ocr_giro").is_dir(), f"sample files not found at {SAMPLES}"
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.bank_account_id = cls.env["res.partner.bank"].create(
            {
                "acc_number": "9999.10.42764",
                "partner_id": cls.env.company.partner_id.id,
            }
        )
        cls.sale = cls.company_data["default_journal_sale"]

    def _invoice(self, amount, reference=None, partner=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.partner_a).id,
                "invoice_date": "1992-01-10",
                "payment_reference": reference,
                "invoice_line_ids": [
                    Command.create({"name": "Kontingent", "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _import(self, data, name="OCR.txt"):
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=self.bank.id)
            .create(
                {
                    "statement_file": base64.b64encode(data),
                    "statement_filename": name,
                }
            )
        )
        return self.env["account.payment.import"].browse(
            wizard.import_file_button()["params"]["next"]["res_id"]
        )

    def test_kid_on_invoices(self):
        self.assertEqual(self.sale.invoice_reference_model, "no")
        self.partner_a.ref = "4711"
        self.sale.write({"l10n_no_kid_algorithm": "mod11", "l10n_no_kid_length": 15})
        invoice = self._invoice(100)
        self.assertEqual(len(invoice.payment_reference), 15)
        self.assertTrue(kid.is_valid(invoice.payment_reference, "mod11", lengths=(15,)))
        number = "".join(ch for ch in invoice.name if ch.isdigit()).lstrip("0")
        self.assertTrue(invoice.payment_reference[:-1].lstrip("0").startswith("4711"))
        self.assertTrue(invoice.payment_reference[:-1].endswith(number.zfill(6)))
        self.sale.write(
            {
                "l10n_no_kid_algorithm": "mod10",
                "l10n_no_kid_length": 0,
                "l10n_no_kid_composition": "invoice",
            }
        )
        second = self._invoice(100)
        self.assertTrue(kid.is_valid(second.payment_reference, "mod10"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", second.ids)[0]
            .decode()
        )
        self.assertIn(f'KID <span class="fw-bold">{second.payment_reference}</span>', html)
        self.sale.l10n_no_kid_length = 3
        with self.assertRaisesRegex(UserError, "does not fit"), self.cr.savepoint():
            self._invoice(100)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.sale.l10n_no_kid_length = 30

    def test_ocr_giro_sample_pays_invoices(self):
        data = (SAMPLES / "nets_ocr_giro" / OCR_FILE).read_bytes()
        payments = nets.incoming_payments(data)
        invoices = {p.reference: self._invoice(p.amount_minor / 100, p.reference) for p in payments}
        log = self._import(data)
        self.assertEqual((log.count_total, log.count_matched, log.count_unmatched), (20, 20, 0))
        self.assertEqual({invoice.payment_state for invoice in invoices.values()}, {"paid"})
        self.assertEqual(log.file_format, "Nets OCR giro")
        again = self._import(data)
        self.assertEqual((again.count_duplicate, len(again.line_ids)), (20, 0))
        # the other sample has the same transactions (the Nets manual's example)
        other = self._import((SAMPLES / "nets_ocr_giro" / "java-netsgiro_ocr2.txt").read_bytes())
        self.assertEqual(other.count_duplicate, 20)

    def test_corrupted_file_is_refused_whole(self):
        data = (SAMPLES / "nets_ocr_giro" / OCR_FILE).read_text("latin-1")
        before = self.env["account.bank.statement.line"].search_count([])
        with self.assertRaisesRegex(UserError, "line 44.*total amount"):
            self._import(data.replace("0000000005144900", "0000000005144901").encode("latin-1"))
        with self.assertRaisesRegex(UserError, "incomplete"):
            self._import("\n".join(data.splitlines()[:20]).encode("latin-1"))
        self.assertEqual(self.env["account.bank.statement.line"].search_count([]), before)
