import base64
import io
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import find_in_path, format_date, formatLang

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.se import ocr

LOGO_SIZE = (240, 80)


def _logo():
    buffer = io.BytesIO()
    Image.new("RGB", LOGO_SIZE, (0, 84, 166)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestInvoicePdf(AccountTestInvoicingCommon, HttpCase):
    """The PDF a member receives: rendered by wkhtmltopdf as in production (an HttpCase, so
    that wkhtmltopdf loads the report's style sheets from the test server) and read back
    with pdftotext. The sender's address, logo and page number are in the layout's header
    and footer, which only a wkhtmltopdf with patched Qt prints (scripts/setup installs
    one): without it this test fails, it does not skip."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write(
            {
                "name": "Göteborgs Testsällskap",
                "street": "Hamnvägen 4",
                "zip": "414 51",
                "city": "Göteborg",
                "company_registry": "802400-0005",
                "logo": _logo(),
                "external_report_layout_id": cls.env.ref("web.external_layout_standard").id,
            }
        )
        cls.company_data["default_journal_bank"].l10n_se_bankgiro = "9912346"
        cls.journal = cls.company_data["default_journal_sale"]
        cls.journal.invoice_reference_model = "se_ocr3"
        cls.member = cls.env["res.partner"].create(
            {
                "name": "Karin Johansson",
                "street": "Linnégatan 12",
                "zip": "413 04",
                "city": "Göteborg",
                "country_id": cls.env.ref("base.se").id,
                "email": "karin.johansson@example.com",
            }
        )
        exempt = cls.copy_account(
            cls.company_data["default_account_revenue"], {"tax_ids": [Command.clear()]}
        )
        cls.dues = cls._create_product(
            name="Medlemsavgift 2027",
            taxes_id=[Command.clear()],
            property_account_income_id=exempt.id,
        )

    def _billed_invoice(self, invoice_date, due_date):
        """An invoice made the way billing runs make theirs (account_billing_run's helpers,
        installed with every addon by scripts/test), else Odoo's standard way."""
        Move = self.env["account.move"]
        items = [(self.dues, "Medlemsavgift 2027", 650.0)]
        if hasattr(Move, "_billing_create_invoices"):
            vals = Move._billing_invoice_vals(
                self.journal, self.member, items, invoice_date, due_date, "test:pdf", "email"
            )
            return Move._billing_create_invoices([vals])
        invoice = Move.create(
            {
                "move_type": "out_invoice",
                "journal_id": self.journal.id,
                "partner_id": self.member.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create({"product_id": p.id, "name": n, "price_unit": a})
                    for p, n, a in items
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _assert_patched_wkhtmltopdf(self):
        binary = find_in_path("wkhtmltopdf")
        self.assertTrue(binary, "no wkhtmltopdf on PATH: run scripts/setup")
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        self.assertIn(
            "with patched qt",
            version,
            f"Odoo prints PDF documents with {binary} ({version or 'no version'}), which has "
            "no patched Qt: headers and footers (the sender) are left out. scripts/setup "
            "installs one and scripts/run and scripts/test put it first on PATH.",
        )
        self.assertEqual(self.env["ir.actions.report"].get_wkhtmltopdf_state(), "ok")

    def _pdf_text_and_images(self, pdf):
        for tool in ("pdftotext", "pdfimages"):
            self.assertTrue(shutil.which(tool), f"{tool} not found (Debian's poppler-utils)")
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "invoice.pdf"
            path.write_bytes(pdf)
            text = subprocess.run(
                ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
            ).stdout
            images = subprocess.run(
                ["pdfimages", "-list", path], capture_output=True, text=True, check=True
            ).stdout
        return re.sub(r"\s+", " ", text.replace("\xa0", " ")), images

    def test_billed_invoice_pdf_shows_sender_bankgiro_ocr_amount_and_due_date(self):
        self._assert_patched_wkhtmltopdf()
        invoice = self._billed_invoice(date(2027, 1, 10), date(2027, 1, 31))
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.invoice_date_due, date(2027, 1, 31))
        self.assertTrue(ocr.is_valid(invoice.payment_reference), invoice.payment_reference)

        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("account.account_invoices", invoice.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text, images = self._pdf_text_and_images(pdf)

        def shows(expected, what):
            expected = re.sub(r"\s+", " ", expected.replace("\xa0", " "))
            self.assertIn(expected, text, f"{what} not printed; the PDF reads: {text}")

        # the sender, in the layout's header: only printed with patched Qt
        shows("Göteborgs Testsällskap", "the sender's name")
        shows("Hamnvägen 4", "the sender's street (header)")
        shows("414 51 Göteborg", "the sender's postal code and town (header)")
        # the page number, in the layout's footer: only printed with patched Qt
        shows("Page 1 / 1", "the page number (footer)")
        # the logo, in the header: one image of its size
        self.assertRegex(
            images, rf"\n\s*1\s+\d+\s+image\s+{LOGO_SIZE[0]}\s+{LOGO_SIZE[1]}\s", "the logo"
        )
        shows("org. no. 802400-0005", "the organisation number")
        # the recipient, payment details, amount and due date
        shows("Karin Johansson", "the member")
        shows("Linnégatan 12", "the member's address")
        shows(f"Bankgiro 991-2346, OCR {invoice.payment_reference}", "Bankgiro and OCR")
        shows(formatLang(self.env, 650.0, currency_obj=invoice.currency_id), "the amount")
        shows(format_date(self.env, date(2027, 1, 31)), "the due date")
        shows(format_date(self.env, date(2027, 1, 10)), "the invoice date")

    def test_branch_invoices_are_paid_on_the_nearest_bankgiro(self):
        branch = self.env["res.company"].create(
            {"name": "Ungdomssektionen", "parent_id": self.company.id}
        )
        self.env.user.company_ids |= branch
        Move = self.env["account.move"].with_company(branch)
        invoice = Move.new({"move_type": "out_invoice", "company_id": branch.id})
        self.assertEqual(invoice.l10n_se_bankgiro, "991-2346", "the parent's")
        self.env["account.journal"].create(
            {
                "name": "Ungdomssektionens bank",
                "code": "UBNK",
                "type": "bank",
                "company_id": branch.id,
                "l10n_se_bankgiro": "50501055",
            }
        )
        invoice = Move.new({"move_type": "out_invoice", "company_id": branch.id})
        self.assertEqual(invoice.l10n_se_bankgiro, "5050-1055", "its own")

    def test_demo_gives_each_swedish_company_a_bankgiro_number(self):
        bank = self.company_data["default_journal_bank"]
        bank.l10n_se_bankgiro = False
        second = bank.copy({"name": "Second bank", "code": "BNK2"})
        norwegian = self.setup_other_company(
            name="Bergen Testlag", country_id=self.env.ref("base.no").id
        )["default_journal_bank"]
        Journal = self.env["account.journal"]
        Journal._l10n_se_demo_bankgiro()
        self.assertEqual(bank.l10n_se_bankgiro, "991-2346")
        self.assertFalse(second.l10n_se_bankgiro, "one journal per company")
        self.assertFalse(norwegian.l10n_se_bankgiro, "Swedish companies only")
        # and their members are shown how to pay by Bankgiro on the portal
        providers = self.env["payment.provider"].search([("custom_mode", "=", "wire_transfer")])
        provider = providers.filtered(lambda p: p.company_id == bank.company_id)
        self.assertEqual((provider.state, provider.is_published), ("enabled", True))
        self.assertNotIn(norwegian.company_id, providers.company_id)
        bank.l10n_se_bankgiro = False
        second.l10n_se_bankgiro = "50501055"
        Journal._l10n_se_demo_bankgiro()
        self.assertFalse(bank.l10n_se_bankgiro, "a company that has one gets none")
