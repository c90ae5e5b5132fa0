from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestBankgiroPaymentProvider(AccountTestInvoicingCommon):
    """The wire transfer offered on the portal to companies paid on Bankgiro (the tour
    pays with it): its message of the Bankgiro and OCR numbers in every installed language,
    payment_custom's list of bank accounts for a company without Bankgiro."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.set_bank_account("SE45 5000 0000 0583 9825 7466")

    def test_bankgiro_message_in_every_installed_language(self):
        for code in ("sv_SE", "nb_NO"):
            self.env["res.lang"]._activate_lang(code)
        self.bank.l10n_se_bankgiro = "9912346"
        provider = self.env["payment.provider"]._l10n_se_bankgiro_enable(self.company)
        self.assertEqual((provider.state, provider.is_published), ("enabled", True))
        self.assertIn("with the OCR number as the reference", provider.pending_msg)
        self.assertNotIn("SE45 5000 0000 0583 9825 7466", provider.pending_msg)
        self.assertIn(
            "med OCR-numret som referens", provider.with_context(lang="sv_SE").pending_msg
        )
        self.assertIn(
            "med OCR-nummeret som referanse", provider.with_context(lang="nb_NO").pending_msg
        )

    def test_without_bankgiro_the_bank_accounts(self):
        provider = self.env["payment.provider"]._l10n_se_bankgiro_enable(self.company)
        self.assertNotIn("OCR", provider.pending_msg)
        self.assertIn("SE45 5000 0000 0583 9825 7466", provider.pending_msg)
