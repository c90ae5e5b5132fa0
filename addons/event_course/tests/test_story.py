"""The course registration story (domain.md, seed 000) with Maria and Anders, as far as it
runs in the back end: the registration's price, payment by card and by a BgMax file,
reminders by e-mail and SMS, the receipt, attendance. The public pages of the same story are
the tour of test_pages."""

import base64
import unittest
from datetime import date, datetime

from odoo.modules.registry import Registry
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tests.common import get_db_name

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_dunning.tests.common import DunningMixin
from odoo.addons.membership_period.tests.common import MembershipMixin

from nordic_formats.se import bgmax

from .common import CourseMixin


@tagged("post_install", "-at_install")
@freeze_time(CourseMixin.TODAY)
class TestCourseStory(CourseMixin, MembershipMixin, DunningMixin, AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        if "l10n_se_bankgiro" not in Registry(get_db_name())._init_modules:
            raise unittest.SkipTest("l10n_se_bankgiro is not installed")
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.l10n_se_bankgiro = "9912346"
        cls.company_data["default_journal_sale"].invoice_reference_model = "se_ocr3"
        cls.club.dunning_receipt = True
        cls.anders.mobile = "070-765 43 21"
        cls.fortsattare.course_role_balance = True
        # Maria took Milonga this term already (registered and paid earlier)
        cls.env["event.registration"].with_context(event_course_registering=True).create(
            {"event_id": cls.milonga.id, "partner_id": cls.maria.id}
        )
        cls.leader = new_test_user(
            cls.env,
            login="story_leader",
            groups="base.group_user,event_course.group_course_leader",
            company_id=cls.club.id,
        )
        cls.fortsattare.teacher_ids = cls.leader

    def _bgmax(self, invoice, amount, day):
        content = bgmax.deposit_file(
            "9912346", day, [(invoice.payment_reference, round(amount * 100))], serial=1
        )
        self.env["account.statement.import"].with_context(journal_id=self.bank.id).create(
            {"statement_file": base64.b64encode(content), "statement_filename": "BGMAX.txt"}
        ).import_file_button()

    def _receipts(self, invoice):
        self.env["account.move"]._cron_send_receipts()
        return self.env["mail.mail"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("subject", "ilike", "receipt"),
            ]
        )

    def test_story(self):
        # 1-4: together, both approved for Tango 1, nothing overdue: both get a place
        maria_reg, anders_reg = self.fortsattare._course_register(
            [
                {"partner": self.maria, "role": "follower", "pay": "card"},
                {"partner": self.anders, "role": "leader", "pay": "invoice"},
            ]
        )
        self.assertEqual((maria_reg.state, anders_reg.state), ("open", "open"))

        # 5-7: Maria's second course of the term: 1000 - 200 = 800, her credit of 600 used,
        # 200 to pay by card
        maria_invoice = maria_reg.course_invoice_id
        self.assertEqual(maria_invoice.invoice_line_ids.mapped("price_subtotal"), [1000.0, -200.0])
        self.assertEqual(maria_invoice.amount_total, 800.0)
        self.assertEqual(maria_reg.course_credit_used, 600.0)
        self.assertEqual(maria_invoice.amount_residual, 200.0)
        self._pay(maria_invoice, 200.0, date(2027, 1, 10))
        self.assertIn(maria_invoice.payment_state, ("paid", "in_payment"))

        # 8: Anders is not a member when the course starts: 1000 + membership 100 = 1100,
        # invoiced with an OCR number (the invoice is sent by e-mail in the background)
        anders_invoice = anders_reg.course_invoice_id
        self.assertEqual(anders_invoice.amount_total, 1100.0)
        self.assertTrue(anders_invoice.payment_reference.isdigit(), "an OCR number")
        self.assertEqual(anders_invoice.billing_channel, "email")
        membership = self.env["membership.membership_line"].search(
            [("partner", "=", self.anders.id), ("period_id", "=", self.spring.id)]
        )
        self.assertEqual(membership.account_invoice_id, anders_invoice)

        # 9: not paid by the due date: a reminder by e-mail and SMS (with the agreed fee)
        due = anders_invoice.invoice_date_due
        run = self._run(date.fromordinal(due.toordinal() + 11))
        communication = run.communication_ids
        self.assertEqual(communication.partner_id, self.anders)
        self._send(run)
        mail = self._mails(communication)
        self.assertEqual(mail.recipient_ids, self.anders)
        self.assertIn(anders_invoice.payment_reference, mail.body_html)
        sms = self.env["sms.sms"].search([("mail_message_id.res_id", "=", communication.id)])
        self.assertEqual(sms.number, "+46707654321")
        # ... then he pays by Bankgirot; the BgMax file settles the invoice; a receipt
        self._bgmax(anders_invoice, 1100.0, date.fromordinal(due.toordinal() + 12))
        self.assertIn(anders_invoice.payment_state, ("paid", "in_payment"))
        receipt = self._receipts(anders_invoice)
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.recipient_ids, self.anders)
        self.assertEqual(len(self._receipts(anders_invoice)), 1, "once")

        # 10: at the course both are marked present by its leader
        session = self.env["event.course.session"].create(
            {
                "event_id": self.fortsattare.id,
                "date_begin": datetime(2027, 1, 20, 17, 0),
                "date_end": datetime(2027, 1, 20, 18, 30),
            }
        )
        self.env["event.course.attendance"].with_user(self.leader).create(
            [
                {"session_id": session.id, "registration_id": registration.id}
                for registration in maria_reg | anders_reg
            ]
        )
        self.assertEqual(session.present_count, 2)

        # 13: the revenue of the course on the category's income account: 1000 + 1000 - 200
        lines = self.env["account.move.line"].search(
            [("course_event_id", "=", self.fortsattare.id), ("parent_state", "=", "posted")]
        )
        self.assertEqual(lines.account_id, self.income_dance)
        self.assertEqual(-sum(lines.mapped("balance")), 1800.0)
