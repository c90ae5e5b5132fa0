from datetime import date, timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, freeze_time, tagged

from .common import CourseCase
from .test_waitlist import WaitlistMixin


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestWaitlistPages(WaitlistMixin, CourseCase, HttpCase):
    """The offer page of the e-mail's link, as the person (not logged in) opens it (the
    pages are requested, no browser: the day can be frozen)."""

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a visitor's session (the e-mail's link, not logged in)
        self.entry = self._join(self.milonga, self.maria).with_env(self.env)
        self.kim_entry = self._join(self.milonga, self.kim).with_env(self.env)
        self.anders_reg.with_user(self.staff)._course_cancel()
        self.assertEqual(self.entry.state, "offered")

    def _url(self, entry, action="", token=None):
        return f"/course/offer/{entry.id}{action}?access_token={token or entry.access_token}"

    def _post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, allow_redirects=False
        )

    def test_offer_page_and_accept(self):
        page = self.url_open(self._url(self.entry))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Hello <strong>Maria Svensson</strong>, a place is free for you", page.text)
        self.assertIn("Milonga (Spring 2027)", page.text)
        self.assertIn("Your credit used", page.text)
        self.assertIn("o_course_offer_accept", page.text)
        accepted = self._post(
            f"/course/offer/{self.entry.id}/accept", access_token=self.entry.access_token
        )
        self.assertEqual(accepted.status_code, 200)
        self.assertIn("o_course_offer_registered", accepted.text)
        self.assertEqual(self.entry.state, "registered")
        registration = self.entry.registration_id
        self.assertEqual((registration.partner_id, registration.state), (self.maria, "open"))
        self.assertEqual(registration.course_invoice_id.amount_residual, 400.0)
        # the same link afterwards: registered, nothing to accept
        again = self.url_open(self._url(self.entry))
        self.assertIn("o_course_offer_registered", again.text)
        self.assertNotIn("o_course_offer_accept", again.text)

    def test_card_payment_goes_to_the_invoice(self):
        self.entry.pay = "card"
        accepted = self._post(
            f"/course/offer/{self.entry.id}/accept", access_token=self.entry.access_token
        )
        self.assertEqual(accepted.status_code, 303)
        invoice = self.entry.registration_id.course_invoice_id
        self.assertIn(f"/my/invoices/{invoice.id}?access_token=", accepted.headers["Location"])

    def test_tampered_token_refused(self):
        tampered = self.entry.access_token[:-1] + (
            "0" if self.entry.access_token[-1] != "0" else "1"
        )
        for url in (
            self._url(self.entry, token=tampered),
            f"/course/offer/{self.entry.id}",
            # Kim's entry (waiting, no offer) with Maria's token
            self._url(self.kim_entry, token=self.entry.access_token),
            f"/course/offer/{self.entry.id + 1000}?access_token={self.entry.access_token}",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        refused = self._post(f"/course/offer/{self.entry.id}/accept", access_token=tampered)
        self.assertEqual(refused.status_code, 404)
        self.assertEqual(self.entry.state, "offered")
        self.assertFalse(
            self.milonga.registration_ids.filtered(lambda r: r.partner_id == self.maria)
        )

    def test_expired_offer_refused(self):
        self.entry.offer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        page = self.url_open(self._url(self.entry))
        self.assertEqual(page.status_code, 200)
        self.assertIn("no longer open", page.text)
        self.assertNotIn("o_course_offer_accept", page.text)
        refused = self._post(
            f"/course/offer/{self.entry.id}/accept", access_token=self.entry.access_token
        )
        self.assertEqual(refused.status_code, 409)
        self.assertNotEqual(self.entry.state, "registered")
        self.assertFalse(
            self.milonga.registration_ids.filtered(lambda r: r.partner_id == self.maria)
        )

    def test_refusal_says_why(self):
        overdue = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.maria.id,
                "invoice_date": date(2026, 12, 1),
                "invoice_date_due": date(2026, 12, 31),
                "invoice_line_ids": [
                    Command.create({"product_id": self.dues.id, "price_unit": 100, "tax_ids": []})
                ],
            }
        )
        overdue.action_post()
        refused = self._post(
            f"/course/offer/{self.entry.id}/accept", access_token=self.entry.access_token
        )
        self.assertEqual(refused.status_code, 409)
        self.assertIn("The place could not be taken", refused.text)
        self.assertIn(f"Maria Svensson owes a payment: invoice {overdue.name}", refused.text)
        self.assertEqual(self.entry.state, "offered")
        self.assertIn("owes a payment", self.entry.offer_problem)

    def test_decline_moves_on(self):
        declined = self._post(
            f"/course/offer/{self.entry.id}/decline", access_token=self.entry.access_token
        )
        self.assertEqual(declined.status_code, 200)
        self.assertIn("You have left the waiting list", declined.text)
        self.assertEqual((self.entry.state, self.kim_entry.state), ("withdrawn", "offered"))
