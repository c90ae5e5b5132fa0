from odoo import Command
from odoo.tests import tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestDeduplication(AssociationCase):
    def _notifications(self, user):
        self.env.cr.precommit.run()  # bus messages are written when the transaction commits
        return (
            self.env["bus.bus"]
            .sudo()
            .search(
                [
                    ("channel", "like", f'"res.partner",{user.partner_id.id}]'),
                    ("message", "like", "simple_notification"),
                ]
            )
        )

    def test_same_number_finds_existing_person(self):
        Partner = self.env["res.partner"]
        first = Partner.with_user(self.staff_a).create(
            {"name": "Karin Johansson", "national_id": "700617-3459"}
        )
        self.assertEqual(first.sudo().organisation_ids, self.org_a)

        second = Partner.with_user(self.staff_b).create(
            {
                "name": "K. Johansson",
                "national_id": "197006173459",  # the same number, other notation
                "phone": "+46 70 123 45 67",
            }
        )
        self.assertEqual(second, first, "no duplicate is created")
        self.assertEqual(Partner.search_count([("national_id", "=", "19700617-3459")]), 1)
        self.assertEqual(first.sudo().organisation_ids, self.org_a | self.org_b)
        # each organisation's staff see only their own connection
        self.assertEqual(first.with_user(self.staff_b).my_organisation_ids, self.org_b)
        self.assertEqual(first.name, "Karin Johansson", "existing data is not overwritten")
        self.assertEqual(first.phone, "+46 70 123 45 67", "blank fields are completed")
        # staff B now sees the person, and was told why no new record appeared
        self.assertTrue(second.with_user(self.staff_b).read(["name"]))
        self.assertTrue(self._notifications(self.staff_b), "a clear message was sent")
        self.assertIn(
            "same national identity number", self._notifications(self.staff_b)[-1].message
        )

    def test_same_email_without_number_finds_existing_person(self):
        found = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .create({"name": "Alva", "email": "ALVA@example.org"})
        )
        self.assertEqual(found, self.person_ab)
        self.assertIn("same e-mail address", self._notifications(self.staff_a)[-1].message)

    def test_batch_create_mixes_new_and_existing(self):
        people = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .create(
                [
                    {"name": "New One"},
                    {"name": "Alva again", "email": "alva@example.org"},
                    {"name": "New Two", "email": "new.two@example.org"},
                ]
            )
        )
        self.assertEqual(len(people), 3)
        self.assertEqual(people[1], self.person_ab)
        self.assertEqual(people[0].name, "New One")
        self.assertEqual(people[2].name, "New Two")

    def test_not_merged(self):
        Partner = self.env["res.partner"]
        # a different number never merges, even with the same e-mail address
        other = Partner.create(
            {"name": "Alva's twin", "email": "alva@example.org", "national_id": "010101-1013"}
        )
        self.assertNotEqual(other, self.person_ab)
        # companies and contacts of a company are not people to merge
        company = Partner.create(
            {"name": "Alva AB", "is_company": True, "email": "alva@example.org"}
        )
        self.assertNotEqual(company, self.person_ab)
        contact = Partner.create(
            {"name": "Invoice address", "parent_id": company.id, "email": "x@example.org"}
        )
        self.assertEqual(contact.parent_id, company)
        # a person who already has a login keeps it to themselves
        user_partner = self.staff_b.partner_id
        user_partner.email = "staff.b@example.org"
        newcomer = Partner.create({"name": "Newcomer", "email": "staff.b@example.org"})
        self.assertNotEqual(newcomer, user_partner)

    def test_explicit_organisations_are_connected(self):
        found = self.env["res.partner"].create(
            {
                "name": "Alva",
                "email": "alva@example.org",
                "organisation_ids": [Command.set(self.branch_a.ids)],
            }
        )
        self.assertEqual(found, self.person_ab)
        self.assertIn(self.branch_a, found.sudo().organisation_ids)
