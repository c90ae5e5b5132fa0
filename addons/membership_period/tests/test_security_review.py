"""Regression tests of the security review (issue 10): one organisation never changes,
deletes or reads another's register through a person they share."""

from datetime import date

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import MembershipCommon


@tagged("post_install", "-at_install")
class TestSecurityReview(MembershipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls._staff("review.staff", cls.club)
        cls.other = cls.setup_other_company(name="Union B")["company"]
        cls._period(cls.other, "2027", date(2027, 1, 1), date(2027, 12, 31))
        cls.union_dues = cls.dues.copy({"company_id": cls.other.id, "name": "Union dues"})
        cls._rule(cls.other, "Young", 100, product=cls.union_dues, age_max=25, sequence=1)
        cls._rule(cls.other, "All", 300, product=cls.union_dues)
        cls.shared = cls._person("Sam Shared", date(1980, 5, 5))
        cls.shared.sudo().organisation_ids |= cls.other

    @classmethod
    def _staff(cls, login, company):
        return new_test_user(
            cls.env,
            login=login,
            groups="association_base.group_association_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _union_member(self, person):
        period = self.env["membership.period"].search(
            [("company_id", "=", self.other.id), ("name", "=", "2027")]
        )
        return (
            self.env["membership.membership_line"]
            .with_company(self.other)
            .create({"partner": person.id, "period_id": period.id})
        )

    @classmethod
    def _period_today(cls, company):
        today = fields.Date.today()
        period = cls.env["membership.period"].search(
            [
                ("company_id", "=", company.id),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        return period or cls._period(
            company, "Now", today.replace(month=1, day=1), today.replace(month=12, day=31)
        )

    def test_an_invoiced_fee_does_not_change_under_its_invoice(self):
        self.club.membership_auto_invoice = True
        membership = self._member(self.shared, self.period_2027)
        self.assertTrue(membership.account_invoice_line)
        self.assertEqual(membership.member_price, 600)
        # joining later would prorate the fee: the invoice says 600
        with self.assertRaisesRegex(UserError, "has been invoiced"):
            membership.with_user(self.staff).write({"date": date(2027, 9, 1)})
        with self.assertRaisesRegex(UserError, "has been invoiced"):
            membership.with_user(self.staff).write({"partner": self._person("Other").id})
        self.assertEqual(membership.member_price, 600)
        # writing the same values again is no change
        membership.with_user(self.staff).write({"date": membership.date})

    def test_facts_about_a_shared_person_do_not_change_another_organisations_fees(self):
        union = self._union_member(self.shared)
        self.assertEqual((union.fee_rule_id.name, union.member_price), ("All", 300))
        # the club's staff correct the date of birth and the postal code (facts about the
        # person, one for everybody); the union's registered fee stays as it was
        self.shared.with_user(self.staff).write({"birthdate": date(2010, 5, 5), "zip": "999 99"})
        self.assertEqual((union.fee_rule_id.name, union.member_price), ("All", 300))

    def test_billing_channel_is_each_organisations(self):
        self.shared.with_user(self.staff).billing_channel = "paper"
        self.assertEqual(self.shared.with_company(self.club).billing_channel, "paper")
        self.assertFalse(self.shared.with_company(self.other).billing_channel)
        self.assertEqual(self.shared._billing_route("email", self.other)[0], "email")
        self.assertEqual(self.shared._billing_route("email", self.club)[0], "paper")
        self._member(self.shared, self.period_2027).account_invoice_line = False
        run = self.env["account.billing.run"].create(
            {
                "company_id": self.club.id,
                "source": "membership",
                "membership_period_id": self.period_2027.id,
                "invoice_date": date(2027, 1, 10),
                "invoice_date_due": date(2027, 1, 31),
            }
        )
        # whatever the company switcher shows first
        run.with_context(allowed_company_ids=(self.other | self.club).ids).action_compute()
        self.assertEqual(run.line_ids.channel, "paper")

    def test_delete_never_removes_another_organisations_memberships(self):
        person = self._person("Lone Member", date(1990, 1, 1))
        union = self._union_member(person)
        # the union removed its connection but keeps the membership in its register
        self.assertEqual(person.sudo().organisation_ids, self.club)
        with self.assertRaisesRegex(UserError, "data of another organisation"):
            person.with_user(self.staff).unlink()
        self.assertTrue(union.exists())
        # the club's own rows are no obstacle
        union.unlink()
        self._member(person, self.period_2027).account_invoice_line = False
        person.with_user(self.staff).unlink()
        self.assertFalse(person.exists())

    def test_branch_staff_see_their_units_status_not_the_parents(self):
        branch = self._create_company(name="Club, youth", parent_id=self.club.id)
        self.env.user.company_ids |= branch
        branch_staff = self._staff("review.branch", branch)
        self._rule(branch, "Free youth", 0, free=True)
        child = self._person("Kid", date.today().replace(year=date.today().year - 4))
        child.sudo().organisation_ids |= branch
        in_parent = self._person(
            "Parent's member", date.today().replace(year=date.today().year - 4)
        )
        in_parent.sudo().organisation_ids |= branch
        self._member(child, self._period_today(branch))
        self._member(in_parent, self._period_today(self.club))
        status = {
            (user.login, person.name): person.with_user(user).membership_state
            for user in (self.staff, branch_staff)
            for person in (child, in_parent)
        }
        self.assertEqual(
            status,
            {
                ("review.staff", "Kid"): "free",  # the parent sees its branch's rows
                ("review.staff", "Parent's member"): "free",
                ("review.branch", "Kid"): "free",
                ("review.branch", "Parent's member"): "none",  # not the parent's
            },
        )
        Partner = self.env["res.partner"].with_user(branch_staff)
        self.assertEqual(
            Partner.search(
                [("membership_state", "=", "free"), ("id", "in", (child | in_parent).ids)]
            ),
            child,
        )

    def test_the_demo_run_is_created_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("sv_SE")
        run = (
            self.env["account.billing.run"]
            .with_context(lang="sv_SE", mail_create_nolog=False, tracking_disable=False)
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
        self.assertIn("Faktureringskörning skapad", run.message_ids[-1].body)
