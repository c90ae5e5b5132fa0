from datetime import date

from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import DeductionHttpCommon

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestDeductionTours(DeductionHttpCommon):
    """A month of payroll deduction clicked through in the browser by the union's treasurer
    (an invoicing user who is an organisation user: the least privileged role that makes,
    sends and answers deduction lists, which hold identity numbers)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.treasurer.password = "pd_treasurer"
        # March is sent; in April Anna's pay rises, Bjørn has left, Dag starts
        cls.march = cls._confirm_run(cls._run(MARCH)).deduction_list_ids
        cls.job_anna.gross_pay = 10000
        cls.job_bjorn.date_end = date(2026, 3, 31)
        cls._employ(cls.dag, 20000, "E-4", start=date(2026, 4, 15))

    def _run_jobs(self):
        """The job runner's part: what the browser queued (and what those jobs queue), in
        order, as the user who queued it."""
        performed = set()
        while True:
            jobs = (
                self.env["queue.job"]
                .sudo()
                .search([("uuid", "not in", list(performed))], order="id")
            )
            if not jobs:
                return performed
            self.assertEqual(jobs.mapped("user_id"), self.treasurer)
            # a group's final job waits for its chunks; queue_job creates a group's jobs in
            # no fixed order, the runner performs the waiting ones last
            for job in jobs.sorted(lambda job: job.state == "wait_dependencies"):
                Job.load(self.env, job.uuid).perform()
                performed.add(job.uuid)

    def test_month_list_sent_and_returned_file_imported_as_treasurer(self):
        self.start_tour(
            "/odoo/action-account_billing_run.action_account_billing_run",
            "payroll_deduction_month_tour",
            login="pd_treasurer",
        )
        run = self.env["account.billing.run"].search(
            [("source", "=", "deduction"), ("deduction_month", "=", APRIL)]
        )
        self.assertEqual((run.create_uid, run.state), (self.treasurer, "confirming"))
        april = run.deduction_list_ids
        self.assertEqual(april.state, "confirmed", "claimed by the confirmed run")
        self.assertEqual(april.previous_id, self.march)
        self.assertEqual((april.new_count, april.changed_count, april.left_count), (1, 1, 1))
        downloaded = self.env["ir.attachment"].search(
            [("res_model", "=", april._name), ("res_id", "=", april.id)]
        )
        self.assertEqual(downloaded.name, "Fjord Verksted AS 2026-04.xlsx")

        self._run_jobs()
        self.assertEqual(run.state, "confirmed")
        self.assertEqual(april.state, "done")
        invoice = april.invoice_id
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 155 + 781 + 310))
        self.assertEqual(invoice.partner_id, self.employer_partner)
        sent = april.message_ids.filtered(lambda message: message.partner_ids)
        self.assertEqual(sent.partner_ids, self.payroll_office)
        self.assertEqual(sent.attachment_ids.name, "Fjord Verksted AS 2026-04.csv")

        # the employer pays what it deducted, then returns its file
        self._pay(invoice, 155 + 781 + 300)
        self.start_tour(
            "/odoo/action-payroll_deduction.action_payroll_deduction_import",
            "payroll_deduction_returned_file_tour",
            login="pd_treasurer",
        )
        imported = self.env["payroll.deduction.import"].search([("list_id", "=", april.id)])
        self.assertEqual((imported.create_uid, imported.state), (self.treasurer, "done"))
        self.assertEqual(imported.name, "fjord-2026-04.csv")
        self.assertEqual((imported.amount_file, imported.amount_paid), (1236.0, 1236.0))
        lines = {line.partner_id: line for line in imported.line_ids}
        self.assertEqual(imported.line_ids.partner_id, self.anna | self.cecilie | self.dag)
        self.assertEqual(lines[self.anna].status, "ok")
        dag = lines[self.dag]
        self.assertEqual((dag.status, dag.amount_expected, dag.amount_file), ("differs", 310, 300))
        self.assertEqual((dag.followed_up, dag.note), (True, "Asked the payroll office"))
