from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MembershipCommon


@tagged("post_install", "-at_install")
class TestFeeRules(MembershipCommon):
    def test_age_bands_at_the_boundary_days(self):
        # turns 7 on the first day of the period: youth; one day later: still a child (free)
        seven = self._person("Seven On Start", date(2019, 1, 1))
        six = self._person("Seven Next Day", date(2019, 1, 2))
        # turns 26 on the first day: adult; a day later: youth for the whole period
        adult = self._person("Twenty Six", date(2000, 1, 1))
        youth = self._person("Still Youth", date(2000, 1, 2))
        fees = self.env["membership.fee.rule"]._fees(
            seven | six | adult | youth, self.period_2026, date(2026, 1, 1)
        )
        self.assertEqual(fees[seven], (self.rule_youth, 250))
        self.assertEqual(fees[six], (self.rule_children, 0))
        self.assertEqual(fees[adult], (self.rule_adult, 600))
        self.assertEqual(fees[youth], (self.rule_youth, 250))

    def test_proration_by_join_date(self):
        youth = self._person("Youth", date(2010, 5, 5))
        adult = self._person("Adult", date(1980, 5, 5))
        # half fee from the middle of the period (2 July in 2026) or the period's own date
        self.assertEqual(self._member(youth, self.period_2026, date(2026, 7, 1)).member_price, 250)
        self.assertEqual(self._member(youth, self.period_2027, date(2027, 7, 2)).member_price, 125)
        self.period_2026.half_fee_date = date(2026, 6, 1)
        late = self._person("Late Youth", date(2011, 1, 1))
        self.assertEqual(self._member(late, self.period_2026, date(2026, 6, 1)).member_price, 125)
        # by months left, the month of joining counted: October -> 3 of 12 months
        self.assertEqual(
            self._member(adult, self.period_2026, date(2026, 10, 31)).member_price, 150
        )
        # joining before the period starts: full fee
        early = self._person("Early Adult", date(1970, 1, 1))
        self.assertEqual(self._member(early, self.period_2027, date(2026, 12, 1)).member_price, 600)

    def test_free_members_have_no_invoice(self):
        self.club.membership_auto_invoice = True
        child = self._person("Child", date(2023, 3, 3))
        membership = self._member(child, self.period_2026)
        self.assertTrue(membership.free)
        self.assertEqual(membership.state, "free")
        self.assertFalse(membership.account_invoice_line)

    def test_conditions_work_situation_location_customer_type(self):
        student = self.env.ref("membership_period.work_situation_student")
        pensioner_type = self.env.ref("association_base.customer_type_pensioner")
        self._rule(self.club, "Students", 100, sequence=3, work_situation_ids=[student.id])
        self._rule(self.club, "Island", 200, sequence=4, zip_from="430 80", zip_to="430 85")
        self._rule(self.club, "Pensioners", 300, sequence=5, customer_type_ids=[pensioner_type.id])
        studying = self._person("Student", date(1990, 1, 1), work_situation_id=student.id)
        islander = self._person("Islander", date(1990, 1, 1), zip="43082")
        mainland = self._person("Mainland", date(1990, 1, 1), zip="430 86")
        pensioner = self._person("Pensioner", date(1950, 1, 1))
        self.env["association.certificate"].create(
            {
                "partner_id": pensioner.id,
                "name": "Pension decision",
                "customer_type_id": pensioner_type.id,
                "date_from": date(2025, 1, 1),
            }
        )
        fees = self.env["membership.fee.rule"]._fees(
            studying | islander | mainland | pensioner, self.period_2026, date(2026, 1, 1)
        )
        self.assertEqual(
            [fees[p][1] for p in (studying, islander, mainland, pensioner)], [100, 200, 600, 300]
        )

    def test_nobody_left_without_a_rule(self):
        self.rule_adult.active = False
        with self.assertRaisesRegex(UserError, "No fee rule .* fits Adult"):
            self._member(self._person("Adult", date(1980, 1, 1)), self.period_2026)
        with self.assertRaises(ValidationError):
            self._rule(self.club, "Wrong", 100, age_min=30, age_max=20)
