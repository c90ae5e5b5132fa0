from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import national_id as nid
from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestNationalIdParsing(AssociationCase):
    """The number rules themselves (no database needed, but kept beside the model tests)."""

    def test_swedish_personnummer_forms(self):
        for number in (
            "811228-9874",
            "8112289874",
            "19811228-9874",
            "198112289874",
            " 811228 9874 ",
        ):
            parsed = nid.parse(number, today=date(2026, 1, 1))
            self.assertEqual(parsed.number, "19811228-9874", number)
            self.assertEqual(parsed.kind, "se_personnummer")
            self.assertEqual(parsed.birth_date, date(1981, 12, 28))
            self.assertEqual(parsed.gender, "male")

    def test_swedish_centenarian_plus_sign(self):
        parsed = nid.parse("121212+1212", today=date(2026, 1, 1))
        self.assertEqual(parsed.number, "19121212-1212")
        self.assertEqual(parsed.birth_date, date(1912, 12, 12))

    def test_swedish_samordningsnummer(self):
        parsed = nid.parse("811288-9871", today=date(2026, 1, 1))
        self.assertEqual(parsed.kind, "se_samordningsnummer")
        self.assertEqual(parsed.number, "19811288-9871")
        self.assertEqual(parsed.birth_date, date(1981, 12, 28))

    def test_norwegian_fodselsnummer_and_d_nummer(self):
        parsed = nid.parse("250390 45675", today=date(2026, 1, 1))
        self.assertEqual((parsed.number, parsed.kind), ("25039045675", "no_fodselsnummer"))
        self.assertEqual((parsed.birth_date, parsed.gender), (date(1990, 3, 25), "female"))
        parsed = nid.parse("55108695071", today=date(2026, 1, 1))
        self.assertEqual((parsed.kind, parsed.birth_date), ("no_d_nummer", date(1986, 10, 15)))
        # individual number 500-999 with year 00-39: born in the 2000s
        self.assertEqual(nid.parse("01010050053").birth_date, date(2000, 1, 1))

    def test_wrong_check_digit(self):
        for number in ("811228-9875", "811288-9872", "25039045676", "55108695072"):
            with self.assertRaises(nid.InvalidChecksum, msg=number):
                nid.parse(number)

    def test_wrong_date(self):
        # check digits right, dates impossible: 13th month (SE, Luhn 811328-9873 is valid),
        # 32nd day (NO, both MOD11 digits computed for 320190123)
        for number in ("811328-9873", "811398-9878", "32019012351"):
            with self.assertRaises(nid.InvalidComponent, msg=number):
                nid.parse(number)

    def test_not_born_yet_and_non_person_numbers(self):
        with self.assertRaises(nid.InvalidComponent):
            nid.parse("19900101-1239", today=date(1989, 12, 31))
        # H-number (month + 40) is for the health services, not for persons
        with self.assertRaises(nid.InvalidComponent):
            nid.parse("01419012382")

    def test_wrong_length_and_format(self):
        with self.assertRaises(nid.InvalidLength):
            nid.parse("8112289")
        with self.assertRaises(nid.InvalidFormat):
            nid.parse("81122X-9874")


@tagged("post_install", "-at_install")
class TestNationalIdOnPartner(AssociationCase):
    def test_stored_normalised_with_derived_fields(self):
        person = self.env["res.partner"].create({"name": "Greta", "national_id": "550412-6789"})
        self.assertEqual(person.national_id, "19550412-6789")
        self.assertEqual(person.national_id_kind, "se_personnummer")
        self.assertEqual(person.birthdate, date(1955, 4, 12))
        self.assertEqual(person.gender, "female")
        person.national_id = "051166 30178"
        self.assertEqual(person.national_id, "05116630178")
        self.assertEqual(person.national_id_kind, "no_fodselsnummer")
        self.assertEqual((person.birthdate, person.gender), (date(1966, 11, 5), "male"))

    def test_birthdate_kept_when_number_removed_and_editable_without_number(self):
        person = self.env["res.partner"].create({"name": "Greta", "national_id": "550412-6789"})
        person.national_id = False
        self.assertEqual(person.birthdate, date(1955, 4, 12))
        self.assertFalse(person.national_id_kind)
        person.birthdate = date(1955, 4, 13)
        self.assertEqual(person.birthdate, date(1955, 4, 13))

    def test_invalid_numbers_refused_with_reason(self):
        Partner = self.env["res.partner"]
        cases = {
            "811228-9875": "check digit",
            "25039045676": "check digit",
            "811328-9873": "date of birth",
            "32019012351": "date of birth",
            "8112289": "number of digits",
        }
        for number, reason in cases.items():
            with self.assertRaisesRegex(ValidationError, reason, msg=number):
                Partner.create({"name": "X", "national_id": number})
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.person_a.national_id = "811228-9875"

    def test_unique(self):
        self.person_a.national_id = "811228-9874"
        with self.assertRaisesRegex(ValidationError, "already in the address book"):
            self.person_b.national_id = "19811228-9874"
        # the database refuses it too, whatever code path writes it
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE res_partner SET national_id = '19811228-9874' WHERE id = %s",
                [self.person_b.id],
            )
