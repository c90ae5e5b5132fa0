from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.no import kid


@tagged("post_install", "-at_install")
class TestKid(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("no")
    def setUpClass(cls):
        super().setUpClass()
        cls.sale = cls.company_data["default_journal_sale"]

    def _invoice(self, journal=None, partner=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "journal_id": (journal or self.sale).id,
                "partner_id": (partner or self.partner_a).id,
                "invoice_date": "2026-01-10",
                "invoice_line_ids": [
                    Command.create({"name": "Kontingent", "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _second_journal(self, **vals):
        return self.env["account.journal"].create(
            {
                "name": "Medlemskap",
                "code": "MED",
                "type": "sale",
                "company_id": self.env.company.id,
                "invoice_reference_model": "no",
                **vals,
            }
        )

    def test_two_sales_journals_never_make_the_same_kid(self):
        self.assertEqual(self.sale.invoice_reference_model, "no")
        # INV/2026/00001 and MED/2026/00001 have the same digits: refused without prefixes
        with self.assertRaisesRegex(ValidationError, "KID prefix"), self.cr.savepoint():
            self._second_journal()
        self.sale.l10n_no_kid_prefix = "1"
        with self.assertRaisesRegex(ValidationError, "starts with"), self.cr.savepoint():
            self._second_journal(l10n_no_kid_prefix="12")
        with self.assertRaisesRegex(ValidationError, "starts with"), self.cr.savepoint():
            self._second_journal(l10n_no_kid_prefix="1")
        with self.assertRaisesRegex(ValidationError, "first not 0"), self.cr.savepoint():
            self._second_journal(l10n_no_kid_prefix="02")
        with self.assertRaisesRegex(ValidationError, "first not 0"), self.cr.savepoint():
            self._second_journal(l10n_no_kid_prefix="٢")
        members = self._second_journal(l10n_no_kid_prefix="2")
        with self.assertRaisesRegex(ValidationError, "KID prefix"), self.cr.savepoint():
            self.sale.l10n_no_kid_prefix = False
        for composition in ("partner_invoice", "invoice"):
            (self.sale | members).l10n_no_kid_composition = composition
            dues, membership = self._invoice(), self._invoice(journal=members)
            self.assertEqual(
                [c for c in dues.name if c.isdigit()],
                [c for c in membership.name if c.isdigit()],
                "the same invoice number digits",
            )
            self.assertNotEqual(dues.payment_reference, membership.payment_reference)
            self.assertTrue(dues.payment_reference.startswith("1"))
            self.assertTrue(membership.payment_reference.startswith("2"))
            for invoice in dues | membership:
                self.assertTrue(kid.is_valid(invoice.payment_reference, "mod10"))

    def test_customer_reference_in_other_digits(self):
        for ref, customer in (("٤٧١١", "4711"), ("４７１２", "4712"), ("۴۷۱۳", "4713")):
            partner = self.env["res.partner"].create({"name": f"Medlem {ref}", "ref": ref})
            invoice = self._invoice(partner=partner)
            self.assertTrue(invoice.payment_reference.isascii(), invoice.payment_reference)
            self.assertTrue(invoice.payment_reference.startswith(customer))
            self.assertTrue(kid.is_valid(invoice.payment_reference, "mod10"))
        # digits that are not decimal digits (superscripts): not a customer number, the id is
        partner = self.env["res.partner"].create({"name": "Medlem ²", "ref": "47²"})
        invoice = self._invoice(partner=partner)
        self.assertTrue(invoice.payment_reference.startswith(str(partner.id)))
        self.assertTrue(kid.is_valid(invoice.payment_reference, "mod10"))
