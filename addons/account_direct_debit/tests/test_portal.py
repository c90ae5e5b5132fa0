from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

ACCOUNT = "SE45 5000 0000 0583 9825 7466"


@tagged("post_install", "-at_install")
class TestDirectDebitPortal(AccountTestInvoicingHttpCommon):
    """The member's direct-debit page, whatever the format (the Autogiro sign-up and the
    tour are tested in l10n_se_autogiro): their own mandates and debits, nobody else's;
    portal users read neither mandates nor debits themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org = cls.company_data["company"]
        cls.org.name = "Förening Nord"
        cls.org_b = cls.setup_other_company(name="Förening Syd")["company"]
        method = cls.env["account.payment.method"].create(
            {
                "name": "Portal test direct debit",
                "code": "sepa_direct_debit",
                "payment_type": "inbound",
                "mandate_required": True,
                "direct_debit_format": "basic",
            }
        )
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "Direct debit",
                "company_id": cls.org.id,
                "payment_method_id": method.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.company_data["default_journal_bank"].id,
                "payment_order_ok": True,
            }
        )
        Partner = cls.env["res.partner"].sudo()
        cls.anna = Partner.create(
            {
                "name": "Anna Andersson",
                "email": "anna@example.se",
                "organisation_ids": [Command.set((cls.org | cls.org_b).ids)],
            }
        )
        cls.bertil = Partner.create(
            {
                "name": "Bertil Berg",
                "email": "bertil@example.se",
                "organisation_ids": [Command.set(cls.org.ids)],
            }
        )
        cls.anna_user = new_test_user(
            cls.env, login="dd_anna", groups="base.group_portal", partner_id=cls.anna.id
        )
        cls.bertil_user = new_test_user(
            cls.env, login="dd_bertil", groups="base.group_portal", partner_id=cls.bertil.id
        )
        account = cls.env["res.partner.bank"].create(
            {"acc_number": ACCOUNT, "partner_id": cls.anna.id}
        )
        cls.mandate = cls.env["account.banking.mandate"].create(
            {
                "format": "basic",
                "partner_bank_id": account.id,
                "company_id": cls.org.id,
                "signature_date": fields.Date.today(),
            }
        )
        cls.mandate.validate()
        today = fields.Date.context_today(cls.env["account.move"])
        # a debit that failed (to be retried), then the next collection: its retry and a
        # new invoice
        cls.failed_invoice = cls._invoice(120.0, today + timedelta(days=5))
        failed = cls._collection().payment_line_ids
        failed.order_id.draft2open()
        failed.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        failed._direct_debit_failed(today, "1", "Insufficient funds")
        cls.invoice = cls._invoice(350.0, today + timedelta(days=20))
        cls.upcoming = cls._collection().payment_line_ids

    @classmethod
    def _invoice(cls, amount, due):
        invoice = cls.init_invoice(
            "out_invoice",
            partner=cls.anna,
            invoice_date=fields.Date.context_today(cls.env["account.move"]),
            amounts=[amount],
            taxes=[],
            company=cls.org,
        )
        invoice.write({"invoice_payment_term_id": False, "invoice_date_due": due})
        invoice.action_post()
        return invoice

    @classmethod
    def _collection(cls):
        order = cls.env["account.payment.order"].create({"payment_mode_id": cls.mode.id})
        order.action_direct_debit_fill()
        return order

    def _page(self, url="/my/direct-debit"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def _counter(self):
        return self.make_jsonrpc_request("/my/counters", {"counters": ["direct_debit_count"]})[
            "direct_debit_count"
        ]

    def test_member_sees_own_mandate_and_debits(self):
        self.assertEqual(self.upcoming.move_id, self.invoice | self.failed_invoice)
        self.authenticate("dd_anna", "dd_anna")
        page = self._page()
        self.assertIn("Förening Nord", page)
        self.assertIn("•••• 7466", page, "the account masked to its last 4 digits")
        for whole in ("0583 9825 7466", "05839825", "5000 0000"):
            self.assertNotIn(whole, page, "never the account number in full")
        self.assertIn("Active", page)
        # upcoming: both invoices, linked to their portal page, with the amounts
        for invoice in (self.invoice, self.failed_invoice):
            self.assertIn(invoice.name, page)
            self.assertIn(f'href="{invoice.get_portal_url()}"', page)
        self.assertIn("350.00", page)
        # the failed debit and the bank's reason
        self.assertIn("Failed", page)
        self.assertIn("Insufficient funds", page)
        self.assertEqual(self._counter(), 1)
        # her own invoice opens from the link
        response = self.url_open(self.invoice.get_portal_url(), allow_redirects=False)
        self.assertEqual(response.status_code, 200)

    def test_another_member_sees_nothing_of_hers(self):
        self.authenticate("dd_bertil", "dd_bertil")
        page = self._page()
        self.assertIn("You have no direct-debit mandate.", page)
        self.assertIn("No debit is planned.", page)
        for text in ("7466", "Insufficient funds", self.invoice.name, self.failed_invoice.name):
            self.assertNotIn(text, page)
        self.assertEqual(self._counter(), 0)
        # an organisation he is not connected to: not found
        response = self.url_open(f"/my/direct-debit/start/{self.org_b.id}")
        self.assertEqual(response.status_code, 404)
        # his own organisation: nothing of hers either
        page = self._page(f"/my/direct-debit/start/{self.org.id}")
        self.assertIn("does not collect by direct debit", page)
        self.assertNotIn("7466", page)
        # nor her invoice (without the access token her page links it with)
        response = self.url_open(f"/my/invoices/{self.invoice.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_start_page_of_an_organisation_with_her_mandate(self):
        self.authenticate("dd_anna", "dd_anna")
        page = self._page(f"/my/direct-debit/start/{self.org.id}")
        self.assertIn("You have a direct debit with", page)
        self.assertIn("•••• 7466", page)
        page = self._page(f"/my/direct-debit/start/{self.org_b.id}")
        self.assertIn("does not collect by direct debit", page)
        self.assertNotIn("7466", page)

    def test_public_is_sent_to_log_in(self):
        for url in ("/my/direct-debit", f"/my/direct-debit/start/{self.org.id}"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303))
            self.assertIn("/web/login", response.headers["Location"])

    def test_portal_users_read_no_mandate_nor_debit(self):
        with self.assertRaises(AccessError):
            self.mandate.with_user(self.anna_user).read(["state"])
        with self.assertRaises(AccessError):
            self.upcoming.with_user(self.anna_user).read(["debit_state"])
