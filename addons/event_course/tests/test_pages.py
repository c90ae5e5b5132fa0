from datetime import datetime

from odoo import Command, http
from odoo.tests import tagged

from .common import CourseHttpCase


@tagged("post_install", "-at_install")
class TestCoursePages(CourseHttpCase):
    """The public catalogue and registration, as a person arriving through their personal
    link: Maria and Anders took Tango Nybörjare together last term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.fortsattare | cls.milonga).course_published = True
        cls.nyborjare = cls._course(
            "Tango Nybörjare",
            level=cls.tango_1,
            date_begin=datetime.combine(cls._day(-150), datetime.min.time()),
            date_end=datetime.combine(cls._day(-90), datetime.min.time()),
            term_id=cls.autumn.id,
        )
        Registration = cls.env["event.registration"].with_context(event_course_registering=True)
        maria = Registration.create(
            {"event_id": cls.nyborjare.id, "partner_id": cls.maria.id, "course_role": "follower"}
        )
        Registration.create(
            {
                "event_id": cls.nyborjare.id,
                "partner_id": cls.anders.id,
                "course_role": "leader",
                "course_partner_registration_id": maria.id,
            }
        )
        cls.fortsattare.write({"course_role_balance": True, "course_role_margin": 2})
        # Maria is also on Milonga this term (paid earlier): the tango course is her second
        Registration.create({"event_id": cls.milonga.id, "partner_id": cls.maria.id})
        cls.link = cls.maria._course_invite_url(cls.club).removeprefix(cls.maria.get_base_url())

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": http.Request.csrf_token(self), **data})

    def test_link_recognises_the_person(self):
        page = self.url_open(self.link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/courses/{self.club.id}", page.url)
        self.assertIn("Hello <strong>Maria Svensson</strong>", page.text)
        # the follow-on course (requires Tango 1, which Maria holds) is suggested
        suggested = page.text.split("o_course_suggested")[1].split("</section>")[0]
        self.assertIn("Tango Fortsättare", suggested)
        self.assertNotIn("Milonga", suggested)
        course = self.url_open(f"/courses/course/{self.fortsattare.id}")
        self.assertIn(f'<option value="{self.anders.id}">Anders Berg</option>', course.text)

    def test_tampered_or_expired_link_refused(self):
        partner, organisation, expiry, signature = self.link.split("/")[-1].split("-")
        tampered = f"/courses/invite/{self.anders.id}-{organisation}-{expiry}-{signature}"
        page = self.url_open(tampered)
        self.assertEqual(page.status_code, 403)
        self.assertIn("This link is not valid", page.text)
        self.assertNotIn("Anders Berg", page.text)
        expired = self.maria._course_invite_token(self.club, days=-1)
        page = self.url_open(f"/courses/invite/{expired}")
        self.assertEqual(page.status_code, 403)
        self.assertIn("This link has expired", page.text)
        # without a link nobody is recognised: no registration form
        page = self.url_open(f"/courses/course/{self.fortsattare.id}")
        self.assertNotIn("o_course_register_form", page.text)
        self.assertIn("personal link", page.text)
        self.assertEqual(partner, str(self.maria.id))

    def test_only_a_previous_partner(self):
        """A partner id typed into the form who is not a previous partner is refused."""
        stranger = self._person("Kim Nilsson")
        self.authenticate(None, None)
        self.url_open(self.link)
        page = self._post(
            f"/courses/course/{self.fortsattare.id}/confirm",
            role="follower",
            partner_id=stranger.id,
            pay="invoice",
        )
        self.assertEqual(page.status_code, 404)
        self.assertFalse(self.fortsattare.registration_ids)

    def test_unpublished_course_not_found(self):
        self.url_open(self.link)
        self.fortsattare.course_published = False
        self.assertEqual(self.url_open(f"/courses/course/{self.fortsattare.id}").status_code, 404)

    def test_registration_tour(self):
        """Link → follow-on course → together with Anders → the price of each → Maria pays her
        200 by card with the demo provider; Anders gets his invoice of 1100."""
        self.env.ref("payment.payment_provider_demo").sudo().copy(
            {"company_id": self.club.id, "state": "test", "is_published": True}
        )
        self.start_tour(self.link, "event_course_registration")
        maria, anders = self.fortsattare.registration_ids.sorted("id")
        self.assertEqual((maria.partner_id, anders.partner_id), (self.maria, self.anders))
        self.assertEqual((maria.course_role, anders.course_role), ("follower", "leader"))
        self.assertEqual(maria.course_invoice_id.amount_total, 800)
        self.assertEqual(maria.course_credit_used, 600)
        transaction = self.env["payment.transaction"].search(
            [("invoice_ids", "in", maria.course_invoice_id.ids)]
        )
        self.assertEqual(transaction.state, "done")
        self.assertEqual(transaction.amount, 200)
        self.assertEqual(anders.course_invoice_id.amount_residual, 1100)
        self.assertEqual(
            anders.course_invoice_id.invoice_line_ids.mapped("price_total"), [1000.0, 100.0]
        )
        notice = self.env["mail.mail"].search(
            [("model", "=", "event.registration"), ("res_id", "=", anders.id)]
        )
        self.assertEqual(
            notice.mapped("subject"),
            [f"{self.club.name}: Maria Svensson registered you for Tango Fortsättare"],
        )
        self.assertIn("1,000.00", notice.body_html)
        self.assertIn("1,100.00", notice.body_html)

    def test_full_course_offers_the_waiting_list(self):
        self.authenticate(None, None)
        self.url_open(self.link)
        page = self._post(f"/courses/course/{self.fortsattare.id}/review", role="follower")
        self.assertNotIn("o_course_join_waitlist", page.text)
        self.fortsattare.write({"seats_limited": True, "seats_max": 1})
        self.env["event.registration"].with_context(event_course_registering=True).create(
            {"event_id": self.fortsattare.id, "partner_id": self.anders.id, "course_role": "leader"}
        )
        page = self._post(f"/courses/course/{self.fortsattare.id}/review", role="follower")
        self.assertIn("Tango Fortsättare has 0 free places", page.text)
        self.assertIn("o_course_join_waitlist", page.text)
        self.assertNotIn("o_course_confirm", page.text)
        page = self._post(f"/courses/course/{self.fortsattare.id}/waitlist", role="follower")
        self.assertIn("You are on the waiting list", page.text)
        entry = self.env["event.course.waitlist"].search([("event_id", "=", self.fortsattare.id)])
        self.assertEqual((entry.partner_id, entry.course_role), (self.maria, "follower"))

    def test_partner_reasons_not_shown(self):
        """What Anders owes is his: Maria is only told he cannot be registered with her."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.anders.id,
                "invoice_date": self._day(-40),
                "invoice_date_due": self._day(-10),
                "invoice_line_ids": [
                    Command.create({"product_id": self.dues.id, "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.authenticate(None, None)
        self.url_open(self.link)
        page = self._post(
            f"/courses/course/{self.fortsattare.id}/review",
            role="follower",
            partner_id=self.anders.id,
        )
        self.assertIn("Anders Berg cannot be registered for this course now", page.text)
        self.assertNotIn(invoice.name, page.text)
        self.assertNotIn("owes", page.text)
        self.assertNotIn("o_course_confirm", page.text)
