import datetime

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AutogiroCase

DUE = datetime.date(2030, 1, 16)  # a Wednesday, a Swedish bank day
ONLINE_FORM = "https://autogiro.example.se/forening-b"


@tagged("post_install", "-at_install")
class TestAutogiroPortal(AutogiroCase, HttpCase):
    """The member's direct-debit page with Autogiro: Malin's active mandate with A and her
    debit to come; how to give B (where she has none) a mandate: its bankgiro, her payer
    number, B's online mandate form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_a.country_id = cls.env.ref("base.se")
        cls.env["account.chart.template"].try_loading("se", company=cls.org_a, install_demo=False)
        journal = cls.env["account.journal"].create(
            {"name": "Bankgiro A", "code": "BGA", "type": "bank", "company_id": cls.org_a.id}
        )
        cls.payee.journal_id = journal
        cls.payee_b.online_mandate_url = ONLINE_FORM
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "Autogiro A",
                "company_id": cls.org_a.id,
                "payment_method_id": cls.env.ref("l10n_se_autogiro.payment_method_autogiro").id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
                "payment_order_ok": True,
                "default_date_prefered": "due",
            }
        )
        cls.malin.organisation_ids = [Command.set((cls.org_a | cls.org_b).ids)]
        cls.portal = new_test_user(
            cls.env, login="ag_portal_malin", groups="base.group_portal", partner_id=cls.malin.id
        )
        cls.karl_portal = new_test_user(
            cls.env, login="ag_portal_karl", groups="base.group_portal", partner_id=cls.karl.id
        )

    def setUp(self):
        super().setUp()
        self.env = self.env(context={**self.env.context, "allowed_company_ids": [self.org_a.id]})
        self._mandate(self.malin, number="1001", state="valid")
        self._mandate(self.karl, "3300-8112289874", number="1002", state="valid")
        self.invoice = self._invoice(self.malin, 350)
        self.karl_invoice = self._invoice(self.karl, 475)
        order = self._env_of(self.billing)["account.payment.order"].create(
            {"payment_mode_id": self.mode.id, "direct_debit_until": DUE}
        )
        order.action_direct_debit_fill()
        self.assertEqual(order.payment_line_ids.move_id, self.invoice | self.karl_invoice)

    def _invoice(self, partner, amount):
        move = (
            self.env["account.move"]
            .with_company(self.org_a)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.context_today(self.env["account.move"]),
                    "invoice_date_due": DUE,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Medlemsavgift",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _page(self, login):
        self.authenticate(login, login)
        response = self.url_open("/my/direct-debit")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_portal_tour(self):
        self.start_tour("/my", "direct_debit_portal_tour", login="ag_portal_malin")

    def test_start_a_mandate_with_the_organisation_without_one(self):
        page = self._page("ag_portal_malin")
        # B: its bankgiro, her payer number (her number in the address book), the form
        self.assertEqual(page.count("o_direct_debit_signup_autogiro"), 1, "B's only, not A's")
        self.assertIn("Förening B", page)
        self.assertIn("5402-9681", page)
        self.assertIn(f'o_autogiro_payer_number">{self.malin.id}<', page)
        self.assertIn(f'href="{ONLINE_FORM}"', page)
        self.assertIn("Autogiro → New mandate", page)
        self.assertNotIn("991-2346", page, "A's agreement: she has a mandate there")
        # Karl's mandate and debit are not hers
        self.assertNotIn("475.00", page)
        self.assertNotIn("9874", page)
        self.assertIn("350.00", page)

    def test_no_form_button_without_its_address(self):
        self.payee_b.online_mandate_url = False
        page = self._page("ag_portal_malin")
        self.assertIn("5402-9681", page)
        self.assertNotIn("o_autogiro_online_mandate", page)

    def test_mandate_on_its_way_needs_no_start(self):
        """Once she has asked B for a mandate (sent to Bankgirot), B offers no new one."""
        account = self.env["account.banking.mandate"]._autogiro_bank_account(
            self.malin, "8901-3232323232"
        )
        self.env["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": self.org_b.id,
                "partner_bank_id": account.id,
                "autogiro_payer_number": "77",
            }
        ).write({"state": "sent"})
        page = self._page("ag_portal_malin")
        self.assertNotIn("o_direct_debit_signup", page)
        self.assertIn("Waiting for the bank", page)

    def test_branch_collects_under_its_parents_agreement(self):
        """Connected to A's branch (no agreement of its own) and to A, without a mandate:
        one way to start, A's agreement."""
        self.karl.organisation_ids = [Command.set((self.org_a | self.branch_a).ids)]
        self.env["account.banking.mandate"].search([("partner_id", "=", self.karl.id)]).write(
            {"state": "cancel"}
        )
        page = self._page("ag_portal_karl")
        self.assertEqual(page.count("o_direct_debit_signup_autogiro"), 1)
        self.assertIn("991-2346", page)
        self.assertIn(f'o_autogiro_payer_number">{self.karl.id}<', page)
        response = self.url_open(f"/my/direct-debit/start/{self.branch_a.id}")
        self.assertIn("991-2346", response.text)
        self.assertEqual(self.url_open(f"/my/direct-debit/start/{self.org_b.id}").status_code, 404)

    def test_online_mandate_form_is_a_web_page(self):
        for url in ("javascript:alert(1)", "http://autogiro.example.se", "autogiro.example.se"):
            with self.assertRaises(ValidationError, msg=url):
                self.payee.online_mandate_url = url
        self.payee.online_mandate_url = " https://autogiro.example.se/a "
        self.assertEqual(self.payee.online_mandate_url, "https://autogiro.example.se/a")
