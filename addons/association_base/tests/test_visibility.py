from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

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

    def test_connections_to_other_organisations_never_show(self):
        Partner = self.env["res.partner"].with_user(self.staff_a)
        # neither read, search, group by nor write the full list
        with self.assertRaises(AccessError):
            Partner.browse(self.person_ab.id).read(["organisation_ids"])
        with self.assertRaises(AccessError):
            Partner.search([("organisation_ids", "in", self.org_b.ids)])
        with self.assertRaises(AccessError):
            Partner.search([("organisation_ids.name", "ilike", "Forening B")])
        with self.assertRaises(AccessError):
            Partner.read_group([], ["organisation_ids"], ["organisation_ids"])
        # my_organisation_ids searches within the user's organisations only
        self.assertFalse(Partner.search([("my_organisation_ids", "in", self.org_b.ids)]))
        self.assertFalse(Partner.search([("my_organisation_ids", "ilike", "Forening B")]))
        self.assertEqual(
            Partner.search(
                [("my_organisation_ids", "in", self.org_a.ids), ("id", "=", self.person_ab.id)]
            ),
            self.person_ab,
        )
        self.assertIn(
            self.person_branch,
            Partner.search([("my_organisation_ids", "child_of", self.org_a.id)]),
        )
        # the platform administrator may
        Admin = self.env["res.partner"].with_user(self.platform_admin)
        self.assertIn(self.person_ab, Admin.search([("organisation_ids", "in", self.org_b.ids)]))

    def test_staff_cannot_delete_or_archive_shared_people(self):
        shared = self.person_ab.with_user(self.staff_a)
        with self.assertRaisesRegex(UserError, "other organisations"):
            shared.unlink()
        with self.assertRaisesRegex(UserError, "other organisations"):
            shared.action_archive()
        with self.assertRaisesRegex(UserError, "other organisations"):
            shared.write({"active": False})
        self.assertTrue(self.person_ab.exists() and self.person_ab.active)
        # their own person they may archive; removing their connection is always possible
        self.person_a.with_user(self.staff_a).action_archive()
        self.assertFalse(self.person_a.active)
        shared.my_organisation_ids = False
        self.assertEqual(self.person_ab.sudo().organisation_ids, self.org_b)

    def test_identity_number_for_association_users_only(self):
        self.person_a.national_id = "811228-9874"
        accountant = new_test_user(
            self.env,
            login="accountant_a",
            groups="base.group_user",
            company_id=self.org_a.id,
            company_ids=[Command.set(self.org_a.ids)],
        )
        person = self.person_a.with_user(accountant)
        self.assertEqual(person.name, "Anna A")
        with self.assertRaises(AccessError):
            person.read(["national_id"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(accountant).search(
                [("national_id", "=", "19811228-9874")]
            )
        # staff see it, lists show it masked, and it is kept in no history
        staff = self.person_a.with_user(self.staff_a)
        self.assertEqual(staff.national_id, "19811228-9874")
        self.assertEqual(staff.national_id_masked, "19811228-****")
        self.person_a.national_id = "19550412-6789"
        values = (
            self.env["mail.tracking.value"].sudo().search([("field_id.name", "=", "national_id")])
        )
        self.assertFalse(values)

    def test_people_list_as_the_browser_loads_it(self):
        """The web client works in the companies of the switcher (by default the user's
        main one): the list must not read a branch the user has not switched to."""
        Partner = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .with_context(allowed_company_ids=self.org_a.ids)
        )
        views = Partner.get_views([(False, "list")])
        fields = views["models"]["res.partner"]["fields"]
        arch = etree.fromstring(views["views"]["list"]["arch"])
        names = set(arch.xpath("//field[not(ancestor::field)]/@name"))
        relational = ("many2one", "many2many", "one2many")
        spec = {
            name: {"fields": {"display_name": {}}} if fields[name]["type"] in relational else {}
            for name in names
        }
        result = Partner.web_search_read([("is_company", "=", False)], spec)
        ids = [record["id"] for record in result["records"]]
        self.assertIn(self.person_branch.id, ids)
        row = next(r for r in result["records"] if r["id"] == self.person_ab.id)
        self.assertEqual([org["id"] for org in row["my_organisation_ids"]], self.org_a.ids)

    def test_no_connection_to_another_organisation_through_create(self):
        Partner = self.env["res.partner"].with_user(self.staff_a)
        both = Partner.create(
            {
                "name": "Both given",
                "organisation_ids": [Command.set(self.org_b.ids)],
                "my_organisation_ids": [Command.set(self.org_a.ids)],
            }
        )
        by_default = Partner.with_context(default_organisation_ids=self.org_b.ids).create(
            {"name": "By default"}
        )
        for person in both | by_default:
            self.assertFalse(person.sudo().organisation_ids & self.org_b, person.name)

    def test_users_are_not_found_by_another_organisations_company(self):
        member = self.env["res.users"].create(
            {
                "name": "Alva AB",
                "login": "alva.member",
                "partner_id": self.person_ab.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        self.assertIn(self.org_b, member.company_ids)
        Users = self.env["res.users"].with_user(self.staff_a)
        for domain in (
            [("company_ids", "in", self.org_b.ids)],
            [("company_id", "=", self.org_b.id)],
            [("company_ids.name", "ilike", "Forening B")],
            [("partner_id.organisation_ids", "in", self.org_b.ids)],
        ):
            with self.assertRaises(AccessError, msg=domain):
                Users.search(domain)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.staff_a).search(
                [("user_ids.partner_id.organisation_ids", "in", self.org_b.ids)]
            )
        # their own organisations they may search by
        self.assertIn(member, Users.search([("company_ids", "in", self.org_a.ids)]))
        # a portal member sees no other portal member
        other = self.env["res.users"].create(
            {
                "name": "Anna A",
                "login": "anna.member",
                "partner_id": self.person_a.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        self.assertFalse(self.env["res.users"].with_user(member).search([("id", "=", other.id)]))

    def test_staff_cannot_redirect_a_shared_persons_mail_or_login(self):
        shared = self.person_ab.with_user(self.staff_a)
        with self.assertRaisesRegex(UserError, "other organisations"):
            shared.write({"email": "attacker@example.org"})
        self.assertEqual(self.person_ab.email, "alva@example.org")
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.staff_a)
            .create({"partner_ids": [Command.set(self.person_ab.ids)]})
        )
        with self.assertRaisesRegex(UserError, "other organisations"):
            wizard.user_ids.action_grant_access()
        self.assertFalse(self.person_ab.user_ids)
        # their own person's address they change
        self.person_a.with_user(self.staff_a).write({"email": "anna@example.org"})
