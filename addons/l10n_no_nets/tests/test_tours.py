from datetime import timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import (
    AccountTestInvoicingCommon,
    AccountTestInvoicingHttpCommon,
)

from nordic_formats import bankdays

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestKidPortalTours(AccountTestInvoicingHttpCommon):
    """A Norwegian organisation paid with KID, clicked through in the browser by a member
    on the portal."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("no")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.name = "DNB driftskonto"
        cls.bank.set_bank_account("9999.10.42764")
        cls.provider = cls.env["payment.provider"].browse(
            cls.bank.action_l10n_no_kid_payment_provider()["res_id"]
        )

    def _member(self, login):
        return new_test_user(self.env, login=login, password=login, groups="base.group_portal")

    def _invoice(self, partner, amount):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-01-15",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Medlemskontingent 2026", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_portal_payment_with_kid(self):
        self.assertEqual((self.provider.company_id, self.provider.state), (self.company, "enabled"))
        self.assertIn("KID", self.provider.pending_msg)
        member = self._member("no_member")
        invoice = self._invoice(member.partner_id, 450)
        self.assertTrue(invoice.payment_reference.isdigit(), "a KID")
        self.start_tour("/my/invoices", "l10n_no_nets_portal_kid_payment_tour", login="no_member")
        tx = invoice.transaction_ids
        self.assertEqual((tx.provider_id, tx.state, tx.amount), (self.provider, "pending", 450))
        self.assertEqual(tx.partner_id, member.partner_id)
        self.assertEqual(invoice.payment_state, "not_paid", "paid when the money arrives")
        # the invoice keeps telling the member how to pay it: its own KID
        self.authenticate("no_member", "no_member")
        page = self.url_open(f"/my/invoices/{invoice.id}").text
        instructions = page[page.index("o_l10n_no_kid_instructions") :]
        self.assertIn(invoice.payment_reference, instructions)
        self.assertIn("9999.10.42764", instructions)

    def test_portal_member_cannot_open_another_members_invoice(self):
        member_a, member_b = self._member("no_member_a"), self._member("no_member_b")
        invoice_a = self._invoice(member_a.partner_id, 450)
        invoice_b = self._invoice(member_b.partner_id, 225)
        self.assertNotEqual(invoice_a.payment_reference, invoice_b.payment_reference)
        self.authenticate("no_member_b", "no_member_b")
        listing = self.url_open("/my/invoices")
        self.assertIn(invoice_b.name, listing.text)
        self.assertNotIn(invoice_a.name, listing.text)
        for url in (
            f"/my/invoices/{invoice_a.id}",
            f"/my/invoices/{invoice_a.id}?report_type=html",
            f"/my/invoices/{invoice_a.id}?payment=True",
        ):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my"), f"{url}: sent back to their own page")
            self.assertNotIn(invoice_a.payment_reference, response.text)
        # their own invoice shows them its KID
        own = self.url_open(f"/my/invoices/{invoice_b.id}?report_type=html")
        self.assertIn(f'KID <span class="fw-bold">{invoice_b.payment_reference}</span>', own.text)


@tagged("post_install", "-at_install")
class TestAvtaleGiroCollectionTour(CollectionCase, HttpCase):
    def test_collection_to_the_claim_file(self):
        # within the collection's default reach (a month): Per's bank does not notify him
        per = self._invoice(
            self.per, 450, due=bankdays.next_bank_day(self.today + timedelta(days=14), "NO")
        )
        self.start_tour(
            f"/odoo/action-account_direct_debit.action_direct_debit_collections?cids={self.org.id}",
            "l10n_no_nets_avtalegiro_collection_tour",
            login="ag_no_billing",
        )
        order = self.env["account.payment.order"].search([("payment_mode_id", "=", self.mode.id)])
        self.assertEqual((order.create_uid, order.state), (self.billing, "uploaded"))
        self.assertEqual(order.payment_line_ids.move_id, per)
        self.assertEqual(order.avtalegiro_file_ids.kind, "claims")
        self.assertEqual(order.payment_line_ids.debit_state, "sent")
