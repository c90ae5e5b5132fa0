"""Regression tests of the hardening review: each one failed on the code before it."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.job import Job

from .common import MembershipCommon


@tagged("post_install", "-at_install")
class TestHardening(MembershipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="club.staff",
            groups="association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.adult = cls._person("Ada Adult", date(1980, 5, 5))

    def _dues_run(self):
        return self.env["account.billing.run"].create(
            {
                "company_id": self.club.id,
                "source": "membership",
                "membership_period_id": self.period_2027.id,
                "invoice_date": date(2027, 1, 10),
                "invoice_date_due": date(2027, 1, 31),
            }
        )

    def _member_as(self, user, **vals):
        return (
            self.env["membership.membership_line"]
            .with_user(user)
            .create({"partner": self.adult.id, "period_id": self.period_2027.id, **vals})
        )

    def test_staff_cannot_set_the_fee(self):
        for vals in ({"member_price": 1}, {"free": True}, {"membership_id": self.dues.id}):
            with self.assertRaises(AccessError, msg=vals):
                self._member_as(self.staff, **vals)
        membership = self._member_as(self.staff)
        self.assertEqual(membership.member_price, 600, "the rule's fee")
        paid_line = self.env["account.move.line"].search(
            [("move_id.move_type", "=", "out_invoice")], limit=1
        )
        for vals in (
            {"member_price": 1},
            {"free": True},
            {"fee_rule_id": False},
            {"account_invoice_line": paid_line.id},  # somebody's paid invoice: "paid"
            {"state": "paid"},
        ):
            with self.assertRaises(AccessError, msg=vals):
                membership.with_user(self.staff).write(vals)
        # an accountant may
        membership = membership.with_env(self.env)
        membership.write({"member_price": 500})
        self.assertEqual(membership.member_price, 500)

    def test_staff_register_a_member_invoiced_at_once(self):
        """An organisation user without invoicing rights registers a member of an
        organisation that invoices new members at once: invoiced with the rules' fee."""
        self.club.membership_auto_invoice = True
        membership = (
            self.env["membership.membership_line"]
            .with_user(self.staff)
            .create(
                {
                    "partner": self.adult.id,
                    "period_id": self.period_2027.id,
                    "date": date(2027, 1, 1),
                }
            )
        )
        self.assertEqual(membership.sudo().account_invoice_id.amount_total, 600)
        self.assertEqual(membership.sudo().account_invoice_id.state, "posted")

    def test_invoiced_rows_stay_and_survive_a_deleted_draft_invoice(self):
        self.club.membership_auto_invoice = True
        membership = self._member(self.adult, self.period_2027)
        invoice = membership.account_invoice_id
        self.assertTrue(invoice)
        with self.assertRaisesRegex(UserError, "stays in the register"):
            membership.unlink()
        invoice.button_draft()
        invoice.unlink()
        self.assertTrue(membership.exists(), "the register row survives its draft invoice")
        self.assertFalse(membership.account_invoice_line)
        self.assertEqual(membership.state, "none")
        membership.unlink()  # not invoiced any more: may go

    def test_monthly_proration_never_charges_more_than_the_fee(self):
        period = self._period(self.club, "Season", date(2028, 7, 15), date(2029, 7, 14))
        rule = self.rule_adult
        self.assertEqual(period._months(), 12)
        self.assertEqual(rule._prorated(period, date(2028, 7, 20)), 600, "joined in month 1")
        self.assertEqual(rule._prorated(period, date(2028, 8, 15)), 550, "11 months left")
        self.assertEqual(rule._prorated(period, date(2029, 7, 14)), 50, "last month")
        calendar = self._period(self.club, "2030", date(2030, 1, 1), date(2030, 12, 31))
        self.assertEqual(rule._prorated(calendar, date(2030, 3, 15)), 500, "March to December")

    def test_status_and_analysis_per_organisation(self):
        other = self.setup_other_company(name="Union B")["company"]
        self._period(other, "2027", date(2027, 1, 1), date(2027, 12, 31))
        union_dues = self.dues.copy({"company_id": other.id, "name": "Union dues"})
        self._rule(other, "All", 300, product=union_dues)
        other.membership_auto_invoice = True
        self.adult.sudo().organisation_ids |= other
        today = date.today()
        period_now = (
            self._period(
                other, "Now", today.replace(month=1, day=1), today.replace(month=12, day=31)
            )
            if today.year != 2027
            else self.env["membership.period"].search([("company_id", "=", other.id)])
        )
        self.env["membership.membership_line"].with_company(other).create(
            {"partner": self.adult.id, "period_id": period_now.id}
        )
        # the club does not learn about the union membership
        self.assertEqual(self.adult.with_company(self.club).membership_state, "none")
        self.assertNotEqual(self.adult.with_company(other).membership_state, "none")
        Partner = self.env["res.partner"].with_company(self.club)
        self.assertNotIn(
            self.adult, Partner.search([("membership_state", "in", ["invoiced", "paid"])])
        )
        staff_report = self.env["report.membership"].with_user(self.staff).search([])
        self.assertFalse(staff_report.filtered(lambda r: r.company_id == other))
        self.assertFalse(
            self.env["report.membership"]
            .with_user(self.staff)
            .search([("membership_id", "=", union_dues.id)])
        )

    def test_billing_run_cannot_mark_another_organisations_memberships(self):
        other = self.setup_other_company(name="Other club")["company"]
        other_period = self._period(other, "2027", date(2027, 1, 1), date(2027, 12, 31))
        other_dues = self.dues.copy({"company_id": other.id})
        self._rule(other, "All", 100, product=other_dues)
        foreign = (
            self.env["membership.membership_line"]
            .with_company(other)
            .create(
                {
                    "partner": self._person("Olle Other", date(1970, 1, 1), company=other).id,
                    "period_id": other_period.id,
                }
            )
        )
        foreign.account_invoice_line = False
        self._member(self.adult, self.period_2027).account_invoice_line = False
        run = self._dues_run()
        run.action_compute()
        line = run.line_ids
        with self.assertRaises(AccessError):
            line.write({"res_id": foreign.id})
        with self.assertRaises(AccessError):
            line.create({"run_id": run.id, "partner_id": self.adult.id})
        line.sudo().res_id = foreign.id  # as if it had been possible
        with self.assertRaisesRegex(UserError, "not its organisation's"):
            run._billing_invoiced_membership(line)
        self.assertFalse(foreign.account_invoice_line)

    def test_one_bad_recipient_does_not_block_the_others_and_resume_is_possible(self):
        people = [self._person(f"Member {n}", date(1980, 1, 1)) for n in range(3)]
        for person in people:
            self._member(person, self.period_2027).account_invoice_line = False
        run = self._dues_run()
        run.action_compute()
        bad = run.line_ids.filtered(lambda line: line.partner_id == people[1])
        # somebody invoiced that membership by hand meanwhile: the database refuses another
        self.env["account.move"]._billing_create_invoices(
            [run._billing_invoice_vals(bad) | {"billing_run_line_id": False}]
        )
        run.action_confirm()
        jobs = self.env["queue.job"].sudo().search([("model_name", "=", run._name)])
        chunk = jobs.filtered(lambda job: job.method_name == "_confirm_chunk")
        with mute_logger("odoo.sql_db"):
            Job.load(self.env, chunk.uuid).perform()
        self.assertEqual(len(run.line_ids.invoice_id), len(run.line_ids) - 1)
        self.assertTrue(bad.error and "refused" in bad.error)
        self.assertFalse(bad.invoice_ids)
        # the final step waits on a job that "failed" (as the runner marks it after a crash)
        chunk.state = "failed"
        run.invalidate_recordset(["jobs_pending"])
        self.assertFalse(run.jobs_pending, "nothing is being invoiced: Resume is offered")
        run.action_resume()
        waiting = jobs.filtered(lambda job: job.method_name == "_confirm_done")
        self.assertEqual(waiting.state, "cancelled")
        self.assertEqual(run.state, "confirming")

    def test_branch_invoices_are_the_branchs(self):
        branch = self._create_company(name="Club, youth", parent_id=self.club.id)
        self.env.user.company_ids |= branch
        period = self._period(branch, "2027", date(2027, 1, 1), date(2027, 12, 31))
        self._rule(branch, "All", 120)
        branch.membership_auto_invoice = True
        membership = (
            self.env["membership.membership_line"]
            .with_company(branch)
            .create({"partner": self.adult.id, "period_id": period.id})
        )
        invoice = membership.account_invoice_id
        self.assertEqual(invoice.company_id, branch, "booked on the branch")
        self.assertEqual(invoice.journal_id.company_id, self.club, "in the shared journal")
