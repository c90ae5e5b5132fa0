from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.account_billing_run.models import account_billing_run as run_module
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MembershipCommon


@tagged("post_install", "-at_install")
class TestBillingRun(MembershipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_mail = cls._person("Anna Mail", date(1980, 1, 1))
        cls.no_mail = cls._person("Bo Paper", date(1980, 1, 1), email=False, zip="111 22")
        cls.wants_paper = cls._person(
            "Cecilia Paper", date(1990, 1, 1), billing_channel="paper", zip="111 11"
        )
        cls.no_address = cls._person("Dan Nowhere", date(1980, 1, 1), email=False, street=False)
        cls.portal_no_user = cls._person("Eva Portal", date(2005, 1, 1), billing_channel="portal")
        cls.child = cls._person("Fia Child", date(2022, 1, 1))
        cls.people = (
            cls.by_mail | cls.no_mail | cls.wants_paper | cls.no_address | cls.portal_no_user
        )
        for person in cls.people | cls.child:
            cls._member(person, cls.period_2027)

    def _run(self, period=None, company=None, **vals):
        return self.env["account.billing.run"].create(
            {
                "company_id": (company or self.club).id,
                "source": "membership",
                "membership_period_id": (period or self.period_2027).id,
                "invoice_date": date(2027, 1, 10),
                "invoice_date_due": date(2027, 1, 31),
                **vals,
            }
        )

    def _confirm(self, run):
        run.action_compute()
        with trap_jobs() as trap:
            run.action_confirm()
            trap.perform_enqueued_jobs()  # invoicing
            trap.perform_enqueued_jobs()  # sending and the paper batch
        return run

    def test_compute_lines_channels_warnings_and_key_figures(self):
        run = self._run()
        run.action_compute()
        self.assertEqual(run.state, "computed")
        lines = {line.partner_id: line for line in run.line_ids}
        self.assertEqual(set(lines), set(self.people), "the free child gets no invoice")
        self.assertEqual(lines[self.by_mail].channel, "email")
        self.assertFalse(lines[self.by_mail].warning)
        self.assertEqual(lines[self.no_mail].channel, "paper")
        self.assertIn("No e-mail address", lines[self.no_mail].warning)
        self.assertEqual(lines[self.wants_paper].channel, "paper")
        self.assertIn("Incomplete postal address", lines[self.no_address].warning)
        self.assertEqual(lines[self.portal_no_user].channel, "email")
        self.assertIn("No portal access", lines[self.portal_no_user].warning)
        self.assertEqual(lines[self.portal_no_user].amount, 250)  # youth
        self.assertEqual(run.line_count, 5)
        self.assertEqual(run.amount_total, 4 * 600 + 250)
        self.assertEqual(run.warning_count, 3)
        self.assertIn("Dues", run.figures_html)
        self.assertFalse(self.env["account.move"].search([("billing_key", "like", "membership:")]))

    def test_cancel_leaves_nothing(self):
        run = self._run()
        run.action_compute()
        run.action_cancel()
        self.assertEqual(run.state, "cancelled")
        self.assertFalse(run.line_ids)
        self.assertFalse(self.env["account.billing.run.line"].search([("run_id", "=", run.id)]))
        self.assertFalse(self.period_2027.membership_ids.account_invoice_line)
        with self.assertRaises(UserError):
            run.action_confirm()

    def test_confirm_invoices_everybody_once_and_sends(self):
        run = self._confirm(self._run())
        self.assertEqual(run.state, "confirmed")
        invoices = run.line_ids.invoice_id
        self.assertEqual(len(invoices), 5)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(invoices.partner_id, self.people)
        memberships = self.period_2027.membership_ids.filtered(lambda m: not m.free)
        self.assertEqual(memberships.account_invoice_id, invoices)
        self.assertEqual(set(memberships.mapped("state")), {"invoiced"})
        for invoice in invoices:
            self.assertIn(invoice.partner_id, invoice.message_partner_ids)
        self.assertEqual(set(self.people.mapped("customer_rank")), {1})
        # e-mail and portal recipients got a message, everybody a PDF
        mailed = invoices.filtered(lambda move: move.billing_channel == "email")
        self.assertTrue(all(mailed.mapped("is_move_sent")))
        self.assertTrue(all(invoices.mapped("invoice_pdf_report_id")))
        # confirming again, or a new run for the period, invoices nobody twice
        second = self._run()
        second.action_compute()
        self.assertFalse(second.line_ids, "everybody of the period is invoiced")

    def test_crash_in_the_middle_then_resume_gives_one_invoice_each(self):
        self.patch(run_module, "CHUNK_SIZE", 2)
        run = self._run()
        run.action_compute()
        real = type(self.env["account.move"])._billing_create_invoices
        calls, crashed = [], []

        def crash_on_second_chunk(model, vals_list):
            calls.append(len(vals_list))
            moves = real(model, vals_list)
            if len(calls) == 2:
                raise MemoryError("killed")  # the worker dies after creating the invoices
            return moves

        with trap_jobs() as trap:
            run.action_confirm()
            chunk_jobs = [job for job in trap.enqueued_jobs if job.method_name == "_confirm_chunk"]
            self.assertEqual(len(chunk_jobs), 3)
            with patch.object(
                type(self.env["account.move"]), "_billing_create_invoices", crash_on_second_chunk
            ):
                for job in chunk_jobs:
                    try:
                        with self.env.cr.savepoint():  # the job's transaction
                            job.perform()
                    except MemoryError:
                        crashed.append(job)  # the runner marks the job failed
        self.assertEqual(len(crashed), 1)
        self.assertEqual(run.state, "confirming")
        self.assertEqual(len(calls), 3)
        self.assertEqual(run.invoiced_count, 5 - calls[1], "the crashed chunk left nothing")
        with trap_jobs() as trap:
            run.action_resume()
            trap.perform_enqueued_jobs()
            # a chunk performed twice (a retried job) creates nothing more
            run._confirm_chunk(run.line_ids.ids)
        self.assertEqual(run.state, "confirmed")
        invoices = self.env["account.move"].search([("billing_run_line_id.run_id", "=", run.id)])
        self.assertEqual(len(invoices), 5)
        self.assertEqual(len(set(invoices.mapped("billing_key"))), 5)

    def test_two_runs_for_the_same_period_cannot_both_be_confirmed(self):
        first, second = self._run(), self._run()
        (first | second).action_compute()
        with trap_jobs():
            first.action_confirm()
            with self.assertRaisesRegex(UserError, "already bills the same"):
                second.action_confirm()
            # and the database says no even when the check is bypassed
            with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
                second.state = "confirming"
                second.flush_recordset()

    def test_organisations_are_isolated(self):
        other = self.setup_other_company(name="Other club")["company"]
        other_period = self._period(other, "2027", date(2027, 1, 1), date(2027, 12, 31))
        self._rule(other, "All", 100)
        member = self._person("Other Member", date(1980, 1, 1), company=other)
        self._member(member, other_period)
        run = self._run(period=other_period, company=other)
        run.action_compute()
        self.assertEqual(run.line_ids.partner_id, member)
        self.assertEqual(run.journal_id.company_id, other)
        accountant = new_test_user(
            self.env,
            login="club.accountant",
            company_id=self.club.id,
            company_ids=self.club.ids,
            groups="account.group_account_invoice",
        )
        with self.assertRaises(AccessError):
            run.with_user(accountant).read(["name"])
        self.assertFalse(
            self.env["account.billing.run"].with_user(accountant).search([("id", "=", run.id)])
        )

    def test_paper_batch_has_exactly_the_paper_recipients_in_postal_order(self):
        run = self._confirm(self._run())
        self.assertTrue(run.paper_batch_id)
        paper = run._paper_invoices()
        self.assertEqual(paper.partner_id, self.no_mail | self.wants_paper | self.no_address)
        content = run.paper_batch_id.raw.decode()  # HTML in tests, PDF in production
        positions = [content.find(p.name) for p in paper.partner_id]
        self.assertTrue(all(pos > 0 for pos in positions))
        for person in (self.by_mail, self.portal_no_user):
            self.assertNotIn(person.name, content)
        self.assertEqual(
            paper.mapped("partner_id.name"),
            ["Cecilia Paper", "Bo Paper", "Dan Nowhere"],
            "sorted by postal code (111 11, 111 22, 411 38)",
        )
        self.assertEqual(positions, sorted(positions))

    def test_payment_notice_has_no_invoice_number(self):
        journal = self.company_data["default_journal_sale"]
        # the reference identifies the payment (OCR/KID in Sweden and Norway; here by customer)
        journal.write({"billing_payment_notice": True, "invoice_reference_type": "partner"})
        run = self._confirm(self._run(journal_id=journal.id))
        invoice = run.line_ids.invoice_id[:1]
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", invoice.ids)[0]
            .decode()
        )
        self.assertIn("Payment notice", html)
        self.assertNotIn(invoice.name, html)
        self.assertTrue(invoice.name, "the entry keeps its voucher number in the books")
        self.assertIn("Payment notice", invoice._get_invoice_report_filename())
