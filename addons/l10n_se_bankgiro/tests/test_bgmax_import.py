import base64
import os
import tempfile
import time
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.se import bgmax, ocr

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples"
MAIN_SAMPLE = "bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_checksiffra_langd_sv.txt"


@tagged("post_install", "-at_install")
class TestBgMaxImport(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        assert (SAMPLES / "bgmax").is_dir(), f"sample files not found at {SAMPLES}"
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.l10n_se_bankgiro = "9912346"

    def _invoice(self, amount, reference, day=1, partner=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.partner_a).id,
                "invoice_date": f"2004-05-{day:02d}",
                "payment_reference": reference,
                "invoice_line_ids": [
                    Command.create({"name": "Avgift", "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _import(self, data, name="BGMAX.txt", journal=None):
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=(journal or self.bank).id)
            .create(
                {
                    "statement_file": base64.b64encode(data),
                    "statement_filename": name,
                }
            )
        )
        action = wizard.import_file_button()
        return self.env["account.payment.import"].browse(action["params"]["next"]["res_id"])

    def _sample(self, name):
        return (SAMPLES / "bgmax" / name).read_bytes()

    def test_bankgiro_number_validated_and_formatted(self):
        self.assertEqual(self.bank.l10n_se_bankgiro, "991-2346")
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.bank.l10n_se_bankgiro = "991-2347"

    def test_ocr_references_on_invoices(self):
        sale = self.company_data["default_journal_sale"]
        self.assertEqual(sale.invoice_reference_model, "se_ocr3", "length digit by default")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": "2004-05-01",
                "invoice_line_ids": [
                    Command.create({"name": "Avgift", "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.assertTrue(
            ocr.is_valid(invoice.payment_reference, "variable"), invoice.payment_reference
        )
        self.assertEqual(invoice.payment_reference, ocr.create(str(invoice.id)))
        sale.invoice_reference_model = "se_ocr4"
        sale.l10n_se_invoice_ocr_length = 10
        fixed = invoice.copy({"invoice_date": "2004-05-02"})
        fixed.action_post()
        self.assertEqual(len(fixed.payment_reference), 10)
        self.assertTrue(ocr.is_valid(fixed.payment_reference, "fixed", lengths=(10,)))
        # printed with the Bankgiro number
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", fixed.ids)[0]
            .decode()
        )
        self.assertIn("991-2346", html)
        self.assertIn(fixed.payment_reference, html)

    def test_main_sample_pays_invoices(self):
        paid = self._invoice(1000, "655969")
        first, second, third, fourth = (
            self._invoice(400, ref, day=i + 1)
            for i, ref in enumerate(("657866", "658765", "657767", "657965"))
        )
        overpaid = self._invoice(1000, "650861", partner=self.partner_b)
        log = self._import(self._sample(MAIN_SAMPLE))
        self.assertEqual(log.count_total, 7)
        self.assertEqual(paid.payment_state, "paid")
        self.assertEqual((first | second | third).mapped("payment_state"), ["paid"] * 3)
        self.assertEqual(fourth.payment_state, "partial")
        self.assertAlmostEqual(fourth.amount_residual, 200)  # 1400 paid for 4 x 400
        self.assertEqual(overpaid.payment_state, "paid")
        next_invoice = self._invoice(50, "x", day=20, partner=self.partner_b)
        self.assertEqual(next_invoice.payment_state, "paid", "paid by the 100 overpaid")
        self.assertEqual((log.count_matched, log.count_partial, log.count_overpaid), (1, 1, 1))
        self.assertEqual(log.count_unmatched, 4)  # a deduction, no-OCR payments
        self.assertEqual(log.file_format, "BgMax")
        self.assertEqual(base64.b64decode(log.file), self._sample(MAIN_SAMPLE))

        again = self._import(self._sample(MAIN_SAMPLE))
        self.assertEqual((again.count_total, again.count_duplicate, len(again.line_ids)), (7, 7, 0))
        self.assertEqual(again.summary, "0 new, 7 already imported, 0 unmatched")

    def test_every_sample_file(self):
        files = [
            *sorted((SAMPLES / "bgmax").glob("*.txt")),
            SAMPLES / "autogiro" / "new_layout" / "autogiro_exempelfil_bg-max-forma_sv.txt",
        ]
        invoices = {}
        for path in files:
            for payment in bgmax.incoming_payments(bgmax.parse(path.read_bytes())):
                if (
                    payment.reference_kind.value == "ocr"
                    and len(payment.references) == 1
                    and payment.reference not in invoices
                    and payment.amount_minor > 0
                ):
                    invoices[payment.reference] = self._invoice(
                        payment.amount_minor / 100, payment.reference
                    )
        self.assertGreater(len(invoices), 5)
        seen = set()
        for path in files:
            log = self._import(path.read_bytes(), name=path.name)
            payments = bgmax.incoming_payments(bgmax.parse(path.read_bytes()))
            self.assertEqual(log.count_total, len(payments), path.name)
            self.assertEqual(len(log.line_ids) + log.count_duplicate, len(payments), path.name)
            # the same payments in another file shape (LF, no padding) are duplicates
            ids = {p.unique_id for p in payments}
            self.assertEqual(log.count_duplicate, len(ids & seen), path.name)
            seen |= ids
        self.assertEqual({invoice.payment_state for invoice in invoices.values()}, {"paid"})

    def test_corrupted_files_are_refused_whole(self):
        self._invoice(1000, "655969")
        data = self._sample(MAIN_SAMPLE)
        lines = data.split(b"\r\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(b"15"))
        lines[index] = lines[index][:50] + b"000000000000190001" + lines[index][68:]
        wrong_total = b"\r\n".join(lines)
        before = self.env["account.bank.statement.line"].search_count([])
        with self.assertRaisesRegex(UserError, f"line {index + 1}.*deposit amount"):
            self._import(wrong_total)
        with self.assertRaisesRegex(UserError, "incomplete"):
            self._import(data[: len(data) // 2])
        self.assertEqual(self.env["account.bank.statement.line"].search_count([]), before)

    def test_files_dropped_in_the_journal_folder(self):
        paid = self._invoice(1000, "655969")
        data = self._sample(MAIN_SAMPLE)
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "a.txt").write_bytes(data)
            Path(folder, "b.txt").write_bytes(data[:2000])  # cut in the middle
            for name in ("a.txt", "b.txt"):  # written an hour ago: complete
                os.utime(Path(folder, name), (time.time() - 3600,) * 2)
            self.bank.payment_import_folder = folder
            self.env["account.journal"]._cron_import_payment_folders()
            self.assertEqual(sorted(p.name for p in Path(folder).iterdir() if p.is_file()), [])
            self.assertTrue(Path(folder, "done", "a.txt").exists())
            self.assertTrue(Path(folder, "failed", "b.txt").exists())
        self.assertEqual(paid.payment_state, "paid")
        log = self.env["account.payment.import"].search([("name", "=", "a.txt")])
        self.assertEqual(log.count_total, 7)
        self.assertFalse(self.env["account.payment.import"].search([("name", "=", "b.txt")]))
        self.assertIn("b.txt was refused", self.bank.message_ids[0].body)
        self.assertIn("incomplete", self.bank.message_ids[0].body)

    def test_file_for_another_bankgiro_is_refused(self):
        other = self.bank.copy(
            {"name": "Other bank", "code": "BNK9", "l10n_se_bankgiro": "5050-1055"}
        )
        with self.assertRaisesRegex(UserError, "9912346"):
            self._import(self._sample(MAIN_SAMPLE), journal=other)
