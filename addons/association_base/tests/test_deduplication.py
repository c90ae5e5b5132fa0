from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestDeduplication(AssociationCase):
    """create() always creates; an existing person is connected only through the staff's
    explicit "connect an existing person" flow, by identity number."""

    def _connect(self, user, number, **vals):
        wizard = (
            self.env["association.person.connect"]
            .with_user(user)
            .create({"national_id": number, **vals})
        )
        wizard.action_find()
        self.assertEqual(wizard.state, "found")
        wizard.confirmed = True
        return wizard

    def test_create_never_returns_another_person(self):
        # the same e-mail as a member: a new person, never the member (portal sign-up!)
        for user in (self.staff_a, self.env.user):
            newcomer = (
                self.env["res.partner"]
                .with_user(user)
                .create({"name": "Not Alva", "email": "ALVA@example.org"})
            )
            self.assertNotEqual(newcomer, self.person_ab)
            self.assertEqual(newcomer.name, "Not Alva")
        self.assertEqual(self.person_ab.sudo().organisation_ids, self.org_a | self.org_b)

    def test_portal_signup_with_a_members_email_gets_a_person_of_its_own(self):
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            ._create_user_from_template(
                {"name": "Attacker", "login": "alva@example.org", "email": "alva@example.org"}
            )
        )
        self.assertNotEqual(user.partner_id, self.person_ab)
        self.assertFalse(user.partner_id.sudo().organisation_ids)
        self.assertFalse(user.company_ids & self.org_b)

    def test_same_number_is_refused_with_the_way_to_connect(self):
        Partner = self.env["res.partner"]
        Partner.with_user(self.staff_a).create({"name": "Karin", "national_id": "700617-3459"})
        with self.assertRaisesRegex(ValidationError, "Connect an existing person"):
            Partner.with_user(self.staff_b).create(
                {"name": "K. Johansson", "national_id": "197006173459"}  # other notation
            )
        # the form warns as soon as the number is typed
        with Form(Partner.with_user(self.staff_b)) as form:
            form.name = "K. J."
            form.national_id = "19700617-3459"
            form.national_id = False

    def test_connect_by_number_with_confirmation_and_audit(self):
        karin = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .create({"name": "Karin", "national_id": "700617-3459", "phone": "+46 31 1"})
        )
        wizard = self._connect(self.staff_b, "19700617-3459")
        self.assertEqual(wizard.partner_name, "Karin")
        wizard.confirmed = False
        with self.assertRaises(UserError):
            wizard.action_connect()
        wizard.confirmed = True
        wizard.action_connect()
        self.assertEqual(karin.sudo().organisation_ids, self.org_a | self.org_b)
        self.assertEqual(karin.with_user(self.staff_b).my_organisation_ids, self.org_b)
        self.assertEqual(karin.phone, "+46 31 1", "nothing of the person is changed")
        audit = karin.sudo().message_ids.filtered(lambda m: "Connected to" in (m.body or ""))
        self.assertEqual(len(audit), 1)
        self.assertIn(self.org_b.name, audit.body)
        self.assertEqual(audit.author_id, self.staff_b.partner_id)

    def test_connect_only_to_own_organisations(self):
        self.person_b.sudo().national_id = "010101-1013"
        wizard = self._connect(self.staff_a, "010101-1013")
        # staff A asks to connect the person to organisation B too: only A is theirs
        wizard.organisation_ids = [Command.set((self.org_a | self.org_b).ids)]
        wizard.action_connect()
        self.assertEqual(self.person_b.sudo().organisation_ids, self.org_a | self.org_b)
        # and an unknown number connects nobody
        wizard = (
            self.env["association.person.connect"]
            .with_user(self.staff_a)
            .create({"national_id": "19811228-9874"})
        )
        wizard.action_find()
        self.assertEqual(wizard.state, "not_found")
        self.assertFalse(wizard.partner_name)
        wizard.write({"confirmed": True})
        wizard.action_connect()  # says so in the wizard, the lookup logged
        self.assertEqual(wizard.state, "not_found")
        self.assertEqual(self.person_b.sudo().organisation_ids, self.org_a | self.org_b)

    def test_connect_cuts_foreign_organisations(self):
        self.person_b.sudo().national_id = "010101-1013"
        wizard = self._connect(self.staff_branch, "010101-1013")
        wizard.organisation_ids = [Command.set(self.org_b.ids)]
        with self.assertRaisesRegex(UserError, "your organisations"):
            wizard.action_connect()
        self.assertEqual(self.person_b.sudo().organisation_ids, self.org_b)

    def test_create_connects_only_to_own_organisations(self):
        person = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .create({"name": "Slipped in", "organisation_ids": [Command.set(self.org_b.ids)]})
        )
        self.assertFalse(person.sudo().organisation_ids & self.org_b)
        with self.assertRaises(AccessError):
            self.person_ab.with_user(self.staff_a).write(
                {"organisation_ids": [Command.unlink(self.org_b.id)]}
            )
        self.assertIn(self.org_b, self.person_ab.sudo().organisation_ids)
