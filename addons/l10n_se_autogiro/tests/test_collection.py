import base64
import datetime
import os
import tempfile

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from nordic_formats import bankdays
from nordic_formats.se import autogiro, bgmax

from .common import TEST_KEY, CollectionCase, changes, rejected, specification


@tagged("post_install", "-at_install")
class TestCollection(CollectionCase):
    """Autogiro collections: due invoices of payers with an active mandate → the payment
    file → Bankgirot's reports settle, fail, withdraw."""

    # -- the collection and its file ---------------------------------------------------------
    def test_collection_file(self):
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450.5)
        later = self._invoice(self.malin, 100, due=self.due + datetime.timedelta(days=60))
        nobody = self._invoice(self.person_b, 200)  # no mandate
        order = self._collection()
        self.assertTrue(order.direct_debit)
        self.assertEqual(order.payment_line_ids.move_id, malin | karl)
        self.assertEqual(order.payment_line_ids.mapped("debit_attempt"), [1, 1])
        self.assertEqual((malin | karl).mapped("direct_debit_state"), ["collecting", "collecting"])
        self.assertFalse((later | nobody).mapped("direct_debit_state")[0])
        # the same invoices do not go into a second collection
        self.assertFalse(self._collection().payment_line_ids)
        order.draft2open()
        self.assertEqual(order.state, "open")
        self.assertEqual(set(order.payment_line_ids.mapped("date")), {self.due})
        # nothing booked: the bank's report settles
        self.assertFalse(order.payment_ids)
        action = order.open2generated()
        file = order.autogiro_file_ids
        self.assertEqual((action["res_model"], action["res_id"]), ("autogiro.file", file.id))
        self.assertEqual((file.kind, file.direction, len(file)), ("payments", "out", 1))
        data = base64.b64decode(file.data)
        (section,) = autogiro.read_requests(data)
        self.assertEqual((section.payee_bankgiro, section.customer_number), ("9912346", 471117))
        self.assertEqual(
            [(p.payer_number, p.amount, p.date, p.payout) for p in section.payments],
            [("1001", 30000, self.due, False), ("1002", 45050, self.due, False)],
        )
        # byte for byte as Bankgirot's example payment file lays out a debit (TK82)
        reference = self._reference(karl)
        record = data.decode("latin-1").split("\r\n")[2]
        self.assertEqual(
            record,
            f"82{self.due:%Y%m%d}0    00000000000010020000000450500009912346{reference:<16}"
            + " " * 11,
        )
        self.assertEqual(order.payment_line_ids.mapped("debit_state"), ["sent", "sent"])
        self.assertEqual(set(order.payment_line_ids.mapped("debit_file_ref")), {file.name})
        # written once: Confirm and Generate again are refused, also after Back to draft
        with self.assertRaisesRegex(UserError, "sent to the bank once"):
            order.open2generated()
        order.generated2uploaded()
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(malin.payment_state, "not_paid")
        order.action_cancel()
        self.assertEqual(order.payment_line_ids.mapped("debit_state"), ["withdrawn", "withdrawn"])
        with self.assertRaisesRegex(UserError, "make a new collection"):
            order.cancel2draft()

    def test_debit_dates_follow_the_swedish_bank_calendar(self):
        christmas = datetime.date(self.today.year + 1, 12, 24)
        due_on_holiday = self._invoice(self.malin, 100, due=christmas)
        overdue = self._invoice(self.karl, 100, due=self.today - datetime.timedelta(days=5))
        order = self.env["account.payment.order"].create(
            {"payment_mode_id": self.mode.id, "direct_debit_until": christmas}
        )
        order.action_direct_debit_fill()
        order.draft2open()
        dates = {line.move_id: line.date for line in order.payment_line_ids}
        self.assertEqual(dates[due_on_holiday], bankdays.next_bank_day(christmas, "SE"))
        self.assertGreater(dates[due_on_holiday], christmas)
        # an overdue invoice: the first day Bankgirot still takes (the next bank day)
        self.assertEqual(dates[overdue], bankdays.add_bank_days(self.today, 1, "SE"))

    def test_sealed_payment_file(self):
        self.payee.seal_key = TEST_KEY
        self._invoice(self.malin, 300)
        order = self._collection()
        order.draft2open()
        order.open2generated()
        file = order.autogiro_file_ids
        self.assertTrue(file.sealed)
        lines = base64.b64decode(file.data).decode("latin-1").split("\r\n")
        self.assertEqual(lines[0][:4], "00" + f"{self.today:%y}")  # the seal's opening record
        self.assertEqual(lines[-2][:2], "99")  # and its closing record with the seal

    def test_paid_meanwhile_leaves_the_collection(self):
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._collection()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=malin.ids
        ).create({"journal_id": self.journal.id})._create_payments()
        order.draft2open()
        self.assertEqual(order.payment_line_ids.move_id, karl)
        self.assertIn(malin.name, order.message_ids[0].body)

    def test_a_cancelled_mandate_is_not_collected(self):
        self._invoice(self.malin, 300)
        order = self._collection()
        self.mandate_malin.write({"state": "cancel"})
        with self.assertRaisesRegex(UserError, "the mandate is not valid any more"):
            order.draft2open()

    # -- Bankgirot's payment specification ---------------------------------------------------
    def test_specification_settles_one_and_fails_the_other(self):
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(malin | karl)
        spec = specification(
            self.payee,
            self.due,
            [
                ("1001", 30000, self._reference(malin), "0"),
                ("1002", 45000, self._reference(karl), "1"),
            ],
        )
        file = self._import(spec, "UAGU2.txt", user=self.accountant)
        self.assertEqual(file.kind, "specification")
        # Malin's invoice is paid and reconciled through the payment import
        self.assertIn(malin.payment_state, ("paid", "in_payment"))
        self.assertEqual(file.payment_import_id.count_matched, 1)
        self.assertEqual(malin.direct_debit_state, "paid")
        self.assertEqual(self.mandate_malin.last_debit_date, self.due)
        # Karl's failed: marked with Bankgirot's reason, queued for the next collection
        self.assertEqual(karl.payment_state, "not_paid")
        self.assertEqual(karl.direct_debit_state, "retry")
        self.assertEqual(karl.direct_debit_reason, "Insufficient funds")
        failed_line = file.line_ids.filtered(lambda line: line.action == "debit_failed")
        self.assertEqual(failed_line.invoice_id, karl)
        self.assertEqual(order.debit_paid_count, 1)
        self.assertEqual(order.debit_failed_count, 1)
        # ... and told by e-mail (by the mail queue)
        mail = self._failure_mail(karl)
        self.assertIn("could not debit", mail.body_html)
        self.assertIn("Insufficient funds", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.karl)
        # not reminded while it is to be retried
        if hasattr(self.env["account.move"], "_dunning_remindable_domain"):
            domain = self.env["account.move"]._dunning_remindable_domain()
            self.assertFalse(self.env["account.move"].search([("id", "=", karl.id), *domain]))
        # importing the specification again changes nothing
        with self.assertRaisesRegex(UserError, "was imported already"):
            self._import(spec, "UAGU2-again.txt", user=self.accountant)
        return karl

    def test_failed_debit_retried_then_reminded(self):
        karl = self._invoice(self.karl, 450)
        self.mode.direct_debit_retries = 2
        for attempt in (1, 2, 3):
            order = self._sent_collection(karl)
            line = order.payment_line_ids
            self.assertEqual(line.debit_attempt, attempt)
            self._import(
                specification(
                    self.payee,
                    line.date,
                    [("1002", 45000, self._reference(karl), "1")],
                    written=self.due + datetime.timedelta(days=attempt),
                ),
                f"UAGU2-{attempt}.txt",
                user=self.accountant,
            )
            self.assertEqual(karl.direct_debit_state, "retry" if attempt < 3 else "failed")
        # after the last retry: no further collection takes it, reminders do
        self.assertFalse(self._collection().payment_line_ids)
        if hasattr(self.env["account.move"], "_dunning_remindable_domain"):
            domain = self.env["account.move"]._dunning_remindable_domain()
            self.assertTrue(self.env["account.move"].search([("id", "=", karl.id), *domain]))
        self.assertIn("not debited again", self._failure_mail(karl).body_html)

    def test_retry_stops_when_the_mandate_ends(self):
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(karl)
        self._import(
            specification(
                self.payee,
                order.payment_line_ids.date,
                [("1002", 45000, self._reference(karl), "2")],
            ),
            "UAGU2.txt",
            user=self.accountant,
        )
        self.assertEqual(karl.direct_debit_state, "retry")
        self.mandate_karl.write({"state": "cancel"})
        self.assertEqual(karl.direct_debit_state, "failed")

    def test_specification_is_imported_by_an_accountant(self):
        malin = self._invoice(self.malin, 300)
        self._sent_collection(malin)
        spec = specification(self.payee, self.due, [("1001", 30000, self._reference(malin), "0")])
        with self.assertRaisesRegex(AccessError, "which an accountant does"):
            self._import(spec, "UAGU2.txt")
        self.assertEqual(malin.payment_state, "not_paid")

    def test_corrupted_specification_is_refused_whole(self):
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(malin | karl)
        good = [("1001", 30000, self._reference(malin), "0")]
        # the total of the deposit does not add up
        spec = specification(self.payee, self.due, good).replace(
            b"000000000000030000   00000001", b"000000000000031000   00000001"
        )
        with self.assertRaisesRegex(UserError, r"line 2, field amount"):
            self._import(spec, "total.txt", user=self.accountant)
        # cut off before its closing record
        cut = b"\r\n".join(specification(self.payee, self.due, good).split(b"\r\n")[:3])
        with self.assertRaisesRegex(UserError, "incomplete"):
            self._import(cut, "cut.txt", user=self.accountant)
        # a payer number of nobody's debit
        unknown = specification(
            self.payee, self.due, [*good, ("9999", 45000, self._reference(karl), "0")]
        )
        with self.assertRaisesRegex(
            UserError, r"unknown.txt, line 4, field payer number: no debit of payer number 9999"
        ):
            self._import(unknown, "unknown.txt", user=self.accountant)
        self.assertFalse(self.env["autogiro.file"].search([("kind", "=", "specification")]))
        self.assertFalse(
            self.env["account.payment.import"].search([("journal_id", "=", self.journal.id)])
        )
        self.assertEqual(order.payment_line_ids.mapped("debit_state"), ["sent", "sent"])
        self.assertEqual(malin.payment_state, "not_paid")

    def test_renewed_coverage_check_waits(self):
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(karl)
        file = self._import(
            specification(self.payee, self.due, [("1002", 45000, self._reference(karl), "9")]),
            "UAGU2.txt",
            user=self.accountant,
        )
        self.assertEqual(order.payment_line_ids.debit_state, "sent")
        self.assertEqual(karl.direct_debit_state, "collecting")
        self.assertEqual(file.line_ids.action, "debit_waiting")
        # approved on a later day in the next specification: found again
        later = bankdays.add_bank_days(self.due, 1, "SE")
        self._import(
            specification(self.payee, later, [("1002", 45000, self._reference(karl), "0")]),
            "UAGU2-later.txt",
            user=self.accountant,
        )
        self.assertEqual(karl.direct_debit_state, "paid")
        self.assertIn(karl.payment_state, ("paid", "in_payment"))

    def test_statement_import_screen_takes_the_specification(self):
        malin = self._invoice(self.malin, 300)
        self._sent_collection(malin)
        spec = specification(self.payee, self.due, [("1001", 30000, self._reference(malin), "0")])
        env = self._env_of(self.accountant)
        wizard = env["account.statement.import"].create(
            {"statement_file": base64.b64encode(spec), "statement_filename": "UAGU2.txt"}
        )
        action = wizard.import_file_button()
        self.assertEqual(action["res_model"], "autogiro.file")
        self.assertIn(malin.payment_state, ("paid", "in_payment"))

    def test_bgmax_form_of_the_specification_settles_the_debits(self):
        """Autogiro's BgMax form reports only the debits made, without payer numbers: each
        is found by the reference of the payment file and the amount."""
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(malin | karl)
        self.journal.l10n_se_bankgiro = "991-2346"
        later = bankdays.add_bank_days(self.due, 1, "SE")  # a renewed coverage check
        data = bgmax.deposit_file(
            "9912346",
            later,
            [(self._reference(malin), 30000), (self._reference(karl), 45000)],
            channel=bgmax.CHANNEL_AUTOGIRO,
        )
        wizard = self._env_of(self.accountant)["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": "BGMAX-AG.txt"}
        )
        wizard.import_file_button()
        log = self.env["account.payment.import"].search([("journal_id", "=", self.journal.id)])
        self.assertEqual((log.count_total, log.count_matched), (2, 2))
        for invoice in malin | karl:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(invoice.direct_debit_state, "paid")
        self.assertEqual(order.debit_paid_count, 2)
        self.assertEqual(self.mandate_malin.last_debit_date, later)
        # the same file again: nothing booked or marked twice
        self._env_of(self.accountant)["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": "BGMAX-AG-2.txt"}
        ).import_file_button()
        again = self.env["account.payment.import"].search(
            [("journal_id", "=", self.journal.id)], order="id desc", limit=1
        )
        self.assertEqual((again.count_duplicate, len(again.line_ids)), (2, 0))

    def test_paid_otherwise_the_sent_debit_is_withdrawn(self):
        """The payer pays the invoice from their internet bank (a BgMax payment of channel
        1: no debit) while its debit is sent: the debit is withdrawn before its date, so
        that they are not debited twice."""
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(malin | karl)
        self.journal.l10n_se_bankgiro = "991-2346"
        cron = self.env.ref("account_direct_debit.ir_cron_direct_debit_paid_otherwise")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        data = bgmax.deposit_file("9912346", self.today, [(self._reference(malin), 30000)])
        self._env_of(self.accountant)["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": "BGMAX.txt"}
        ).import_file_button()
        self.assertIn(malin.payment_state, ("paid", "in_payment"))
        line = malin.direct_debit_line_ids
        self.assertEqual(line.debit_state, "sent")
        self.env.cr.flush()  # the transaction is saved: the job is started
        self.assertEqual(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers), 1
        )
        # the delivery folder cannot be written: nothing is withdrawn, the next run tries again
        self.payee.sudo().delivery_folder = "/nonexistent/autogiro"
        with self.assertLogs("odoo.addons.account_direct_debit", "ERROR"):
            self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        self.assertEqual((line.debit_state, line.debit_paid_otherwise), ("sent", False))
        self.assertFalse(self.env["autogiro.file"].search([("kind", "=", "withdrawals")]))
        self.payee.sudo().delivery_folder = False
        self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        self.assertEqual((line.debit_state, line.debit_paid_otherwise), ("withdrawn", True))
        withdrawal = self.env["autogiro.file"].search([("kind", "=", "withdrawals")])
        self.assertEqual(withdrawal.line_ids.payment_line_id, line)
        self.assertEqual(karl.direct_debit_line_ids.debit_state, "sent", "Karl's is not paid")
        self.assertEqual(order.debit_paid_count, 0)
        # whoever wrote the collection is asked to send the file (not put in a folder)
        activity = order.activity_ids
        self.assertEqual(activity.summary, "Send the withdrawal to the bank")
        self.assertEqual(activity.user_id, order.generated_user_id)
        self.assertIn(withdrawal.name, activity.note)
        self.assertIn(malin.name, activity.note)
        # the job again writes nothing
        self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        self.assertEqual(len(self.env["autogiro.file"].search([("kind", "=", "withdrawals")])), 1)

    def test_paid_otherwise_too_late_to_withdraw(self):
        malin = self._invoice(self.malin, 300)
        self._sent_collection(malin)
        line = malin.direct_debit_line_ids
        line.date = self.today  # Bankgirot takes withdrawals up to the bank day before
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=malin.ids)
            .create({"journal_id": self.journal.id})
        )
        payment._create_payments()
        self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        self.assertEqual((line.debit_state, line.debit_paid_otherwise), ("sent", True))
        self.assertFalse(self.env["autogiro.file"].search([("kind", "=", "withdrawals")]))
        message = malin.message_ids[:1]
        self.assertIn("cannot be withdrawn any more", message.body)
        self.assertIn("refund the payer", message.body)
        # the bank debits it: reported, but not booked on the invoice paid already
        self.journal.l10n_se_bankgiro = "991-2346"
        data = bgmax.deposit_file(
            "9912346", self.today, [(self._reference(malin), 30000)], channel="4"
        )
        self._env_of(self.accountant)["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": "BGMAX-AG.txt"}
        ).import_file_button()
        log = self.env["account.payment.import"].search([("name", "=", "BGMAX-AG.txt")])
        self.assertEqual(log.count_unmatched, 1)
        self.assertEqual(line.debit_state, "sent")
        self.assertIn("could not be booked on it", malin.message_ids[:1].body)

    # -- rejected payments, withdrawals, Bankgirot's cancellations ---------------------------
    def test_rejected_payments_report(self):
        malin = self._invoice(self.malin, 300)
        order = self._sent_collection(malin)
        written = self.today
        file = self._import(
            rejected(
                self.payee, written, [(self.due, "1001", 30000, self._reference(malin), "01")]
            ),
            "UAGU6.txt",
        )
        self.assertEqual(file.kind, "rejected")
        self.assertEqual(order.payment_line_ids.debit_state, "failed")
        self.assertEqual(malin.direct_debit_reason, "No mandate")
        # the totals are checked
        broken = rejected(
            self.payee, written, [(self.due, "1001", 30000, self._reference(malin), "01")]
        ).replace(b"000001000000030000", b"000001000000030001")
        with self.assertRaisesRegex(UserError, "debit total"):
            self._import(broken, "UAGU6-broken.txt")

    def test_withdraw_a_debit_and_bankgirot_confirms(self):
        malin = self._invoice(self.malin, 300)
        karl = self._invoice(self.karl, 450)
        order = self._sent_collection(malin | karl)
        line = order.payment_line_ids.filtered(lambda line: line.move_id == karl)
        line.with_env(self._env_of(self.billing)).action_direct_debit_withdraw()
        self.assertEqual(line.debit_state, "withdrawn")
        self.assertEqual(karl.direct_debit_state, "withdrawn")
        withdrawal = self.env["autogiro.file"].search([("kind", "=", "withdrawals")])
        (section,) = autogiro.read_requests(base64.b64decode(withdrawal.data))
        (amendment,) = section.amendments
        self.assertEqual(
            (amendment.code, amendment.payer_number, amendment.date, amendment.amount),
            ("25", "1002", self.due, 45000),
        )
        self.assertEqual(withdrawal.line_ids.payment_line_id, line)
        # a withdrawn invoice is not collected again by itself, and is reminded
        self.assertFalse(self._collection().payment_line_ids)
        file = self._import(
            changes(
                self.today,
                self.payee,
                [("25", self.due, "1002", 45000, None, self._reference(karl), "12")],
            ),
            "UAGU5.txt",
        )
        self.assertEqual(file.line_ids.action, "withdrawn")
        # Bankgirot cancels Malin's debit itself: her mandate was removed
        file = self._import(
            changes(
                self.today + datetime.timedelta(days=1),
                self.payee,
                [("03", self.due, "1001", 30000, None, self._reference(malin), "12")],
            ),
            "UAGU5-2.txt",
        )
        self.assertEqual(malin.direct_debit_state, "retry")
        self.assertEqual(file.line_ids.action, "debit_cancelled")
        self.assertTrue(file.line_ids.needs_followup)

    def test_withdraw_too_late_is_refused(self):
        malin = self._invoice(self.malin, 300)
        order = self._sent_collection(malin)
        order.payment_line_ids.date = self.today
        with self.assertRaisesRegex(UserError, "cannot be withdrawn any more"):
            order.payment_line_ids.action_direct_debit_withdraw()
        self.assertEqual(order.payment_line_ids.debit_state, "sent")

    def test_date_change_taken_over(self):
        malin = self._invoice(self.malin, 300)
        order = self._sent_collection(malin)
        new_date = bankdays.add_bank_days(self.due, 3, "SE")
        self._import(
            changes(
                self.today,
                self.payee,
                [("29", self.due, "1001", 30000, new_date, self._reference(malin), "18")],
            ),
            "UAGU5.txt",
        )
        self.assertEqual(order.payment_line_ids.date, new_date)

    # -- who may ------------------------------------------------------------------------------
    def test_access(self):
        self._invoice(self.malin, 300)
        order = self._collection()
        # another organisation's billing user sees nothing of it
        other = self._env_of(self.billing_b)
        self.assertFalse(other["account.payment.order"].search([("id", "=", order.id)]))
        self.assertFalse(other["account.payment.line"].search([("order_id", "=", order.id)]))
        with self.assertRaises(AccessError):
            order.with_env(other).read(["name"])
        # staff without billing rights, and a portal member, cannot read collections
        with self.assertRaises(AccessError):
            order.with_env(self._env_of(self.staff)).read(["name"])
        portal = new_test_user(self.env, login="ag_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env(user=portal)["account.payment.line"].search([])
        # a billing user sees collections, not the supplier payment orders
        outbound_mode = self.env["account.payment.mode"].create(
            {
                "name": "Suppliers",
                "company_id": self.org_a.id,
                "payment_method_id": self.env.ref("account.account_payment_method_manual_out").id,
                "bank_account_link": "fixed",
                "fixed_journal_id": self.journal.id,
                "payment_order_ok": True,
            }
        )
        supplier_order = self.env["account.payment.order"].create(
            {"payment_mode_id": outbound_mode.id}
        )
        mine = self._env_of(self.billing)["account.payment.order"].search([])
        self.assertIn(order, mine)
        self.assertNotIn(supplier_order, mine)

    def test_file_delivered_to_the_folder(self):
        self._invoice(self.malin, 300)
        order = self._collection()
        order.draft2open()
        with tempfile.TemporaryDirectory() as folder:
            self.payee.sudo().delivery_folder = folder
            order.open2generated()
            file = order.autogiro_file_ids
            self.assertEqual(file.delivered_to, folder)
            with open(os.path.join(folder, file.name), "rb") as handle:
                self.assertEqual(handle.read(), base64.b64decode(file.data))

    def test_files_are_kept_as_they_were(self):
        self._invoice(self.malin, 300)
        order = self._collection()
        order.draft2open()
        order.open2generated()
        file = order.autogiro_file_ids.with_env(self._env_of(self.billing))
        for vals in ({"checksum": "0" * 64}, {"payee_id": self.payee_b.id}, {"name": "other"}):
            with self.assertRaisesRegex(AccessError, "kept as it was"):
                file.write(vals)

    def test_file_content_for_organisation_users_only(self):
        """Mandate files and reports carry the payers' personnummer: a billing user who is
        not an organisation user (who see identity numbers) does not read them."""
        self.mandate_malin.write({"state": "draft", "autogiro_pending": "new"})
        self.mandate_malin.with_env(self._env_of(self.billing)).action_autogiro_export()
        file = self.env["autogiro.file"].search([("kind", "=", "mandates")])
        billing_only = self._user("ag_billing_only", "account.group_account_invoice", self.org_a)
        with self.assertRaises(AccessError):
            file.with_env(self._env_of(billing_only)).read(["data"])
        self.assertTrue(file.with_env(self._env_of(self.billing)).read(["data"])[0]["data"])

    def test_mandate_only_under_the_organisations_own_payee(self):
        env_b = self._env_of(self.billing_b)
        with self.assertRaisesRegex(ValidationError, "does not collect under the Autogiro payee"):
            env_b["account.banking.mandate"].create(
                {
                    "format": "autogiro",
                    "company_id": self.org_b.id,
                    "autogiro_payee_id": self.payee.id,
                    "autogiro_payer_id": self.person_b.id,
                    "autogiro_account": "8901-3232323232",
                    "autogiro_payer_number": "1001",
                }
            )
