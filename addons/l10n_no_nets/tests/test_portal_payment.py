from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestKidPortalPayment(AccountTestInvoicingCommon):
    """What the portal's KID instructions are made of: the account number an invoice is
    paid to, the wire transfer offered with the KID message, the demo's set-up."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("no")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.sale = cls.company_data["default_journal_sale"]

    def _invoice(self, journal=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "journal_id": (journal or self.sale).id,
                "partner_id": self.partner_a.id,
                "invoice_date": "2026-01-15",
                "invoice_line_ids": [
                    Command.create({"name": "Kontingent", "price_unit": 450, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_account_of_an_invoice_with_kid(self):
        self.assertFalse(self._invoice().l10n_no_kid_account, "no bank account yet")
        self.bank.set_bank_account("9999.10.42764")
        invoice = self._invoice()
        self.assertEqual(invoice.partner_bank_id, self.bank.bank_account_id)
        self.assertEqual(invoice.l10n_no_kid_account, "9999.10.42764")
        # the recipient account chosen on the invoice is the one it is paid to
        other = self.env["res.partner.bank"].create(
            {"acc_number": "8601.11.17947", "partner_id": self.company.partner_id.id}
        )
        invoice.partner_bank_id = other
        self.assertEqual(invoice.l10n_no_kid_account, "8601.11.17947")
        # without one: the bank journal's, where the Nets files arrive
        invoice.partner_bank_id = False
        self.assertEqual(invoice.l10n_no_kid_account, "9999.10.42764")
        # a branch without a bank journal of its own is paid on its parent's
        branch = self.env["res.company"].create(
            {"name": "Ungdomslaget", "parent_id": self.company.id}
        )
        self.env.user.company_ids |= branch
        Move = self.env["account.move"].with_company(branch)
        invoice = Move.new({"move_type": "out_invoice", "company_id": branch.id})
        self.assertEqual(invoice.journal_id, self.sale, "the parent's sales journal")
        self.assertFalse(invoice.partner_bank_id)
        self.assertEqual(invoice.l10n_no_kid_account, "9999.10.42764", "the parent's")
        branch_bank = self.env["account.journal"].create(
            {"name": "Ungdomslagets bank", "code": "UBNK", "type": "bank", "company_id": branch.id}
        )
        branch_bank.set_bank_account("1503.12.34562")
        invoice = Move.new({"move_type": "out_invoice", "company_id": branch.id})
        self.assertEqual(invoice.l10n_no_kid_account, "1503.12.34562", "its own")

    def test_no_kid_no_account(self):
        self.bank.set_bank_account("9999.10.42764")
        self.sale.invoice_reference_model = "odoo"
        invoice = self._invoice()
        self.assertFalse(invoice.l10n_no_kid_account, "an invoice without KID")
        self.assertFalse(self.env["account.journal"]._l10n_no_kid_account_of(self.company))
        # its wire transfer lists the bank accounts, as payment_custom does
        provider = self.env["payment.provider"]._l10n_no_kid_enable(self.company)
        self.assertNotIn("KID", provider.pending_msg)
        self.assertIn("9999.10.42764", provider.pending_msg)

    def test_offer_kid_payment_on_the_portal(self):
        self.bank.set_bank_account("9999.10.42764")
        admin = new_test_user(
            self.env,
            login="no_admin",
            groups="base.group_system,account.group_account_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        action = self.bank.with_user(admin).action_l10n_no_kid_payment_provider()
        provider = self.env["payment.provider"].browse(action["res_id"])
        self.assertEqual(
            (provider.company_id, provider.code, provider.custom_mode),
            (self.company, "custom", "wire_transfer"),
        )
        self.assertEqual((provider.state, provider.is_published), ("enabled", True))
        self.assertIn("with the KID as the reference", provider.pending_msg)
        # the same provider the next time, not a second one
        again = self.bank.with_user(admin).action_l10n_no_kid_payment_provider()
        self.assertEqual(again["res_id"], provider.id)

    def test_kid_message_in_every_installed_language(self):
        for code in ("nb_NO", "sv_SE"):
            self.env["res.lang"]._activate_lang(code)
        self.bank.set_bank_account("9999.10.42764")
        provider = self.env["payment.provider"]._l10n_no_kid_enable(self.company)
        self.assertIn("with the KID as the reference", provider.pending_msg)
        self.assertIn("med KID som referanse", provider.with_context(lang="nb_NO").pending_msg)
        self.assertIn("med KID som referens", provider.with_context(lang="sv_SE").pending_msg)
        # once more (the journal's button again): each language keeps its own
        self.env["payment.provider"]._l10n_no_kid_enable(self.company)
        self.assertIn("with the KID as the reference", provider.pending_msg)
        self.assertIn("med KID som referanse", provider.with_context(lang="nb_NO").pending_msg)

    def test_demo_gives_each_norwegian_company_an_account(self):
        swedish = self.setup_other_company(
            name="Göteborgs Testsällskap", country_id=self.env.ref("base.se").id
        )["default_journal_bank"]
        second = self.bank.copy({"name": "Second bank", "code": "BNK2"})
        Journal = self.env["account.journal"]
        Journal._l10n_no_demo_kid()
        self.assertEqual(self.bank.bank_acc_number, "9999.10.42764")
        self.assertFalse(second.bank_account_id, "one journal per company")
        self.assertFalse(swedish.bank_account_id, "Norwegian companies only")
        providers = self.env["payment.provider"].search([("custom_mode", "=", "wire_transfer")])
        provider = providers.filtered(lambda p: p.company_id == self.company)
        self.assertEqual((provider.state, provider.is_published), ("enabled", True))
        self.assertIn("KID", provider.pending_msg)
        self.assertNotIn(swedish.company_id, providers.company_id)
        # a company that has a bank account keeps it
        self.bank.bank_account_id = False
        second.set_bank_account("8601.11.17947")
        Journal._l10n_no_demo_kid()
        self.assertFalse(self.bank.bank_account_id)

    def test_statement_import_lists_nets(self):
        accountant = new_test_user(
            self.env,
            login="no_accountant",
            groups="account.group_account_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        views = (
            self.env["account.statement.import"].with_user(accountant).get_views([(False, "form")])
        )
        arch = views["views"]["form"]["arch"]
        formats = arch[arch.index('<ul id="statement_format"') :]
        formats = formats[: formats.index("</ul>")]
        self.assertIn("<li>Nets OCR giro (incoming payments with KID, AvtaleGiro)</li>", formats)
