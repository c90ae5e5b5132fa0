from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import DirectDebitCase


@tagged("post_install", "-at_install")
class TestDirectDebit(DirectDebitCase, AccountTestInvoicingCommon):
    """The collection cycle whatever the format (Autogiro and AvtaleGiro are tested in
    their modules): which invoices a collection takes, the debit states, retries and the
    hand-over to reminders, the billing run's direct-debit channel, who may."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        # a direct-debit method of OCA's mandate framework, collecting by "basic" mandates
        cls.method = cls.env["account.payment.method"].create(
            {
                "name": "Test direct debit",
                "code": "sepa_direct_debit",
                "payment_type": "inbound",
                "mandate_required": True,
                "direct_debit_format": "basic",
            }
        )
        cls.bank = cls.company_data["default_journal_bank"]
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "Direct debit",
                "company_id": cls.company.id,
                "payment_method_id": cls.method.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.bank.id,
                "payment_order_ok": True,
                "direct_debit_retries": 1,
            }
        )
        cls.billing = cls._user("dd_billing", "account.group_account_invoice", cls.company)
        cls.payer = cls.partner_a
        cls.payer.email = "payer@example.com"
        cls.mandate = cls._mandate(cls.payer)
        cls.today = fields.Date.context_today(cls.env["account.move"])

    @classmethod
    def _mandate(cls, partner, company=None):
        account = cls.env["res.partner.bank"].create(
            {"acc_number": f"NO93 8601 1117 {partner.id:03d}", "partner_id": partner.id}
        )
        mandate = cls.env["account.banking.mandate"].create(
            {
                "format": "basic",
                "partner_bank_id": account.id,
                "company_id": (company or cls.company_data["company"]).id,
                "signature_date": fields.Date.today(),
            }
        )
        mandate.validate()
        return mandate

    def _invoice(self, amount=100.0, partner=None, due_in=10):
        invoice = self.init_invoice(
            "out_invoice", partner=partner or self.payer, amounts=[amount], taxes=[]
        )
        invoice.write(
            {
                "invoice_payment_term_id": False,
                "invoice_date_due": self.today + timedelta(days=due_in),
            }
        )
        invoice.action_post()
        return invoice

    def test_collection_takes_due_invoices_of_payers_with_a_mandate(self):
        due = self._invoice(100)
        later = self._invoice(100, due_in=90)
        no_mandate = self._invoice(100, partner=self.partner_b)
        partly = self._invoice(300)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=partly.ids
        ).create({"amount": 120, "journal_id": self.bank.id})._create_payments()
        order = self._collection()
        self.assertEqual(order.payment_line_ids.move_id, due | partly)
        # a partly paid invoice is debited for the rest
        self.assertEqual(
            order.payment_line_ids.filtered(lambda line: line.move_id == partly).amount_currency,
            180,
        )
        self.assertEqual((later | no_mandate).mapped("direct_debit_state"), [False, False])
        self.assertEqual(due.direct_debit_state, "collecting")
        order.draft2open()
        self.assertEqual(order.payment_line_ids[0].date, due.invoice_date_due)
        self.assertFalse(order.payment_ids, "nothing is booked: the bank's report settles")

    def test_failed_debit_is_retried_then_reminded(self):
        invoice = self._invoice(100)
        first = self._collection().payment_line_ids
        self.assertEqual(first.debit_attempt, 1)
        first.order_id.draft2open()
        first.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        first._direct_debit_failed(self.today, "1", "Insufficient funds")
        self.assertEqual(invoice.direct_debit_state, "retry")
        self.assertEqual(invoice.direct_debit_reason, "Insufficient funds")
        mail = self._failure_mail(invoice)
        self.assertIn("could not debit", mail.body_html)
        self.assertIn("try again", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.payer)
        self.assertIn("Insufficient funds", invoice.message_ids[0].body)
        if "_dunning_remindable_domain" in dir(self.env["account.move"]):
            domain = self.env["account.move"]._dunning_remindable_domain()
            self.assertNotIn(invoice, self.env["account.move"].search(domain))
        # the next collection takes it again, as a second attempt
        second = self._collection().payment_line_ids
        self.assertEqual((second.move_id, second.debit_attempt), (invoice, 2))
        second.write({"debit_state": "sent", "debit_file_ref": "FILE-2"})
        second._direct_debit_failed(self.today, "1", "Insufficient funds")
        # one retry only: now it is left to reminders
        self.assertEqual(invoice.direct_debit_state, "failed")
        self.assertFalse(self._collection().payment_line_ids)
        self.assertIn("not debited again", self._failure_mail(invoice).body_html)
        if "_dunning_remindable_domain" in dir(self.env["account.move"]):
            domain = self.env["account.move"]._dunning_remindable_domain()
            self.assertIn(invoice, self.env["account.move"].search(domain))

    def test_debited(self):
        invoice = self._invoice(100)
        line = self._collection().payment_line_ids
        line.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        line._direct_debit_paid(self.today)
        self.assertEqual(invoice.direct_debit_state, "paid")
        self.assertEqual(self.mandate.last_debit_date, self.today)

    def test_cancelled_before_it_was_sent(self):
        invoice = self._invoice(100)
        order = self._collection()
        order.action_cancel()
        self.assertEqual(order.payment_line_ids.debit_state, "withdrawn")
        # never sent: as if it had not been collected; the next collection takes it
        self.assertFalse(invoice.direct_debit_state)
        self.assertEqual(self._collection().payment_line_ids.move_id, invoice)
        order.cancel2draft()
        self.assertEqual(order.payment_line_ids.debit_state, "draft")

    def test_sent_debits_are_withdrawn_by_the_country_module(self):
        self._invoice(100)
        line = self._collection().payment_line_ids
        line.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        # this method has no cancellation file: the bank must be asked
        with self.assertRaisesRegex(UserError, "ask the bank to stop them"):
            line.action_direct_debit_withdraw()
        with self.assertRaisesRegex(UserError, "not deleted"):
            line.unlink()
        self.assertEqual(line.debit_state, "sent")

    def test_invoice_paid_otherwise_while_its_debit_is_sent(self):
        invoice = self._invoice(100)
        other = self._invoice(100, partner=self.partner_a)
        lines = self._collection().payment_line_ids
        lines.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": self.bank.id})._create_payments()
        self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        line = lines.filtered(lambda line: line.move_id == invoice)
        # this method has no cancellation file: the invoice says what to do
        self.assertEqual((line.debit_state, line.debit_paid_otherwise), ("sent", True))
        self.assertIn("ask the bank to stop them", invoice.message_ids[0].body)
        self.assertIn("If the bank debits it, refund the payer", invoice.message_ids[0].body)
        self.assertFalse((lines - line).debit_paid_otherwise, "not paid")
        self.assertEqual(other.direct_debit_state, "collecting")

    def test_collection_is_confirmed_once(self):
        self._invoice(100)
        order = self._collection()
        order.draft2open()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            order.action_direct_debit_fill()

    def test_billing_channel(self):
        routes = (self.payer | self.partner_b)._billing_routes("direct_debit", self.company)
        self.assertEqual(routes[self.payer.id], ("direct_debit", ""))
        channel, warning = routes[self.partner_b.id]
        self.assertNotEqual(channel, "direct_debit")
        self.assertIn("No valid direct-debit mandate", warning)
        # a mandate with another organisation does not count here
        other = self.setup_other_company(name="Other club")["company"]
        self.partner_b.email = "b@example.com"
        self._mandate(self.partner_b, company=other)
        self.assertEqual(self.partner_b._billing_route("direct_debit", self.company)[0], "email")
        self.assertEqual(self.partner_b._billing_route("direct_debit", other)[0], "direct_debit")

    def test_billing_run_invoices_go_into_the_next_collection(self):
        moves = self.env["account.move"]._billing_create_invoices(
            [
                self.env["account.move"]._billing_invoice_vals(
                    self.company_data["default_journal_sale"],
                    partner,
                    [(self.product_a, "Dues", 100)],
                    self.today,
                    self.today + timedelta(days=20),
                    f"dues-{partner.id}",
                    "direct_debit",
                )
                for partner in (self.payer, self.partner_b)
            ]
        )
        self.env["account.move"].with_user(self.billing)._billing_send(moves)
        order = self.env["account.payment.order"].search(
            [("payment_mode_id", "=", self.mode.id), ("state", "=", "draft")]
        )
        self.assertEqual(order.payment_line_ids.move_id.partner_id, self.payer)
        payer_invoice = moves.filtered(lambda move: move.partner_id == self.payer)
        self.assertEqual(payer_invoice.direct_debit_state, "collecting")
        # the notice of the debit is e-mailed
        self.assertTrue(payer_invoice.is_move_sent)
        sent = payer_invoice.message_ids.filtered(lambda m: "debited" in (m.subject or ""))
        self.assertTrue(sent)
        # the other one has no mandate: said on the invoice
        other = moves - payer_invoice
        self.assertIn(
            "Not put in a direct-debit collection", " ".join(other.message_ids.mapped("body"))
        )
        # a second run's invoices go into the same draft collection
        more = self.env["account.move"]._billing_create_invoices(
            [
                self.env["account.move"]._billing_invoice_vals(
                    self.company_data["default_journal_sale"],
                    self.payer,
                    [(self.product_a, "Course", 50)],
                    self.today,
                    self.today + timedelta(days=20),
                    "course-1",
                    "direct_debit",
                )
            ]
        )
        self.env["account.move"]._billing_send(more)
        self.assertEqual(order.payment_line_ids.move_id, payer_invoice | more)

    def test_access(self):
        self._invoice(100)
        order = self._collection()
        other = self.setup_other_company(name="Other club")["company"]
        other_billing = self._user("dd_billing_other", "account.group_account_invoice", other)
        self.assertFalse(
            self.env["account.payment.order"]
            .with_user(other_billing)
            .search([("id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            order.with_user(other_billing).read(["name"])
        employee = new_test_user(self.env, login="dd_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            order.with_user(employee).read(["name"])
        portal = new_test_user(self.env, login="dd_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["account.payment.line"].with_user(portal).search([])

    def _outbound(self):
        mode = self.env["account.payment.mode"].create(
            {
                "name": "Suppliers",
                "company_id": self.company.id,
                "payment_method_id": self.env.ref("account.account_payment_method_manual_out").id,
                "bank_account_link": "fixed",
                "fixed_journal_id": self.bank.id,
                "payment_order_ok": True,
            }
        )
        # made by a payment manager (OCA's Payments group): accountants may not
        return mode, self.env["account.payment.order"].sudo().create({"payment_mode_id": mode.id})

    def test_accountants_read_supplier_orders_without_changing_them(self):
        _mode, supplier_order = self._outbound()
        accountant = self._user("dd_accountant", "account.group_account_user", self.company)
        supplier_order.with_user(accountant).read(["name"])
        with self.assertRaises(AccessError):
            supplier_order.with_user(accountant).write({"description": "changed"})
        with self.assertRaises(AccessError):
            supplier_order.with_user(accountant).unlink()
        # collections they make as billing users
        self._invoice(100)
        order = self._collection().with_user(accountant)
        order.write({"description": "March"})

    def test_a_collection_is_not_turned_into_a_supplier_payment(self):
        mode, supplier_order = self._outbound()
        self._invoice(100)
        order = self._collection()
        with self.assertRaises(AccessError):
            order.write({"payment_mode_id": mode.id, "payment_type": "outbound"})
        with self.assertRaises(AccessError):
            order.payment_line_ids.write({"order_id": supplier_order.id})
        self.assertEqual(order.payment_line_ids.order_id, order)

    def test_a_date_of_signature_is_the_signers_day(self):
        """Signed after midnight in Stockholm (23:30 UTC), the mandate is debited by a job
        or a user in UTC, for whom it is still the day before: no "signed in the future"."""
        with freeze_time("2026-12-01 23:30:00"):
            mandate = self._mandate(self.partner_b)
            mandate.signature_date = "2026-12-02"
            mandate.with_context(tz="UTC").last_debit_date = "2026-12-02"
            self.assertEqual(str(mandate.last_debit_date), "2026-12-02")
            with self.assertRaisesRegex(ValidationError, "is in the future"):
                mandate.signature_date = "2026-12-03"

    def test_a_mandate_is_not_moved_to_another_organisation(self):
        other = self.setup_other_company(name="Other club")["company"]
        other_billing = self._user("dd_billing_other2", "account.group_account_invoice", other)
        mandate = self._mandate(self.partner_b, company=other)
        with self.assertRaises(AccessError):
            mandate.with_user(other_billing).write({"company_id": self.company.id})

    def test_a_debit_is_of_the_invoice_customer_and_once(self):
        invoice = self._invoice(100)
        order = self._collection()
        # the line of the invoice made to debit somebody else's mandate
        other = self._mandate(self.partner_b)
        order.payment_line_ids.write(
            {"mandate_id": other.id, "partner_bank_id": other.partner_bank_id.id}
        )
        with self.assertRaisesRegex(UserError, "not of the invoice's customer"):
            order.draft2open()
        order.payment_line_ids.write(
            {"mandate_id": self.mandate.id, "partner_bank_id": self.mandate.partner_bank_id.id}
        )
        # the same invoice in a second collection, added by hand
        second = self.env["account.payment.order"].create({"payment_mode_id": self.mode.id})
        order.payment_line_ids.copy({"order_id": second.id})
        with self.assertRaisesRegex(UserError, f"{invoice.name} is debited more than once"):
            order.draft2open()

    def test_a_sent_collection_is_not_deleted(self):
        self._invoice(100)
        order = self._collection()
        order.payment_line_ids.write({"debit_state": "sent", "debit_file_ref": "FILE-1"})
        order.state = "generated"
        with self.assertRaisesRegex(UserError, "not deleted"):
            order.unlink()

    def test_the_collection_number_is_labelled_as_a_number_not_a_count(self):
        """OCA's label of an order's reference ("Number") is "Antal" / "Antall" (a count) in
        Swedish and Norwegian: the collection's form and list name it as its number."""
        langs = ["sv_SE", "nb_NO"]
        for code in langs:
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["account_payment_order", "account_direct_debit"], langs
        )
        Order = self.env["account.payment.order"]
        expected = {
            "sv_SE": ({"Dragningsomgångens nummer", "Betalningsorderns nummer"}, "Nummer"),
            "nb_NO": ({"Trekkoppdragets nummer", "Betalingsordrens nummer"}, "Nummer"),
        }
        for code, (labels, column) in expected.items():
            views = Order.with_context(lang=code).get_views([(False, "form"), (False, "list")])[
                "views"
            ]
            form = etree.fromstring(views["form"]["arch"])
            self.assertEqual(
                {label.get("string") for label in form.iterfind(".//label[@for='name']")},
                labels,
                code,
            )
            listed = etree.fromstring(views["list"]["arch"])
            self.assertEqual(listed.find(".//field[@name='name']").get("string"), column, code)
