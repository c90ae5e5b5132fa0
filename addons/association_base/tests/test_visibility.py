from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestVisibility(AssociationCase):
    def _visible(self, user, people):
        return self.env["res.partner"].with_user(user).search([("id", "in", people.ids)])

    def test_staff_see_only_people_of_their_organisations(self):
        people = self.person_a | self.person_b | self.person_ab | self.person_branch
        self.assertEqual(
            self._visible(self.staff_a, people), self.person_a | self.person_ab | self.person_branch
        )
        self.assertEqual(self._visible(self.staff_b, people), self.person_b | self.person_ab)
        with self.assertRaises(AccessError):
            self.person_b.with_user(self.staff_a).read(["name"])
        with self.assertRaises(AccessError):
            self.person_a.with_user(self.staff_b).write({"phone": "123"})
        # name search (many2one dropdowns) obeys the same rule
        self.assertFalse(self.env["res.partner"].with_user(self.staff_a).name_search("Bjørn"))

    def test_branches(self):
        people = self.person_a | self.person_branch
        # the branch's own staff see the branch's people, not the whole organisation's
        self.assertEqual(self._visible(self.staff_branch, people), self.person_branch)

    def test_platform_admin_sees_everybody(self):
        people = self.person_a | self.person_b | self.person_ab | self.person_branch
        self.assertEqual(self._visible(self.platform_admin, people), people)

    def test_users_and_organisations_own_partners_visible(self):
        own = self.org_b.partner_id | self.staff_b.partner_id
        self.assertEqual(self._visible(self.staff_a, own), own)

    def test_created_person_is_connected_to_creator_organisation(self):
        person = self.env["res.partner"].with_user(self.staff_b).create({"name": "Ny Person"})
        self.assertEqual(person.my_organisation_ids, self.org_b)
        self.assertFalse(self._visible(self.staff_a, person))
        # manual connection makes the person visible to the other organisation
        person.sudo().organisation_ids |= self.org_a
        self.assertEqual(self._visible(self.staff_a, person), person)
        # staff B edits their connections without touching (or seeing) A's
        self.assertEqual(person.my_organisation_ids, self.org_b)
        person.my_organisation_ids = False
        self.assertEqual(person.sudo().organisation_ids, self.org_a)
        self.assertFalse(self._visible(self.staff_b, person))

    def test_certificates_follow_people(self):
        certificate = self.env["association.certificate"].create(
            {
                "partner_id": self.person_b.id,
                "company_id": self.org_b.id,
                "customer_type_id": self.env.ref("association_base.customer_type_student").id,
                "name": "Studentbevis",
            }
        )
        Certificate = self.env["association.certificate"]
        self.assertFalse(Certificate.with_user(self.staff_a).search([("id", "=", certificate.id)]))
        self.assertEqual(
            Certificate.with_user(self.staff_b).search([("id", "=", certificate.id)]), certificate
        )

    def test_staff_open_a_shared_person_in_the_form(self):
        """What the web client reads to show the person form: nothing of the other
        organisation may break it or show through."""
        Partner = self.env["res.partner"].with_user(self.staff_a)
        views = Partner.get_views([(False, "form")])
        fields = views["models"]["res.partner"]["fields"]
        # the fields of the form as this user gets it (nodes of other groups are removed)
        arch = etree.fromstring(views["views"]["form"]["arch"])
        names = set(arch.xpath("//field[not(ancestor::field)]/@name"))
        relational = ("many2one", "many2many", "one2many")
        spec = {
            name: {"fields": {"display_name": {}}} if fields[name]["type"] in relational else {}
            for name in names
        }
        self.assertNotIn("organisation_ids", names, "the full list is for platform administrators")
        person = Partner.browse(self.person_ab.id)
        (values,) = person.web_read(spec)
        self.assertEqual([org["id"] for org in values["my_organisation_ids"]], self.org_a.ids)
