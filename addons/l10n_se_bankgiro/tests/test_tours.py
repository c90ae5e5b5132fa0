from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import (
    AccountTestInvoicingCommon,
    AccountTestInvoicingHttpCommon,
)


@tagged("post_install", "-at_install")
class TestBankgiroTours(AccountTestInvoicingHttpCommon):
    """A Swedish organisation paid on Bankgiro, clicked through in the browser by the least
    privileged role that does each: its accountant imports Bankgirot's BgMax file."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.write({"name": "SEB Bankgiro", "l10n_se_bankgiro": "9912346"})
        cls.accountant = new_test_user(
            cls.env,
            login="se_accountant",
            password="se_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _invoice(self, partner, amount, reference):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-01-15",
                "payment_reference": reference,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Medlemsavgift 2026", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_bgmax_import_as_accountant(self):
        anna = self.env["res.partner"].create({"name": "Anna Andersson"})
        bo = self.env["res.partner"].create({"name": "Bo Berg"})
        paid = self._invoice(anna, 600, "100164")
        partly = self._invoice(bo, 500, "100263")
        self.start_tour(
            "/odoo/action-account.open_account_journal_dashboard_kanban",
            "l10n_se_bankgiro_bgmax_import_tour",
            login="se_accountant",
        )
        log = self.env["account.payment.import"].search([("name", "=", "BGMAX_20260210.txt")])
        self.assertEqual(log.create_uid, self.accountant)
        self.assertEqual(
            (log.journal_id, log.file_format, log.count_total), (self.bank, "BgMax", 3)
        )
        self.assertEqual(paid.payment_state, "paid")
        self.assertEqual(partly.payment_state, "partial")
        self.assertEqual(partly.amount_residual, 250)
        unmatched = log.line_ids.filtered(lambda line: line.payment_match == "unmatched")
        self.assertEqual(unmatched.payer_name, "Nils Nilsson")
        self.assertEqual(unmatched.statement_line_id.amount, 300)
        self.assertFalse(unmatched.statement_line_id.is_reconciled, "left for a person")

    def test_portal_payment_by_bankgiro(self):
        provider = self.env["payment.provider"].browse(
            self.bank.action_l10n_se_bankgiro_payment_provider()["res_id"]
        )
        self.assertEqual((provider.company_id, provider.state), (self.company, "enabled"))
        self.assertIn("OCR", provider.pending_msg)
        member = new_test_user(
            self.env, login="se_member", password="se_member", groups="base.group_portal"
        )
        invoice = self._invoice(member.partner_id, 600, "100164")
        self.start_tour("/my/invoices", "l10n_se_bankgiro_portal_payment_tour", login="se_member")
        tx = invoice.transaction_ids
        self.assertEqual((tx.provider_id, tx.state, tx.amount), (provider, "pending", 600))
        self.assertEqual(tx.partner_id, member.partner_id)
        self.assertEqual(invoice.payment_state, "not_paid", "paid when the money arrives")

    def test_portal_member_cannot_open_another_members_invoice(self):
        members = [
            new_test_user(self.env, login=login, password=login, groups="base.group_portal")
            for login in ("se_member_a", "se_member_b")
        ]
        invoice_a = self._invoice(members[0].partner_id, 600, "100164")
        invoice_b = self._invoice(members[1].partner_id, 400, "100263")
        self.authenticate("se_member_b", "se_member_b")
        listing = self.url_open("/my/invoices")
        self.assertIn(invoice_b.name, listing.text)
        self.assertNotIn(invoice_a.name, listing.text)
        response = self.url_open(f"/my/invoices/{invoice_a.id}")
        self.assertTrue(response.url.endswith("/my"), "sent back to their own page")
        self.assertNotIn(invoice_a.name, response.text)
        # nor can the member pay it
        response = self.url_open(f"/my/invoices/{invoice_a.id}?payment=True")
        self.assertNotIn("100164", response.text)
        own = self.url_open(f"/my/invoices/{invoice_b.id}")
        self.assertIn(invoice_b.name, own.text)
