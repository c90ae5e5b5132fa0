from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.job import Job

from .common import MembershipHttpCommon


@tagged("post_install", "-at_install")
class TestMembershipTours(MembershipHttpCommon):
    """The member register, a billing run and joining on the portal, clicked through in the
    browser by the least privileged role that does each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="club_staff",
            password="club_staff",
            groups="association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )
        cls.billing = new_test_user(
            cls.env,
            login="club_billing",
            password="club_billing",
            groups="association_base.group_association_user,account.group_account_invoice",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )

    def test_member_register_as_staff(self):
        today = date.today()
        period = self.env["membership.period"]._find(self.club, today) or self._period(
            self.club, "Now", today - timedelta(days=30), today + timedelta(days=30)
        )
        self._member(self._person("Rita Register", date(1980, 1, 1)), period, period.date_start)
        self.start_tour(
            "/odoo/action-membership_period.action_membership_register",
            "membership_register_tour",
            login="club_staff",
        )

    def test_billing_run_as_billing_user(self):
        for name in ("Anna Run", "Bo Run"):
            self._member(self._person(name, date(1980, 1, 1)), self.period_2027).write(
                {"account_invoice_line": False}
            )
        run = (
            self.env["account.billing.run"]
            .with_user(self.billing)
            .create(
                {
                    "company_id": self.club.id,
                    "source": "membership",
                    "membership_period_id": self.period_2027.id,
                    "invoice_date": date(2027, 1, 10),
                    "invoice_date_due": date(2027, 1, 31),
                }
            )
        )
        self.start_tour(
            f"/odoo/action-account_billing_run.action_account_billing_run/{run.id}",
            "billing_run_tour",
            login="club_billing",
        )
        # the job runner's part: the invoicing jobs the browser queued, as the billing user
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", run._name),
                    ("method_name", "in", ["_confirm_chunk", "_confirm_done"]),
                ],
                order="id",
            )
        )
        self.assertEqual(jobs.mapped("user_id"), self.billing)
        # the final step waits for the chunks; the order the jobs were created in is not
        # guaranteed (queue_job builds a group from a set), the runner's order is
        for job in jobs.sorted(lambda job: job.state == "wait_dependencies"):
            Job.load(self.env, job.uuid).perform()
        self.assertEqual(run.state, "confirmed")
        self.assertEqual(run.invoiced_count, 2)
        invoices = run.line_ids.invoice_id
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(set(invoices.mapped("invoice_date_due")), {date(2027, 1, 31)})

    def test_join_on_the_portal(self):
        today = date.today()
        org = self.setup_other_company(name="Open club")["company"]
        org.write({"membership_portal_join": True, "membership_auto_invoice": True})
        self._period(org, "Now", today - timedelta(days=10), today + timedelta(days=300))
        self._rule(org, "All", 100, product=self.dues.copy({"company_id": org.id}))
        user = new_test_user(
            self.env, login="tour.member", password="tour.member", groups="base.group_portal"
        )
        user.partner_id.sudo().write(
            {"birthdate": date(1980, 1, 1), "organisation_ids": [Command.set(org.ids)]}
        )
        self.start_tour("/my/organisations", "membership_portal_join_tour", login="tour.member")
        membership = user.partner_id.sudo().member_lines
        self.assertEqual(membership.account_invoice_id.amount_untaxed, 100)
