import base64
import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from nordic_formats.se import autogiro

from .common import CollectionCase, advice, specification


@tagged("post_install", "-at_install")
class TestBranch(CollectionCase):
    """Organisation A's youth section, a branch without an Autogiro agreement of its own,
    collects under A's: its billing user (who works in the branch only) registers the
    mandates of its members and collects its invoices in its own collections on A's
    bankgiro journal, under A's customer number and bankgiro; A's accountant, who keeps
    the books of A and its branch, imports Bankgirot's reports and books them there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the branch keeps the books in A's chart of accounts (Odoo: a branch's chart is
        # its root's)
        cls.branch_a.country_id = cls.env.ref("base.se")
        cls.env["account.chart.template"].try_loading(
            "se", company=cls.branch_a, install_demo=False
        )
        cls.branch_billing = cls._user(
            "ag_branch_billing",
            "account.group_account_invoice,association_base.group_association_user",
            cls.branch_a,
        )
        # A's accountant books the payee's bank journal for A and its branch
        cls.root_accountant = new_test_user(
            cls.env,
            login="ag_root_accountant",
            groups="base.group_user,account.group_account_user",
            company_id=cls.org_a.id,
            company_ids=[Command.set((cls.org_a | cls.branch_a).ids)],
        )
        # the branch's own collections: the money arrives on the payee's bankgiro, which
        # is A's bank journal (a branch uses its root's journals)
        cls.branch_mode = cls.env["account.payment.mode"].create(
            {
                "name": "Autogiro A, ungdom",
                "company_id": cls.branch_a.id,
                "payment_method_id": cls.mode.payment_method_id.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.journal.id,
                "payment_order_ok": True,
                "default_date_prefered": "due",
            }
        )
        Partner = cls.env["res.partner"]
        cls.ebba, cls.olle = Partner.create(
            [
                {
                    "name": "Ebba Ek",
                    "email": "ebba@example.se",
                    "national_id": "20050617-1230",
                    "organisation_ids": [Command.set(cls.branch_a.ids)],
                },
                {
                    "name": "Olle Ek",
                    "email": "olle@example.se",
                    "national_id": "19980304-1236",
                    "organisation_ids": [Command.set(cls.branch_a.ids)],
                },
            ]
        )

    # -- helpers, as the branch's billing user works ---------------------------------------------
    def _branch(self):
        """The branch's billing user, in a request of their own: nothing of A is in the
        cache that they did not read themselves (they may not read A, their parent company)."""
        self.env.invalidate_all()
        return self._env_of(self.branch_billing)

    def _branch_mandate(self, partner, account):
        return self._branch()["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": self.branch_a.id,
                "autogiro_payer_id": partner.id,
                "autogiro_account": account,
            }
        )

    def _branch_invoice(self, partner, amount):
        move = (
            self._branch()["account.move"]
            .with_company(self.branch_a)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "invoice_date_due": self.due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Lägeravgift",
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

    def _branch_collection(self):
        order = self._branch()["account.payment.order"].create(
            {"payment_mode_id": self.branch_mode.id}
        )
        order.with_env(self._branch()).action_direct_debit_fill()
        return order

    def _branch_send(self, order):
        """Confirm, write the payment file, mark it sent: each a request of the branch's
        user. Returns what writing the file opens."""
        order.with_env(self._branch()).draft2open()
        action = order.with_env(self._branch()).open2generated()
        order.with_env(self._branch()).generated2uploaded()
        return action

    def _file_of(self, order):
        """The payment file of ``order`` as the branch user reads it: (payee bankgiro,
        customer number, [(payer number, öre, date)])."""
        file = order.autogiro_file_ids
        self.assertEqual((file.kind, file.direction, len(file)), ("payments", "out", 1))
        (section,) = autogiro.read_requests(base64.b64decode(file.data))
        return (
            section.payee_bankgiro,
            section.customer_number,
            [(p.payer_number, p.amount, p.date) for p in section.payments],
        )

    def _active_branch_mandates(self):
        """Ebba's and Olle's mandates, registered by the branch, sent in the branch's
        mandate file and approved by Bankgirot's advice (imported by A's accountant)."""
        ebba = self._branch_mandate(self.ebba, "3300-0506171230")
        olle = self._branch_mandate(self.olle, "3300-9803041236")
        mandates = ebba | olle
        mandates.with_env(self._branch()).action_autogiro_export()
        self._import(
            advice(self.payee, self.today, mandates), "UAGU4.txt", user=self.root_accountant
        )
        self.assertEqual(mandates.mapped("state"), ["valid", "valid"])
        return ebba, olle

    # -- the tests ---------------------------------------------------------------------------
    def test_branch_registers_mandates_under_its_parents_payee(self):
        """The branch's billing user registers the mandates of its members (in a request of
        their own: nothing of A read before) under A's payee and cancels them; it reads
        that agreement without changing it, and sees its own mandates only."""
        mandates = self._branch_mandate(self.ebba, "3300-0506171230") | self._branch_mandate(
            self.olle, "3300-9803041236"
        )
        self.assertEqual(mandates.autogiro_payee_id, self.payee)
        self.assertEqual(mandates.company_id, self.branch_a)
        self.assertEqual(mandates.mapped("autogiro_pending"), ["new", "new"])
        branch = self._branch()
        self.assertEqual(branch["autogiro.payee"].search([]), self.payee)
        with self.assertRaises(AccessError):
            self.payee.with_env(branch).write({"customer_number": "1"})
        self.assertEqual(branch["account.banking.mandate"].search([]), mandates)
        with self.assertRaises(AccessError):
            self.mandate_malin.with_env(branch).read(["autogiro_payer_number"])
        # it cancels one of them (never sent: it ends at once)
        mandates[1].with_env(self._branch()).cancel()
        self.assertEqual((mandates[1].state, mandates[1].autogiro_pending), ("cancel", False))
        # nor does the branch register mandates for A, or under another organisation's
        # agreement
        with self.assertRaises(AccessError):
            branch["account.banking.mandate"].create(
                {
                    "format": "autogiro",
                    "company_id": self.org_a.id,
                    "autogiro_payer_id": self.ebba.id,
                    "autogiro_account": "3300-0506171230",
                    "autogiro_payer_number": "7001",
                }
            )
        with self.assertRaises(ValidationError) as caught:
            mandates[0].with_env(self._branch()).autogiro_payee_id = self.payee_b
        self.assertIn("does not collect under the Autogiro payee", str(caught.exception))
        self.assertEqual(mandates.autogiro_payee_id, self.payee)
        # A's users who do not work in the branch see none of the branch's mandates
        a_billing = self._env_of(self.billing)
        self.assertFalse(a_billing["account.banking.mandate"].search([("id", "in", mandates.ids)]))

    def test_branch_collects_under_its_parents_payee(self):
        # 1. the branch's billing user registers its members' mandates: under A's payee
        ebba_mandate = self._branch_mandate(self.ebba, "3300-0506171230")
        olle_mandate = self._branch_mandate(self.olle, "3300-9803041236")
        mandates = ebba_mandate | olle_mandate
        self.assertEqual(mandates.autogiro_payee_id, self.payee)
        self.assertEqual(mandates.company_id, self.branch_a)
        self.assertEqual(mandates.mapped("autogiro_pending"), ["new", "new"])

        # 2. ... and writes the mandate file: A's customer number and bankgiro, the
        # branch's mandates only (A's own mandates are no business of the branch)
        self.mandate_malin.write({"state": "draft", "autogiro_pending": "new"})
        action = self._branch()["account.banking.mandate"].action_autogiro_export()
        mandate_file = self._branch()["autogiro.file"].browse(action["res_id"])
        self.assertEqual((mandate_file.kind, mandate_file.payee_id), ("mandates", self.payee))
        self.assertTrue(mandate_file.name.startswith("BFEP.IAGAG.K0471117.D"))
        (section,) = autogiro.read_requests(base64.b64decode(mandate_file.data))
        self.assertEqual((section.payee_bankgiro, section.customer_number), ("9912346", 471117))
        self.assertEqual(
            sorted((r.action, r.payer_number, r.account, r.id_number) for r in section.mandates),
            sorted(
                [
                    ("new", str(self.ebba.id), "3300000506171230", "200506171230"),
                    ("new", str(self.olle.id), "3300009803041236", "199803041236"),
                ]
            ),
        )
        self.assertEqual(mandates.mapped("state"), ["sent", "sent"])
        self.assertEqual(self.mandate_malin.autogiro_pending, "new", "A's is A's to send")

        # 3. Bankgirot's mandate advice (to the payee: A) approves them
        record = self._import(
            advice(self.payee, self.today, mandates), "UAGU4.txt", user=self.root_accountant
        )
        self.assertEqual(record.line_ids.mapped("action"), ["activated", "activated"])
        self.assertEqual(mandates.mapped("state"), ["valid", "valid"])

        # 4. the branch's invoices go into the branch's own collection, on A's journal
        ebba = self._branch_invoice(self.ebba, 350)
        olle = self._branch_invoice(self.olle, 275)
        self.assertEqual((ebba | olle).company_id, self.branch_a)
        a_invoice = self._invoice(self.malin, 300)  # A's own: not the branch's to collect
        self.mandate_malin.write({"state": "valid", "autogiro_pending": False})
        order = self._branch_collection()
        self.assertEqual((order.company_id, order.journal_id), (self.branch_a, self.journal))
        self.assertEqual(order.payment_line_ids.move_id, ebba | olle)
        self.assertEqual(order.payment_line_ids.mandate_id, mandates)
        self.assertEqual(
            self._collection().payment_line_ids.move_id,
            a_invoice,
            "A's collection takes A's invoices, not its branch's",
        )

        # 5. the branch's user confirms it and writes the payment file: A's customer number
        # and bankgiro
        action = self._branch_send(order)
        self.assertEqual(action["res_model"], "autogiro.file")
        self.assertEqual(order.autogiro_file_ids.payee_id, self.payee)
        bankgiro, customer_number, debits = self._file_of(order)
        self.assertEqual((bankgiro, customer_number), ("9912346", 471117))
        self.assertEqual(
            sorted(debits),
            sorted(
                [
                    (ebba_mandate.autogiro_payer_number, 35000, self.due),
                    (olle_mandate.autogiro_payer_number, 27500, self.due),
                ]
            ),
        )
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(order.payment_line_ids.mapped("debit_state"), ["sent", "sent"])

        # 6. Bankgirot's payment specification (to A), imported by A's accountant and booked
        # on A's bankgiro journal: Ebba's debit pays the branch's invoice, Olle's has no funds
        spec = specification(
            self.payee,
            self.due,
            [
                (ebba_mandate.autogiro_payer_number, 35000, self._reference(ebba), "0"),
                (olle_mandate.autogiro_payer_number, 27500, self._reference(olle), "1"),
            ],
        )
        file = self._import(spec, "UAGU2.txt", user=self.root_accountant)
        self.assertEqual(file.payment_import_id.journal_id, self.journal)
        self.assertEqual(file.payment_import_id.count_matched, 1)
        self.assertIn(ebba.payment_state, ("paid", "in_payment"))
        receivable = ebba.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
        self.assertTrue(receivable.reconciled)
        payment_line = receivable.matched_credit_ids.credit_move_id
        self.assertEqual(payment_line.journal_id, self.journal)
        self.assertEqual(payment_line.company_id, self.org_a, "booked in A, the payee's books")
        self.assertEqual(ebba.direct_debit_state, "paid")
        self.assertEqual(ebba_mandate.last_debit_date, self.due)
        # Olle's failed: marked with the reason, he is told, the branch collects it again
        self.assertEqual(olle.payment_state, "not_paid")
        self.assertEqual(
            (olle.direct_debit_state, olle.direct_debit_reason), ("retry", "Insufficient funds")
        )
        self.assertEqual(self._failure_mail(olle).recipient_ids, self.olle)
        self.assertEqual((order.debit_paid_count, order.debit_failed_count), (1, 1))

        # 7. the retry: in the branch's next collection, debited this time
        retry = self._branch_collection()
        self.assertEqual(retry.payment_line_ids.move_id, olle)
        self.assertEqual(retry.payment_line_ids.debit_attempt, 2)
        self._branch_send(retry)
        bankgiro, customer_number, debits = self._file_of(retry)
        self.assertEqual((bankgiro, customer_number), ("9912346", 471117))
        date = retry.payment_line_ids.date
        self.assertEqual(debits, [(olle_mandate.autogiro_payer_number, 27500, date)])
        self._import(
            specification(
                self.payee,
                date,
                [(olle_mandate.autogiro_payer_number, 27500, self._reference(olle), "0")],
                written=date + datetime.timedelta(days=1),
            ),
            "UAGU2-2.txt",
            user=self.root_accountant,
        )
        self.assertIn(olle.payment_state, ("paid", "in_payment"))
        self.assertEqual(olle.direct_debit_state, "paid")

    def test_the_branch_sees_its_own_collections_only(self):
        """The branch's billing user reads the journal its money arrives on, but none of
        A's own collections, files and invoices; A's users who do not work in the branch
        see none of the branch's collections."""
        self._active_branch_mandates()
        ebba = self._branch_invoice(self.ebba, 350)
        branch_order = self._branch_collection()
        # A's own: an invoice in a collection, a mandate file
        a_invoice = self._invoice(self.malin, 300)
        a_order = self._collection()
        self.mandate_karl.write({"state": "draft", "autogiro_pending": "new"})
        self.mandate_karl.with_env(self._env_of(self.billing)).action_autogiro_export()
        a_files = self.env["autogiro.file"].search([("company_id", "=", self.org_a.id)])
        self.assertTrue(a_files)

        branch = self._branch()
        self.assertEqual(self.journal.with_env(branch).name, "Bankgiro A")
        self.assertEqual(branch["account.payment.order"].search([]), branch_order)
        self.assertEqual(branch["account.payment.line"].search([]), branch_order.payment_line_ids)
        self.assertEqual(branch["account.move"].search([("move_type", "=", "out_invoice")]), ebba)
        # of the files, the branch's own mandate file (Bankgirot's advice is A's: it may
        # carry A's members' identity numbers)
        self.assertEqual(branch["autogiro.file"].search([]).mapped("kind"), ["mandates"])
        self.assertFalse(branch["autogiro.file"].search([("id", "in", a_files.ids)]))
        for record, field in (
            (a_order, "name"),
            (a_order.payment_line_ids, "amount_currency"),
            (a_invoice, "name"),
            (a_files[0], "name"),
            (a_files.line_ids[0], "payer_number"),
        ):
            with self.assertRaises(AccessError, msg=record):
                record.with_env(branch).read([field])
        # nor does the branch collect for A
        with self.assertRaises(AccessError):
            branch["account.payment.order"].create({"payment_mode_id": self.mode.id})
        # A's users who do not work in the branch see none of the branch's collections
        a_billing = self._env_of(self.billing)
        self.assertFalse(a_billing["account.payment.order"].search([("id", "=", branch_order.id)]))

    def test_the_branch_reads_what_the_reports_say_of_its_mandates(self):
        """Bankgirot's reports are the payee's organisation's files (A's), but what they say
        of the branch's mandates the branch's user reads (and follows up): the records about
        its own mandates, never those about A's or a sibling branch's; the file itself stays
        A's. Another organisation's staff read none of them."""
        sibling = self.env["res.company"].create(
            {"name": "Förening A, senior", "parent_id": self.org_a.id}
        )
        self.env.user.company_ids |= sibling
        self.root_accountant.company_ids |= sibling
        sibling_billing = self._user(
            "ag_sibling_billing",
            "account.group_account_invoice,association_base.group_association_user",
            sibling,
        )
        senior = self.env["res.partner"].create(
            {
                "name": "Sven Senior",
                "national_id": "19450302-1232",
                "organisation_ids": [Command.set(sibling.ids)],
            }
        )
        senior_mandate = self.env(context={"allowed_company_ids": sibling.ids})[
            "account.banking.mandate"
        ].create(
            {
                "format": "autogiro",
                "company_id": sibling.id,
                "autogiro_payer_id": senior.id,
                "autogiro_account": "3300-4503021232",
            }
        )
        ebba = self._branch_mandate(self.ebba, "3300-0506171230")
        olle = self._branch_mandate(self.olle, "3300-9803041236")
        mandates = (ebba | olle | senior_mandate | self.mandate_malin).with_env(self.env)
        # one advice of all four, imported by A's accountant (who works in every unit)
        report = self._import(
            advice(self.payee, self.today, mandates), "UAGU4.txt", user=self.root_accountant
        )
        self.assertEqual(report.company_id, self.org_a)
        self.assertEqual(len(report.line_ids), 4)
        lines = {line.mandate_id: line for line in report.line_ids}

        branch = self._branch()
        own = branch["autogiro.file.line"].search([])
        self.assertEqual(own, lines[ebba] | lines[olle])
        self.assertEqual(
            sorted(own.mapped("action")), ["activated", "activated"], "what the bank said"
        )
        # the file's name is shown with them (the file itself is A's)
        self.assertEqual({line["file_id"][1] for line in own.read(["file_id"])}, {"UAGU4.txt"})
        # each mandate's history shows the advice, in the branch too
        self.assertEqual(ebba.with_env(self._branch()).autogiro_file_line_ids, lines[ebba])
        # the branch follows up its own records
        lines[olle].with_env(self._branch()).followed_up = True
        self.assertTrue(lines[olle].followed_up)
        # ... but reads none about A's or the sibling's mandates, nor A's file
        for record in (lines[self.mandate_malin], lines[senior_mandate], report):
            with self.assertRaises(AccessError, msg=record):
                record.with_env(self._branch()).read(["display_name"])
        with self.assertRaises(AccessError):
            lines[senior_mandate].with_env(self._branch()).followed_up = True
        # nor adds records to A's file
        with self.assertRaises(AccessError):
            self._branch()["autogiro.file.line"].create(
                {"file_id": report.id, "mandate_id": ebba.id, "action": "unknown"}
            )
        # the sibling reads its own record only, A's users A's file's, B none
        sibling_env = self._env_of(sibling_billing)
        self.assertEqual(sibling_env["autogiro.file.line"].search([]), lines[senior_mandate])
        self.assertEqual(
            self._env_of(self.billing)["autogiro.file.line"].search([]), report.line_ids
        )
        staff_b = self._env_of(self.billing_b)
        self.assertFalse(staff_b["autogiro.file.line"].search([]))
        self.assertFalse(staff_b["autogiro.file"].search([]))
        with self.assertRaises(AccessError):
            lines[ebba].with_env(staff_b).read(["payer_number"])

    def test_an_accountant_outside_the_branch_books_nothing_of_it(self):
        """The specification of a branch's debits is not for an accountant of A who does not
        work in the branch: refused whole, saying the payer is the branch's (the branch's
        debits are not theirs to see), in the accountant's language; nor is Bankgirot's
        advice about the branch's mandates."""
        ebba_mandate, olle_mandate = self._active_branch_mandates()
        ebba = self._branch_invoice(self.ebba, 350)
        order = self._branch_collection()
        self._branch_send(order)
        number = ebba_mandate.autogiro_payer_number
        spec = specification(self.payee, self.due, [(number, 35000, self._reference(ebba), "0")])
        with self.assertRaises(UserError) as caught:
            self._import(spec, "UAGU2.txt", user=self.accountant)
        self.assertEqual(
            str(caught.exception),
            f"UAGU2.txt, line 3, field payer number: payer number {number} is collected by "
            "Förening A, ungdom, an organisation unit you do not work in: its mandates and "
            "debits are not yours to see. The file is imported by someone who works in every "
            "unit it reports on. Nothing was imported.",
        )
        # Bankgirot's advice about a branch's mandate likewise
        with self.assertRaisesRegex(
            UserError,
            f"line 2, field payer number: payer number {olle_mandate.autogiro_payer_number} "
            "is collected by Förening A, ungdom, an organisation unit you do not work in",
        ):
            self._import(
                advice(self.payee, self.today, olle_mandate), "UAGU4.txt", user=self.accountant
            )
        # in Swedish for a Swedish accountant
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["l10n_se_autogiro"], ["sv_SE"])
        self.accountant.lang = "sv_SE"
        with self.assertRaisesRegex(
            UserError,
            f"betalarnummer {number} dras av Förening A, ungdom, en organisationsenhet du inte "
            "arbetar i",
        ):
            self._import(spec, "UAGU2.txt", user=self.accountant)
        # an accountant who works in the branch but has not selected it is told to select it
        only_a = self.env(
            user=self.root_accountant, context={"allowed_company_ids": self.org_a.ids}
        )
        with self.assertRaisesRegex(
            UserError,
            f"payer number {number} is collected by Förening A, ungdom, which is not selected: "
            "select it as well in the company switcher",
        ):
            only_a["autogiro.file"]._import_report(spec, "UAGU2.txt")
        self.assertEqual(ebba.payment_state, "not_paid")
        self.assertEqual(order.payment_line_ids.debit_state, "sent")
        self.assertEqual(olle_mandate.state, "valid")
        self.assertFalse(self.env["autogiro.file"].search([("kind", "=", "specification")]))
        self.assertEqual(
            len(self.env["autogiro.file"].search([("kind", "=", "mandate_advice")])), 1
        )

    def test_another_organisation_does_not_collect_under_the_payee(self):
        """Organisation C, beside A (not its branch) and without an agreement: nothing of
        A's payee is C's."""
        org_c = self.env["res.company"].create({"name": "Förening C"})
        Payee = self.env["autogiro.payee"]
        self.assertFalse(Payee._of_company(org_c))
        self.assertEqual(Payee._of_company(self.org_b), self.payee_b)
        billing_c = self._user(
            "ag_billing_c",
            "account.group_account_invoice,association_base.group_association_user",
            org_c,
        )
        env_c = self._env_of(billing_c)
        self.assertFalse(env_c["autogiro.payee"].search([]))
        with self.assertRaises(AccessError):
            self.payee.with_env(env_c).read(["customer_number"])
        person_c = self.env["res.partner"].create(
            {
                "name": "Cecilia C",
                "national_id": "19980304-4560",
                "organisation_ids": [Command.set(org_c.ids)],
            }
        )
        vals = {
            "format": "autogiro",
            "company_id": org_c.id,
            "autogiro_payer_id": person_c.id,
            "autogiro_account": "3300-9803044560",
        }
        for extra, message in (
            ({}, "Förening C has no Autogiro agreement"),
            ({"autogiro_payee_id": self.payee.id}, "does not collect under the Autogiro payee"),
        ):
            with self.assertRaises(ValidationError) as caught:
                env_c["account.banking.mandate"].create({**vals, **extra})
            self.assertIn(message, str(caught.exception))
        # nor does C import A's reports
        mandate = self._branch_mandate(self.ebba, "3300-0506171230")
        mandate.write({"state": "sent", "autogiro_pending": False})
        with self.assertRaisesRegex(UserError, "none of your organisations' Autogiro payees"):
            self._import(advice(self.payee, self.today, mandate), "UAGU4.txt", user=billing_c)
        self.assertEqual(mandate.state, "sent")
