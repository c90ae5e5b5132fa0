from odoo.tests import tagged

from ..tools.phone import mobile_to_e164
from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestMobileNumber(AssociationCase):
    """res.partner._mobile_e164: the number an SMS reaches a person on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.se, cls.no = cls.env.ref("base.se"), cls.env.ref("base.no")
        cls.org_a.country_id = cls.se
        cls.org_b.country_id = cls.no

    def _person(self, **values):
        return self.env["res.partner"].create({"name": "Testperson", **values})

    def test_swedish_notations(self):
        for number in (
            "070-123 45 67",
            "0701234567",
            "070 123 45 67",
            "(070) 123 45 67",
            "+46 70 123 45 67",
            "+46 (0)70-123 45 67",
            "0046 70 123 45 67",
            "46701234567",
        ):
            with self.subTest(number=number):
                person = self._person(mobile=number, country_id=self.se.id)
                self.assertEqual(person._mobile_e164(), "+46701234567")

    def test_norwegian_notations(self):
        for number, e164 in (
            ("412 34 567", "+4741234567"),
            ("41234567", "+4741234567"),
            ("912 34 567", "+4791234567"),
            ("+47 412 34 567", "+4741234567"),
            ("0047 412 34 567", "+4741234567"),
        ):
            with self.subTest(number=number):
                person = self._person(mobile=number, country_id=self.no.id)
                self.assertEqual(person._mobile_e164(), e164)

    def test_country_prefix_wins_over_the_persons_country(self):
        swede_with_norwegian_number = self._person(mobile="+47 412 34 567", country_id=self.se.id)
        self.assertEqual(swede_with_norwegian_number._mobile_e164(), "+4741234567")
        norwegian_with_swedish_number = self._person(
            mobile="0046 70-123 45 67", country_id=self.no.id
        )
        self.assertEqual(norwegian_with_swedish_number._mobile_e164(), "+46701234567")

    def test_landlines_and_junk_do_not_count(self):
        for values in (
            {"mobile": "08-123 456 78", "country_id": self.se.id},  # Stockholm landline
            {"mobile": "22 12 34 56", "country_id": self.no.id},  # Oslo landline
            {"mobile": "12345", "country_id": self.se.id},
            {"mobile": "ring mig", "country_id": self.se.id},
            {"mobile": "   ", "phone": "", "country_id": self.se.id},
            {"email": "utan.nummer@example.org"},
        ):
            with self.subTest(values=values):
                self.assertIs(self._person(**values)._mobile_e164(), False)

    def test_mobile_field_first_then_phone_field(self):
        both = self._person(mobile="070-123 45 67", phone="073-999 88 77", country_id=self.se.id)
        self.assertEqual(both._mobile_e164(), "+46701234567")
        # the mobile field holds a landline: the phone field's mobile number is used
        landline_in_mobile = self._person(
            mobile="08-123 456 78", phone="073-999 88 77", country_id=self.se.id
        )
        self.assertEqual(landline_in_mobile._mobile_e164(), "+46739998877")
        only_phone = self._person(phone="412 34 567", country_id=self.no.id)
        self.assertEqual(only_phone._mobile_e164(), "+4741234567")

    def test_without_a_country_the_organisations_country_reads_the_number(self):
        person = self._person(mobile="412 34 567")
        self.assertEqual(person.with_company(self.org_b)._mobile_e164(), "+4741234567")
        # read as Swedish it is no number at all
        self.assertIs(person.with_company(self.org_a)._mobile_e164(), False)
        swedish = self._person(mobile="070-123 45 67")
        self.assertEqual(swedish.with_company(self.org_a)._mobile_e164(), "+46701234567")
        self.assertIs(swedish.with_company(self.org_b)._mobile_e164(), False)

    def test_person_shared_by_two_organisations_read_by_the_current_one(self):
        # the staff of each organisation, working in it, get the number the way their
        # organisation reads it
        self.person_ab.mobile = "412 34 567"
        person_for_b = self.person_ab.with_user(self.staff_b).with_company(self.org_b)
        self.assertEqual(person_for_b._mobile_e164(), "+4741234567")
        person_for_a = self.person_ab.with_user(self.staff_a).with_company(self.org_a)
        self.assertIs(person_for_a._mobile_e164(), False)

    def test_the_persons_own_company_plays_no_part(self):
        self.person_ab.write({"mobile": "070-123 45 67", "company_id": self.org_b.id})
        self.assertEqual(self.person_ab.with_company(self.org_a)._mobile_e164(), "+46701234567")
        self.assertIs(self.person_ab.with_company(self.org_b)._mobile_e164(), False)

    def test_default_region_is_sweden(self):
        org_without_country = self.env["res.company"].create({"name": "Utan land"})
        self.assertFalse(org_without_country.country_id)
        person = self._person(mobile="070-123 45 67")
        self.assertEqual(person.with_company(org_without_country)._mobile_e164(), "+46701234567")
        self.assertEqual(mobile_to_e164("070-123 45 67", False), "+46701234567")
        self.assertEqual(mobile_to_e164("412 34 567", "no"), "+4741234567")
