from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestCustomerType(AssociationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ordinary = cls.env.ref("association_base.customer_type_ordinary")
        cls.student = cls.env.ref("association_base.customer_type_student")
        cls.pensioner = cls.env.ref("association_base.customer_type_pensioner")
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def _certificate(self, partner, ctype, start_days, end_days=None):
        return self.env["association.certificate"].create(
            {
                "partner_id": partner.id,
                "customer_type_id": ctype.id,
                "name": f"{ctype.name} proof",
                "date_from": self.today + timedelta(days=start_days),
                "date_to": end_days is not None and self.today + timedelta(days=end_days),
            }
        )

    def test_type_follows_valid_certificates(self):
        self.assertEqual(self.person_a.customer_type_id, self.ordinary)
        self._certificate(self.person_a, self.student, -30, 30)
        self.assertEqual(self.person_a.customer_type_id, self.student)
        # several valid certificates: the first type by sequence applies
        self._certificate(self.person_a, self.pensioner, -1)
        self.assertEqual(self.person_a.customer_type_id, self.student)
        # a certificate starting later changes nothing today
        self._certificate(self.person_b, self.student, 5, 50)
        self.assertEqual(self.person_b.customer_type_id, self.ordinary)

    def test_falls_back_when_expired_at_read_time(self):
        certificate = self._certificate(self.person_a, self.student, -300, 0)
        self.assertEqual(self.person_a.customer_type_id, self.student, "valid through its last day")
        certificate.date_to = self.today - timedelta(days=1)
        self.assertEqual(self.person_a.customer_type_id, self.ordinary)
        # without any job having run, and also on another day
        tomorrow = self.person_a.with_context(at_date=self.today + timedelta(days=1))
        self.assertEqual(
            certificate.with_context(at_date=self.today - timedelta(days=5)).state, "valid"
        )
        self.assertEqual(tomorrow.customer_type_id, self.ordinary)
        types = self.person_a._get_customer_types(self.today - timedelta(days=5))
        self.assertEqual(types[self.person_a.id], self.student)

    def test_person_created_through_the_form(self):
        """The web client's flow: defaults, onchange of the identity number, save."""
        with Form(self.env["res.partner"].with_user(self.staff_a)) as form:
            self.assertEqual(form.customer_type_id, self.ordinary)
            self.assertEqual(form.my_organisation_ids[:], self.org_a)
            form.name = "Greta Nilsson"
            form.national_id = "550412-6789"
            self.assertEqual(form.birthdate, date(1955, 4, 12))  # shown before saving
            self.assertEqual(form.gender, "female")
        person = form.record
        self.assertEqual(person.national_id, "19550412-6789")
        self.assertEqual(person.sudo().organisation_ids, self.org_a)

    def test_search_by_type(self):
        self._certificate(self.person_a, self.student, -10, 10)
        self._certificate(self.person_b, self.student, -10, -1)  # expired
        people = self.person_a | self.person_b | self.person_ab
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("id", "in", people.ids), ("customer_type_id", "=", self.student.id)]),
            self.person_a,
        )
        self.assertEqual(
            Partner.search([("id", "in", people.ids), ("customer_type_id", "=", self.ordinary.id)]),
            self.person_b | self.person_ab,
        )

    def test_daily_job_records_the_fallback_once(self):
        self._certificate(self.person_a, self.student, -300, -1)
        still_covered = self._certificate(self.person_b, self.student, -300, -1)
        self._certificate(self.person_b, self.student, -1, 100)  # renewed in time
        Certificate = self.env["association.certificate"]
        messages_before = len(self.person_a.message_ids)
        Certificate._cron_process_expired()
        notes = self.person_a.message_ids[: len(self.person_a.message_ids) - messages_before]
        self.assertEqual(len(notes), 1)
        self.assertIn("customer type is now Ordinary", notes.body)
        self.assertFalse(
            self.person_b.message_ids.filtered(lambda m: "expired" in (m.body or "")),
            "no fallback message when another certificate still proves the type",
        )
        self.assertTrue(still_covered.expiry_processed)
        Certificate._cron_process_expired()
        self.assertEqual(len(self.person_a.message_ids), messages_before + 1, "handled once")

    def test_constraints(self):
        with self.assertRaises(ValidationError):
            self.student.is_default = True
        with self.assertRaises(ValidationError):
            self.ordinary.is_default = False
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._certificate(self.person_a, self.student, 0, -5)

    def test_certificates_count_for_their_organisation(self):
        """A certificate proves a type to the organisation that checked it (and its
        branches): one organisation cannot change the price another bills by."""
        certificate = self.env["association.certificate"].create(
            {
                "partner_id": self.person_ab.id,
                "company_id": self.org_b.id,
                "customer_type_id": self.student.id,
                "name": "Studentbevis",
                "date_from": self.today - timedelta(days=1),
            }
        )
        self.assertEqual(self.person_ab.with_company(self.org_b).customer_type_id, self.student)
        self.assertEqual(self.person_ab.with_company(self.org_a).customer_type_id, self.ordinary)
        self.assertEqual(
            self.person_ab._get_customer_types(self.today, self.branch_a)[self.person_ab.id],
            self.ordinary,
        )
        Certificate = self.env["association.certificate"].with_user(self.staff_a)
        self.assertFalse(Certificate.search([("partner_id", "=", self.person_ab.id)]))
        with self.assertRaises(AccessError):
            certificate.with_user(self.staff_a).write({"date_to": self.today})
