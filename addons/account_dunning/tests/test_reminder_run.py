from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DunningCommon

DUE = date(2026, 11, 4)  # a Wednesday: the first reminder is due on Saturday 14th


@tagged("post_install", "-at_install")
class TestReminderRun(DunningCommon):
    def _sms(self, comms):
        return self.env["sms.sms"].search([("mail_message_id.res_id", "in", comms.ids)])

    def test_level_at_the_day_boundary(self):
        """Due date + 10 days, and a Saturday is a day like any other."""
        self._invoice(self.karin, DUE)
        self.assertFalse(self._run(date(2026, 11, 13)).communication_ids)
        run = self._run(date(2026, 11, 14))
        self.assertEqual(run.communication_ids.policy_level_id, self.level_1)

    def test_one_reminder_per_person(self):
        """Two overdue invoices of one person: one reminder, one fee, one e-mail with both
        invoices, one SMS to the mobile number in E.164; the invoices' history says so."""
        first = self._invoice(self.karin, DUE)
        second = self._invoice(self.karin, date(2026, 11, 2), amount=250.0)
        run = self._run(date(2026, 11, 14))
        comm = run.communication_ids
        self.assertEqual(len(comm), 1)
        self.assertEqual((comm.invoice_count, comm.amount_due_total), (2, 850.0))
        self.assertEqual(comm.fee_amount, 60.0)
        self.assertIn("60", run.figures)
        self.assertEqual(run.dunning_state, "preview")
        self.assertFalse(self._mails(comm), "the preview sends nothing")

        self._send(run)
        self.assertEqual(run.dunning_state, "done")
        self.assertEqual(comm.dunning_state, "done")
        mail = self._mails(comm)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.karin)
        self.assertEqual(len(mail.attachment_ids), 2)
        self.assertIn(first.payment_reference, mail.body_html)
        self.assertIn(second.payment_reference, mail.body_html)
        sms = self._sms(comm)
        self.assertEqual(sms.number, "+46701234567")
        fee = comm.fee_move_id
        self.assertEqual(
            (fee.state, fee.amount_total, fee.partner_id), ("posted", 60.0, self.karin)
        )
        self.assertEqual(fee.invoice_line_ids.product_id, self.fee_product)
        self.assertEqual(fee.invoice_date, date(2026, 11, 14), "of the run's day")
        self.assertIn(fee.payment_reference, mail.body_html)
        for invoice in first | second:
            self.assertEqual(invoice.credit_control_line_ids.state, "sent")
            self.assertTrue(
                invoice.message_ids.filtered(lambda m: "First reminder" in (m.body or "")),
                "the invoice's history shows the reminder",
            )

    def test_no_mobile_number_email_only(self):
        erik = self._customer("Erik Lund", phone="031-12 34 56")  # a landline
        self._invoice(erik, DUE)
        run = self._run(date(2026, 11, 14))
        comm = run.communication_ids
        self.assertEqual(comm.note, "No mobile number: e-mail only.")
        self._send(run)
        self.assertTrue(self._mails(comm))
        self.assertFalse(self._sms(comm))

    def test_norwegian_mobile_number(self):
        ola = self._customer("Ola N", mobile="412 34 567", country_id=self.env.ref("base.no").id)
        self._invoice(ola, DUE)
        comm = self._run(date(2026, 11, 14)).communication_ids
        self.assertEqual(comm.sms_number, "+4741234567")
        self.assertTrue(comm.send_sms)

    def test_no_email_letter(self):
        ulla = self._customer("Ulla Post", email=False, street="Storgatan 1")
        self._invoice(ulla, DUE)
        run = self._run(date(2026, 11, 14))
        comm = run.communication_ids
        self.assertTrue(comm.send_letter)
        self.assertFalse(comm.send_email)
        self._send(run)
        self.assertFalse(self._mails(comm))
        action = run.action_dunning_print_letters()
        self.assertIn(str(run.letter_batch_id.id), action["url"])

    def test_run_twice_reminds_once(self):
        self._invoice(self.karin, DUE)
        self._send(self._run(date(2026, 11, 14)))
        self.assertFalse(self._run(date(2026, 11, 14)).communication_ids)
        self.assertFalse(self._run(date(2026, 11, 20)).communication_ids)
        # the second level comes 14 days after the first reminder
        run = self._run(date(2026, 11, 28))
        self.assertEqual(run.communication_ids.policy_level_id, self.level_2)

    def test_daily_job_twice(self):
        self._invoice(self.karin, DUE)
        Run = self.env["credit.control.run"]
        with freeze_time(date(2026, 11, 14)):
            Run._cron_dunning_daily()
            Run._cron_dunning_daily()
            runs = Run.search([("company_id", "=", self.org.id)])
            self.assertEqual(len(runs), 1)
            self.assertEqual(runs.dunning_state, "sending")
            Run._cron_dunning_send()
        self.assertEqual(runs.dunning_state, "done")
        self.assertEqual(len(self._mails(runs.communication_ids)), 1)

    def test_killed_between_two_persons_and_resumed(self):
        """The job stops after the first person (a crash commits nothing more); the next
        job sends the second one; a job that sends the first one again is refused by the
        database and nothing goes out twice."""
        erik = self._customer("Erik Lund", mobile="0701112233")
        self._invoice(self.karin, DUE)
        self._invoice(erik, DUE)
        run = self._run(date(2026, 11, 14))
        run.action_dunning_send()
        self.assertEqual(run._dunning_send_queued(limit=1), (1, 1))
        self.assertEqual(run.dunning_state, "sending")
        self.assertEqual(run._dunning_send_queued(), (1, 0))
        self.assertEqual(run.dunning_state, "done")
        comms = run.communication_ids
        self.assertEqual(len(self._mails(comms)), 2)
        self.assertEqual(len(comms.fee_move_id), 2)

        # a reminder of the same invoice and level in another run (two runs computed side
        # by side): the database refuses it, nothing goes out twice, the reason is shown
        first = comms[0]
        run_2 = self._run(date(2026, 11, 14))
        twin = first.credit_control_line_ids.copy({"state": "draft", "run_id": run_2.id})
        comm_2 = first.copy({"run_id": run_2.id, "dunning_state": "draft"})
        twin.communication_id = comm_2
        run_2.dunning_state = "preview"
        with mute_logger("odoo.sql_db"):
            self._send(run_2)
        self.assertIn("a reminder of the same invoice and level exists", comm_2.error)
        self.assertEqual(comm_2.dunning_state, "draft")
        self.assertEqual(run_2.dunning_state, "sending")
        self.assertEqual(len(self._mails(comms | comm_2)), 2)
        self.assertEqual(len((comms | comm_2).fee_move_id), 2)

    def test_database_refuses_a_second_reminder(self):
        invoice = self._invoice(self.karin, DUE)
        self._send(self._run(date(2026, 11, 14)))
        line = invoice.credit_control_line_ids
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            line.copy({"state": "sent"}).flush_recordset()

    def test_payment_stops_the_reminder(self):
        invoice = self._invoice(self.karin, DUE)
        run = self._run(date(2026, 11, 14))
        self._pay(invoice, day=date(2026, 11, 14))
        self._send(run)
        comm = run.communication_ids
        self.assertEqual(comm.dunning_state, "cancelled")
        self.assertFalse(self._mails(comm))
        self.assertFalse(comm.fee_move_id)
        self.assertEqual(run.dunning_state, "done")

    def test_credit_note_stops_the_reminder(self):
        invoice = self._invoice(self.karin, DUE)
        self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id, "date": date(2026, 11, 10)}).refund_moves()
        invoice.reversal_move_ids.filtered(lambda m: m.state == "draft").action_post()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertFalse(self._run(date(2026, 11, 14)).communication_ids)

    def test_partial_payment_reminds_the_rest(self):
        invoice = self._invoice(self.karin, DUE)
        self._pay(invoice, amount=200.0, day=date(2026, 11, 5))
        run = self._send(self._run(date(2026, 11, 14)))
        comm = run.communication_ids
        self.assertEqual(comm.amount_due_total, 400.0)
        self.assertIn("400", self._mails(comm).body_html)

    def test_invoice_on_hold_is_not_reminded(self):
        invoice = self._invoice(self.karin, DUE)
        invoice.with_user(self.billing).dunning_hold = True
        self.assertFalse(self._run(date(2026, 11, 14)).communication_ids)

    def test_fee_invoices_are_not_reminded(self):
        self._invoice(self.karin, DUE)
        fee = self._send(self._run(date(2026, 11, 14))).communication_ids.fee_move_id
        self.assertTrue(fee)
        run = self._run(date(2027, 1, 31))
        self.assertNotIn(fee, run.communication_ids.credit_control_line_ids.invoice_id)

    def test_last_level_puts_the_person_in_arrears(self):
        invoice = self._invoice(self.karin, DUE)
        self._send(self._run(date(2026, 11, 14)))
        self.assertFalse(self.karin.dunning_in_arrears)
        self._send(self._run(date(2026, 11, 28)))
        self.karin.invalidate_recordset()
        self.assertTrue(self.karin.dunning_in_arrears)
        self.assertIn(
            self.karin, self.env["res.partner"].search([("dunning_in_arrears", "=", True)])
        )
        # another organisation does not see it
        other = self.setup_other_company(name="Other club")["company"]
        self.env.user.company_ids |= other
        self.assertFalse(
            self.karin.with_company(other)
            .with_context(allowed_company_ids=other.ids)
            .dunning_in_arrears
        )
        self._pay(invoice, day=date(2026, 11, 29))
        self.karin.invalidate_recordset()
        self.assertFalse(self.karin.dunning_in_arrears)

    def test_organisations_are_isolated(self):
        other = self.setup_other_company(name="Union B")["company"]
        other.country_id = self.env.ref("base.se")
        billing_b = new_test_user(
            self.env,
            login="dunning_billing_b",
            groups="base.group_user,account.group_account_invoice",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self._invoice(self.karin, DUE)
        run = self._send(self._run(date(2026, 11, 14)))
        for record in (run, run.communication_ids, self.policy, run.line_ids):
            with self.assertRaises(AccessError):
                record.with_user(billing_b).read(["display_name"])
        other.credit_policy_id = self._policy(other)
        run_b = self._run(date(2026, 11, 14), user=billing_b, company=other)
        self.assertFalse(run_b.communication_ids, "B's run does not remind A's invoices")

    def test_in_arrears_per_organisation_in_one_transaction(self):
        """Read for one organisation, then for another in the same transaction: each
        gets its own answer (the value depends on the current organisations)."""
        invoice = self._invoice(self.karin, DUE)
        self._send(self._run(date(2026, 11, 14)))
        self._send(self._run(date(2026, 11, 28)))
        other = self.setup_other_company(name="Other club")["company"]
        self.env.user.company_ids |= other
        karin = self.karin.with_context(allowed_company_ids=self.org.ids)
        self.assertTrue(karin.dunning_in_arrears)
        self.assertFalse(karin.with_context(allowed_company_ids=other.ids).dunning_in_arrears)
        self.assertTrue(invoice.credit_control_line_ids)
