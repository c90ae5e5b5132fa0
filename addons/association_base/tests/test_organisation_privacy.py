"""What one organisation does with a shared person stays its own: history, followers,
activities, lookups by identity number, its data when the person is deleted, and the
companies of the person's portal login (security review, issue 10)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestOrganisationPrivacy(AssociationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = new_test_user(
            cls.env,
            login="manager_b",
            groups="association_base.group_association_manager",
            company_id=cls.org_b.id,
            company_ids=[Command.set(cls.org_b.ids)],
        )
        cls.colleague_a = cls._staff("colleague_a", cls.org_a)

    def _messages(self, user, person):
        """The messages ``user`` reads on ``person``, as the chatter fetches them."""
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "res.partner"), ("res_id", "=", person.id)])
        )

    def _connect(self, user, number):
        wizard = (
            self.env["association.person.connect"].with_user(user).create({"national_id": number})
        )
        wizard.action_find()
        return wizard

    def test_the_connection_note_is_the_connecting_organisations(self):
        karin = (
            self.env["res.partner"]
            .with_user(self.staff_a)
            .create({"name": "Karin", "national_id": "700617-3459"})
        )
        wizard = self._connect(self.staff_b, "19700617-3459")
        wizard.confirmed = True
        wizard.action_connect()
        note = karin.sudo().message_ids.filtered(lambda m: "Connected to" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.organisation_id, self.org_b)
        self.assertIn(note, self._messages(self.staff_b, karin))
        self.assertNotIn(note, self._messages(self.staff_a, karin), "A learns nothing of B")
        self.env.invalidate_all()  # the messages were read above without the rules
        self.assertNotIn(note, karin.with_user(self.staff_a).message_ids)
        with self.assertRaises(AccessError):
            note.with_user(self.staff_a).read(["body"])
        self.assertIn(note, self._messages(self.platform_admin, karin))

    def test_notes_tracking_and_messages_stay_with_their_organisation(self):
        person = self.person_ab
        note = person.with_user(self.staff_a).message_post(
            body="Owes the club for the boat place", subtype_xmlid="mail.mt_note"
        )
        person.with_user(self.staff_a).phone = "+46 31 12 34 56"
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at the end of the transaction
        tracking = person.sudo().message_ids.filtered(
            lambda m: m.tracking_value_ids.field_id.name == "phone"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.organisation_id, self.org_a)
        for message in note | tracking:
            self.assertIn(message, self._messages(self.staff_a, person))
            self.assertNotIn(message, self._messages(self.staff_b, person))
            with self.assertRaises(AccessError):
                message.with_user(self.staff_b).read(["body"])
        # the branch's staff do not read the parent's notes; the parent reads the branch's
        parent_note = self.person_branch.with_user(self.staff_a).message_post(
            body="Parent's business", subtype_xmlid="mail.mt_note"
        )
        self.assertIn(parent_note, self._messages(self.staff_a, self.person_branch))
        self.assertNotIn(parent_note, self._messages(self.staff_branch, self.person_branch))
        branch_note = (
            self.person_branch.with_user(self.staff_branch)
            .with_context(allowed_company_ids=self.branch_a.ids)
            .message_post(body="Needs a life jacket", subtype_xmlid="mail.mt_note")
        )
        self.assertEqual(branch_note.organisation_id, self.branch_a)
        self.assertIn(branch_note, self._messages(self.staff_a, self.person_branch))

    def test_nobody_writes_in_another_organisations_name(self):
        """Staff of A cannot plant a note in B's history of a shared person, nor move
        their own note there."""
        person = self.person_ab.with_user(self.staff_a)
        with self.assertRaisesRegex(AccessError, "in the name of another organisation"):
            person.message_post(
                body="Connected to B", subtype_xmlid="mail.mt_note", organisation_id=self.org_b.id
            )
        note = person.message_post(body="Own note", subtype_xmlid="mail.mt_note")
        with self.assertRaisesRegex(AccessError, "in the name of another organisation"):
            note.with_user(self.staff_a).organisation_id = self.org_b

    def test_followers_and_activities_stay_with_their_organisation(self):
        person = self.person_ab
        person.with_user(self.staff_a).message_subscribe(partner_ids=self.staff_a.partner_id.ids)
        activity = person.with_user(self.staff_a).activity_schedule(
            "mail.mail_activity_data_todo", summary="Call about the boat place"
        )
        self.assertEqual(activity.organisation_id, self.org_a)
        as_b = person.with_user(self.staff_b)
        self.env.invalidate_all()
        self.assertNotIn(self.staff_a.partner_id, as_b.message_follower_ids.partner_id)
        self.env.invalidate_all()  # one2many values are cached for every user alike
        self.assertIn(
            self.staff_a.partner_id, person.with_user(self.staff_a).message_follower_ids.partner_id
        )
        self.env.invalidate_all()
        self.assertNotIn(activity, as_b.activity_ids)
        self.assertFalse(
            self.env["mail.activity"].with_user(self.staff_b).search([("id", "=", activity.id)])
        )
        # what B writes to the person is not sent to A's staff who follow them
        message = as_b.message_post(
            body="Welcome to the union", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(message.organisation_id, self.org_b)
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", message.id),
                    ("res_partner_id", "=", self.staff_a.partner_id.id),
                ]
            )
        )
        # and A's staff still hear of what A writes
        message = person.with_user(self.colleague_a).message_post(
            body="See you at the harbour", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", message.id),
                    ("res_partner_id", "=", self.staff_a.partner_id.id),
                ]
            )
        )

    def test_certificate_expiry_note_is_the_certificates_organisations(self):
        today = fields.Date.context_today(self.env["res.partner"])
        self.env["association.certificate"].create(
            {
                "partner_id": self.person_ab.id,
                "company_id": self.org_b.id,
                "customer_type_id": self.env.ref("association_base.customer_type_student").id,
                "name": "Studentbevis",
                "date_from": today - timedelta(days=300),
                "date_to": today - timedelta(days=1),
            }
        )
        self.env["association.certificate"]._cron_process_expired()
        note = self.person_ab.sudo().message_ids.filtered(lambda m: "expired" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.organisation_id, self.org_b)
        self.assertIn(note, self._messages(self.staff_b, self.person_ab))
        self.assertNotIn(note, self._messages(self.staff_a, self.person_ab))

    def test_lookups_by_identity_number_are_logged_and_limited(self):
        self.person_b.sudo().national_id = "010101-1013"
        self.env["ir.config_parameter"].set_param("association_base.person_lookup_limit", "3")
        found = self._connect(self.staff_b, "010101-1013")
        self.assertEqual(found.state, "found")
        missing = self._connect(self.staff_b, "19811228-9874")
        self.assertEqual(missing.state, "not_found")
        self.assertFalse(missing.partner_name)
        found.confirmed = True
        found.action_connect()  # a lookup too
        with self.assertRaisesRegex(UserError, "looked up 3 identity numbers in the last hour"):
            self._connect(self.staff_b, "700617-3459")
        # others are not limited by B's lookups
        self.assertEqual(self._connect(self.staff_a, "010101-1013").state, "found")
        Lookup = self.env["association.person.lookup"]
        log = Lookup.search([("user_id", "=", self.staff_b.id)], order="id")
        self.assertEqual(
            [(entry.national_id_masked, entry.result, entry.company_id) for entry in log],
            [
                ("20010101-****", "found", self.org_b),
                ("19811228-****", "not_found", self.org_b),
                ("20010101-****", "connected", self.org_b),
            ],
        )
        # the organisation's manager reads its log, its staff and other organisations do not
        self.assertEqual(Lookup.with_user(self.manager_b).search([]), log)
        with self.assertRaises(AccessError):
            Lookup.with_user(self.staff_b).search([])
        with self.assertRaises(AccessError):
            log.with_user(self.manager_b).write({"result": "found"})
        self.assertEqual(Lookup.with_user(self.platform_admin).search_count([]), 4)

    def test_connecting_an_unknown_number_is_logged_and_counted(self):
        """Connect straight away with a number nobody has: the wizard says so, and the
        lookup is logged and counts towards the limit like a search."""
        self.env["ir.config_parameter"].set_param("association_base.person_lookup_limit", "2")
        Connect = self.env["association.person.connect"].with_user(self.staff_b)
        for _attempt in range(2):
            wizard = Connect.create(
                {
                    "national_id": "19811228-9874",
                    "confirmed": True,
                    "organisation_ids": self.org_b.ids,
                }
            )
            self.assertEqual(wizard.action_connect()["res_model"], wizard._name)
            self.assertEqual(wizard.state, "not_found")
        log = self.env["association.person.lookup"].search([("user_id", "=", self.staff_b.id)])
        self.assertEqual(log.mapped("result"), ["not_found", "not_found"])
        with self.assertRaisesRegex(UserError, "looked up 2 identity numbers in the last hour"):
            Connect.create(
                {
                    "national_id": "19811228-9874",
                    "confirmed": True,
                    "organisation_ids": self.org_b.ids,
                }
            ).action_connect()

    def test_logins_companies_are_not_exported(self):
        user = new_test_user(
            self.env,
            login="alva.portal",
            groups="base.group_portal",
            partner_id=self.person_ab.id,
            company_id=self.org_a.id,
            company_ids=[Command.set((self.org_a | self.org_b).ids)],
        )
        # staff who may export at all (Odoo's export group)
        self.staff_a.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaisesRegex(AccessError, "organisations of people's logins"):
            user.with_user(self.staff_a).export_data(["login", "company_ids/name"])
        with self.assertRaisesRegex(AccessError, "organisations of people's logins"):
            self.person_ab.with_user(self.staff_a).export_data(["name", "user_ids/company_ids/id"])
        # what staff may export still goes
        self.assertEqual(
            self.person_ab.with_user(self.staff_a).export_data(["name"])["datas"],
            [[self.person_ab.sudo().name]],
        )

    def test_delete_never_removes_another_organisations_data(self):
        # B checked a certificate and then removed its connection: A's person alone now
        certificate = self.env["association.certificate"].create(
            {
                "partner_id": self.person_a.id,
                "company_id": self.org_b.id,
                "customer_type_id": self.env.ref("association_base.customer_type_student").id,
                "name": "Studentbevis",
            }
        )
        with self.assertRaisesRegex(UserError, "data of another organisation"):
            self.person_a.with_user(self.staff_a).unlink()
        self.assertTrue(certificate.exists())
        self.assertTrue(self.person_a.exists())
        # A's own data does not stand in the way
        certificate.company_id = self.org_a
        self.person_a.with_user(self.staff_a).unlink()
        self.assertFalse(certificate.exists())

    def test_portal_login_does_not_tell_the_other_organisations(self):
        login = new_test_user(
            self.env,
            login="alva.portal",
            groups="base.group_portal",
            partner_id=self.person_ab.id,
            company_id=self.org_b.id,
            company_ids=[Command.set(self.org_b.ids)],
        )
        self.assertEqual(login.company_ids, self.org_a | self.org_b)
        as_a = login.with_user(self.staff_a)
        values = as_a.read(["company_ids", "company_id"])[0]
        self.assertEqual(values["company_ids"], self.org_a.ids)
        self.assertFalse(values["company_id"])
        self.assertEqual(as_a.web_read({"company_ids": {}})[0]["company_ids"], self.org_a.ids)
        self.assertEqual(
            as_a.search_read([("id", "=", login.id)], ["company_ids"])[0]["company_ids"],
            self.org_a.ids,
        )
        values = self.person_ab.with_user(self.staff_a).web_read(
            {"user_ids": {"fields": {"company_ids": {}}}}
        )[0]
        self.assertEqual(values["user_ids"][0]["company_ids"], self.org_a.ids)
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.staff_a)._read_group(
                [("share", "=", True)], ["company_ids"], ["__count"]
            )
        # the platform administrator and the member themselves read them all
        for reader in (self.platform_admin, login):
            self.assertEqual(
                set(login.with_user(reader).read(["company_ids"])[0]["company_ids"]),
                set((self.org_a | self.org_b).ids),
            )

    def test_creation_messages_are_translated_when_written(self):
        # as during an installation: the language is there, the models' translated names
        # are not loaded (they come with each module's translations, after its data)
        self.env["res.lang"]._activate_lang("sv_SE")
        sv = self.env(context=dict(self.env.context, lang="sv_SE"))
        person = sv["res.partner"].create({"name": "Sven"})
        certificate = sv["association.certificate"].create(
            {
                "partner_id": person.id,
                "customer_type_id": self.env.ref("association_base.customer_type_student").id,
                "name": "Studentbevis",
            }
        )
        self.assertIn("Kontakt skapad", person.message_ids[-1].body)
        self.assertIn("Intyg skapat", certificate.message_ids[-1].body)
