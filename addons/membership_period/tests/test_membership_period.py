from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MembershipCommon


@tagged("post_install", "-at_install")
class TestMembershipPeriod(MembershipCommon):
    def test_periods_of_one_organisation_never_overlap(self):
        with self.assertRaisesRegex(ValidationError, "Autumn term .* overlaps period 202"):
            self._period(self.club, "Autumn term", date(2026, 9, 1), date(2027, 1, 15))
        # switching from years to terms after the last year is fine, history untouched
        term = self._period(
            self.club, "Spring 2028", date(2028, 1, 1), date(2028, 6, 30), kind="term"
        )
        self.assertEqual(term.kind, "term")
        # another organisation has its own calendar
        other = self.setup_other_company(name="Other club")["company"]
        self._period(other, "2026/27", date(2026, 7, 1), date(2027, 6, 30))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._period(self.club, "Backwards", date(2029, 2, 1), date(2029, 1, 1))

    def test_one_row_per_person_organisation_and_period(self):
        person = self._person("Anna Svensson", date(1980, 1, 1))
        rows = [self._member(person, period) for period in (self.period_2026, self.period_2027)]
        self.assertEqual(len(person.member_lines), 2, "a member of two years has two rows")
        self.assertEqual(rows[0].date_from, date(2026, 1, 1))
        self.assertEqual(rows[0].member_since, date(2026, 1, 1))
        self.assertEqual(rows[1].member_since, date(2026, 1, 1))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._member(person, self.period_2026)

    def test_a_period_must_exist(self):
        person = self._person("No Period", date(1980, 1, 1))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["membership.membership_line"].with_context(default_period_id=False).create(
                {
                    "partner": person.id,
                    "period_id": False,
                    "membership_id": self.dues.id,
                    "member_price": 1.0,
                    "fee_rule_id": False,
                    "free": False,
                }
            )

    def test_new_member_is_invoiced_at_once(self):
        self.club.membership_auto_invoice = True
        person = self._person("New Member", date(1985, 5, 5))
        with trap_jobs() as trap:
            membership = self._member(person, self.period_2026, date(2026, 4, 10))
            trap.assert_jobs_count(1)  # the sending, in the background
        invoice = membership.account_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 450, "April to December: 9 of 12 months of 600")
        self.assertEqual(invoice.partner_id, person)
        self.assertEqual(invoice.billing_key, membership._billing_key())
        self.assertEqual(membership.state, "invoiced")
        self.assertEqual(person.membership_state, "invoiced", "the current period's status")
        self.assertEqual(person.membership_start, date(2026, 1, 1))
        self.assertEqual(person.membership_stop, date(2026, 12, 31))
        self.assertIn(person, invoice.message_partner_ids, "the member follows the invoice")
        self.assertEqual(person.customer_rank, 1)
        # the database refuses a second invoice for the same membership
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["account.move"]._billing_create_invoices(
                [
                    self.env["account.move"]._billing_invoice_vals(
                        invoice.journal_id,
                        person,
                        [(self.dues, "again", 450)],
                        date(2026, 4, 10),
                        date(2026, 5, 10),
                        invoice.billing_key,
                        "email",
                    )
                ]
            )

    def test_without_auto_invoice_nothing_is_invoiced(self):
        membership = self._member(self._person("Waiting", date(1985, 5, 5)), self.period_2026)
        self.assertFalse(membership.account_invoice_line)
        self.assertEqual(membership.state, "none")

    def test_staff_of_one_organisation_never_see_another(self):
        other = self.setup_other_company(name="Other club")["company"]
        other_period = self._period(other, "2026", date(2026, 1, 1), date(2026, 12, 31))
        self._rule(other, "All", 100)
        person = self._person("Member Of Both", date(1980, 1, 1), company=self.club | other)
        mine = self._member(person, self.period_2026)
        theirs = self._member(person, other_period)
        staff = new_test_user(
            self.env,
            login="club.staff",
            company_id=self.club.id,
            company_ids=self.club.ids,
            groups="association_base.group_association_user",
        )
        Line = self.env["membership.membership_line"].with_user(staff)
        self.assertEqual(Line.search([("partner", "=", person.id)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(staff).read(["member_price"])
        with self.assertRaises(AccessError):
            other_period.with_user(staff).read(["name"])

    def test_new_and_lost_members_and_renewal(self):
        stays = self._person("Stays", date(1980, 1, 1))
        leaves = self._person("Leaves", date(1980, 1, 1))
        joins = self._person("Joins", date(1980, 1, 1))
        for person in (stays, leaves):
            self._member(person, self.period_2026)
        result = self.period_2027.action_renew()
        self.assertEqual(result["params"]["type"], "success")
        self.period_2027.action_renew()  # again: nobody twice
        self.assertEqual(self.period_2027.membership_ids.partner, stays | leaves)
        self.assertEqual(len(self.period_2027.membership_ids), 2)
        self.period_2027.membership_ids.filtered(lambda m: m.partner == leaves).unlink()
        self._member(joins, self.period_2027, date(2027, 3, 1))
        compare = self.env["membership.register.compare"].create(
            {"period_from_id": self.period_2026.id, "period_to_id": self.period_2027.id}
        )
        self.assertEqual((compare.new_count, compare.lost_count), (1, 1))
        new = self.env["membership.membership_line"].search(compare.action_new()["domain"])
        lost = self.env["membership.membership_line"].search(compare.action_lost()["domain"])
        self.assertEqual(new.partner, joins)
        self.assertEqual(lost.partner, leaves)

    def test_register_counts_by_age_band_and_gender(self):
        self._member(self._person("Girl", date(2014, 6, 1), gender="female"), self.period_2026)
        self._member(self._person("Boy", date(2015, 6, 1), gender="male"), self.period_2026)
        self._member(self._person("Woman", date(1950, 6, 1), gender="female"), self.period_2026)
        groups = self.env["membership.membership_line"]._read_group(
            [("period_id", "=", self.period_2026.id)], ["age_band", "gender"], ["__count"]
        )
        self.assertEqual(
            sorted(groups), [("65+", "female", 1), ("7–12", "female", 1), ("7–12", "male", 1)]
        )
