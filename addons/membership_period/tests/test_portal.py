from datetime import date, timedelta

from odoo import http
from odoo.tests import new_test_user, tagged

from .common import MembershipHttpCommon


@tagged("post_install", "-at_install")
class TestPortalJoin(MembershipHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.org = cls.setup_other_company(name="Open club")["company"]
        cls.org.write({"membership_portal_join": True, "membership_auto_invoice": True})
        cls.current = cls._period(
            cls.org, "Now", today - timedelta(days=10), today + timedelta(days=300)
        )
        cls._rule(cls.org, "All", 100, product=cls.dues.copy({"company_id": cls.org.id}))
        # joins on the portal, but only for people over 99: nothing to offer this member
        cls.seniors = cls.setup_other_company(name="Seniors club")["company"]
        cls.seniors.membership_portal_join = True
        cls._period(cls.seniors, "Now", today - timedelta(days=10), today + timedelta(days=300))
        seniors_dues = cls.dues.copy({"company_id": cls.seniors.id})
        cls._rule(cls.seniors, "Over 99", 10, product=seniors_dues, age_min=99)
        cls.closed = cls.setup_other_company(name="Closed club")["company"]
        cls._period(cls.closed, "Now", today - timedelta(days=10), today + timedelta(days=300))
        cls.user = new_test_user(
            cls.env, login="member.portal", password="member.portal", groups="base.group_portal"
        )
        cls.user.partner_id.sudo().write(
            {
                "birthdate": date(1980, 1, 1),
                "email": "member.portal@example.se",
                "organisation_ids": [(6, 0, (cls.org | cls.closed | cls.seniors).ids)],
            }
        )

    def _join(self, organisation):
        return self.url_open(
            f"/my/organisations/{organisation.id}/join",
            data={"csrf_token": http.Request.csrf_token(self)},
        )

    def test_join_on_the_portal_and_pay(self):
        self.authenticate("member.portal", "member.portal")
        page = self.url_open("/my/organisations")
        self.assertIn("Become a member for Now", page.text)
        self.assertEqual(
            page.text.count("Become a member"), 1, "the closed and the seniors' club offer none"
        )

        response = self._join(self.org)
        membership = self.env["membership.membership_line"].search(
            [("partner", "=", self.user.partner_id.id)]
        )
        self.assertEqual(membership.period_id, self.current)
        invoice = membership.account_invoice_id
        self.assertEqual((invoice.state, invoice.amount_untaxed), ("posted", 100))
        self.assertIn(f"/my/invoices/{invoice.id}", response.url, "straight to paying it")
        self.assertIn("Member for Now", self.url_open("/my/organisations").text)

        again = self._join(self.org)
        self.assertIn("already a member", again.text)
        refused = self._join(self.closed)
        self.assertIn("You cannot join this organisation here", refused.text)
        self.assertIn("No fee rule", self._join(self.seniors).text)
        self.assertEqual(len(self.user.partner_id.sudo().member_lines), 1)

    def test_a_refused_join_leaves_nothing_and_can_be_retried(self):
        journals = self.env["account.journal"].search(
            [("company_id", "=", self.org.id), ("type", "=", "sale")]
        )
        journals.active = False  # the organisation cannot invoice yet
        self.authenticate("member.portal", "member.portal")
        refused = self._join(self.org)
        self.assertIn("no sales journal", refused.text)
        self.assertFalse(self.user.partner_id.sudo().member_lines, "no half membership")
        journals.active = True
        self._join(self.org)
        membership = self.user.partner_id.sudo().member_lines
        self.assertEqual(len(membership), 1)
        self.assertEqual(membership.account_invoice_id.state, "posted")
