from odoo import Command
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestPortal(AssociationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_ab.email = "alva@example.org"
        cls.portal_user = new_test_user(
            cls.env,
            login="alva",
            password="alva-portal-1",
            groups="base.group_portal",
            partner_id=cls.person_ab.id,
            company_id=cls.org_a.id,
            company_ids=[Command.set(cls.org_a.ids)],
        )

    def test_portal_user_reaches_every_organisation(self):
        self.assertEqual(self.portal_user.company_ids, self.org_a | self.org_b)
        self.person_ab.organisation_ids |= self.branch_a
        self.assertIn(self.branch_a, self.portal_user.company_ids)
        # the portal user reads their own record, never someone else's
        self.assertTrue(self.person_ab.with_user(self.portal_user).read(["name"]))
        with self.assertRaises(AccessError):
            self.person_a.with_user(self.portal_user).read(["name"])

    def test_organisations_page_lists_all_of_them(self):
        self.authenticate("alva", "alva-portal-1")
        response = self.url_open("/my/organisations")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Förening A", response.text)
        self.assertIn("Forening B", response.text)

    def test_address_change_is_seen_by_every_organisation(self):
        self.authenticate("alva", "alva-portal-1")
        response = self.url_open(
            "/my/account",
            data={
                "name": "Alva AB",
                "email": "alva@example.org",
                "phone": "+46 70 000 00 00",
                "street": "Nya gatan 7",
                "city": "Göteborg",
                "zipcode": "411 01",
                "country_id": str(self.env.ref("base.se").id),
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/home"), "saved without a validation error")
        for staff in (self.staff_a, self.staff_b):
            person = self.person_ab.with_user(staff)
            person.invalidate_recordset()
            self.assertEqual(person.street, "Nya gatan 7")
            self.assertEqual(person.zip, "411 01")
