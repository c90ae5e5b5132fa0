import re
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CourseHttpCase


@tagged("post_install", "-at_install")
class TestInvitation(CourseHttpCase):
    """Maria, Anders, Kim (no e-mail) and Eva took Tango Nybörjare last term; Maria, Anders
    and Kim were approved for Tango 1 (Eva not). This term's catalogue: Tango Fortsättare and
    Tango Fortsättare, Sunday (both require Tango 1; Anders is registered for the Sunday
    one), Tango 3 (requires Tango 2) and Milonga (no level)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sunday = cls._course("Tango Fortsättare, Sunday", required=cls.tango_1)
        cls.tango_3_course = cls._course("Tango 3", level=cls.tango_3, required=cls.tango_2)
        cls.unpublished = cls._course("Tango Fortsättare, Friday", required=cls.tango_1)
        (cls.fortsattare | cls.sunday | cls.tango_3_course | cls.milonga).course_published = True
        cls.nyborjare = cls._course(
            "Tango Nybörjare",
            level=cls.tango_1,
            date_begin=datetime.combine(cls._day(-150), datetime.min.time()),
            date_end=datetime.combine(cls._day(-90), datetime.min.time()),
            term_id=cls.autumn.id,
        )
        cls.kim = cls._person("Kim Nilsson", email=False)
        cls.eva = cls._person("Eva Lund")
        cls.env["event.course.level.approval"].create(
            {"partner_id": cls.kim.id, "level_id": cls.tango_1.id}
        )
        Registration = cls.env["event.registration"].with_context(event_course_registering=True)
        Registration.create(
            [
                {"event_id": cls.nyborjare.id, "partner_id": partner.id, "state": "open"}
                for partner in (cls.maria, cls.anders, cls.kim, cls.eva)
            ]
        )
        Registration.create({"event_id": cls.sunday.id, "partner_id": cls.anders.id})
        cls.staff = new_test_user(
            cls.env,
            login="invitation_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=cls.club.id,
            company_ids=[Command.set(cls.club.ids)],
        )

    def _invite(self, user=None):
        return self.spring.with_user(user or self.staff).action_course_invite_past_participants()

    def _invitations(self):
        return self.env["event.course.invitation"].search([("term_id", "=", self.spring.id)])

    def _mails(self):
        return self.env["mail.mail"].search([("model", "=", "event.course.invitation")])

    def test_one_email_per_person_and_term_with_their_courses(self):
        result = self._invite()
        self.assertIn("2 people invited", result["params"]["message"])
        self.assertIn("1 without an e-mail", result["params"]["message"])
        invitations = self._invitations()
        by_person = {i.partner_id: i for i in invitations}
        self.assertEqual(set(by_person), {self.maria, self.anders, self.kim})
        self.assertEqual(by_person[self.maria].course_ids, self.fortsattare | self.sunday)
        # Anders is registered for the Sunday course already
        self.assertEqual(by_person[self.anders].course_ids, self.fortsattare)
        self.assertEqual(by_person[self.kim].state, "no_email")
        mails = self._mails()
        self.assertEqual(mails.recipient_ids, self.maria | self.anders)
        maria_mail = mails.filtered(lambda m: m.res_id == by_person[self.maria].id)
        self.assertEqual(maria_mail.subject, f"{self.club.name}: your next courses in Spring 2027")
        self.assertIn("Tango Fortsättare, Sunday", maria_mail.body_html)
        for missing in ("Tango 3", "Milonga", "Friday"):
            self.assertNotIn(missing, maria_mail.body_html)
        self.assertIn(f"?course={self.fortsattare.id}", maria_mail.body_html)
        # again: nobody is invited twice to the term
        result = self._invite()
        self.assertIn("Nobody left to invite", result["params"]["message"])
        self.assertEqual(self._invitations(), invitations)
        self.assertEqual(self._mails(), mails)
        # Kim has an e-mail now: invited once, on the same line
        self.kim.email = "kim.nilsson@example.se"
        self._invite()
        self._invite()
        self.assertEqual(self._invitations(), invitations)
        self.assertEqual(by_person[self.kim].state, "sent")
        self.assertEqual((self._mails() - mails).recipient_ids, self.kim)
        self.assertEqual(self.spring.with_user(self.staff).course_invitation_count, 3)

    def test_the_link_recognises_the_person_and_opens_the_course(self):
        self._invite()
        invitation = self._invitations().filtered(lambda i: i.partner_id == self.maria)
        body = self._mails().filtered(lambda m: m.res_id == invitation.id).body_html
        link = re.search(rf'href="([^"]*\?course={self.fortsattare.id})"', body).group(1)
        self.assertIn("/courses/invite/", link)
        link = link.removeprefix(self.maria.get_base_url())
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertTrue(page.url.endswith(f"/courses/course/{self.fortsattare.id}"))
        self.assertIn("o_course_register_form", page.text)
        self.assertIn("Hello <strong>Maria Svensson</strong>", page.text)
        # a course that is not on the organisation's catalogue: the catalogue
        other = self.setup_other_company(name="Other Union")["company"]
        elsewhere = self._course("Fjelltur", company=other, course_published=True)
        for course in (self.unpublished, elsewhere):
            page = self.url_open(
                invitation._course_link(course).removeprefix(self.maria.get_base_url())
            )
            self.assertTrue(page.url.endswith(f"/courses/{self.club.id}"), page.url)
        page = self.url_open(link.replace(f"course={self.fortsattare.id}", "course=x"))
        self.assertTrue(page.url.endswith(f"/courses/{self.club.id}"))

    def test_only_the_organisation_staff_invite(self):
        other = self.setup_other_company(name="Other Union")["company"]
        staff_b = new_test_user(
            self.env,
            login="invitation_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        portal = new_test_user(
            self.env, login="invitation_portal", groups="base.group_portal", partner_id=self.eva.id
        )
        for user in (staff_b, portal):
            with self.assertRaises(AccessError):
                self._invite(user)
        self._invite()
        self.assertFalse(self.env["event.course.invitation"].with_user(staff_b).search([]))
        self.assertEqual(
            len(self.env["event.course.invitation"].with_user(self.staff).search([])), 3
        )
