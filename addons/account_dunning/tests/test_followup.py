from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestFollowUpPerOrganisation(DunningCommon):
    """A person shared by two organisations: each one's follow-up of them (policy,
    payment promise, next action, manual follow-up) is its own, unseen by the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.setup_other_company(name="Union B")["company"]
        cls.org_b.country_id = cls.env.ref("base.se")
        cls.billing_b = new_test_user(
            cls.env,
            login="dunning_followup_b",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice",
            company_id=cls.org_b.id,
            company_ids=[Command.set(cls.org_b.ids)],
        )
        # the staff who keep the register of people
        cls.billing.groups_id += cls.env.ref("base.group_partner_manager")
        # Karin is a member of both
        cls.karin.sudo().organisation_ids |= cls.org | cls.org_b

    def test_payment_promise_is_the_organisations_own(self):
        karin_a = self.karin.with_user(self.billing)
        karin_a.write(
            {
                "payment_note": "Promised to pay on 15 March",
                "payment_next_action": "Call her",
                "payment_next_action_date": date(2026, 3, 16),
                "manual_followup": True,
            }
        )
        karin_b = self.karin.with_user(self.billing_b)
        self.assertFalse(karin_b.payment_note)
        self.assertFalse(karin_b.payment_next_action)
        self.assertFalse(karin_b.payment_next_action_date)
        self.assertFalse(karin_b.manual_followup)
        karin_b.payment_note = "Pays through her employer"
        self.karin.invalidate_recordset()
        self.assertEqual(karin_a.payment_note, "Promised to pay on 15 March")
        self.assertEqual(karin_b.payment_note, "Pays through her employer")

    def test_a_persons_policy_applies_in_its_organisation_only(self):
        """A person on a policy of their own in A (no reminders: do nothing) is still
        reminded by B's policy."""
        quiet = self._policy(self.org, name="No reminders", do_nothing=True)
        self.karin.with_user(self.billing).credit_policy_id = quiet
        self.org_b.credit_policy_id = self._policy(self.org_b)
        self.assertFalse(self.karin.with_user(self.billing_b).credit_policy_id)
        self._invoice(self.karin, date(2026, 1, 31))
        self._invoice(self.karin, date(2026, 1, 31), company=self.org_b)
        run_a = self._run(date(2026, 2, 10))
        self.assertFalse(run_a.communication_ids, "A's policy for her sends nothing")
        run_b = self._run(date(2026, 2, 10), user=self.billing_b, company=self.org_b)
        self.assertEqual(run_b.communication_ids.partner_id, self.karin)

    def test_the_person_does_not_read_the_follow_up_on_the_portal(self):
        self.karin.with_user(self.billing).payment_note = "Difficult, threatened to sue"
        portal = new_test_user(
            self.env,
            login="karin_portal_followup",
            groups="base.group_portal",
            partner_id=self.karin.id,
        )
        with self.assertRaises(AccessError):
            self.karin.with_user(portal).read(["payment_note"])

    def test_manual_follow_up_of_a_line_is_its_organisations(self):
        """Flagged on a reminder line of A by someone working in B at the moment: A's
        follow-up of the person, not B's."""
        self.billing.company_ids |= self.org_b
        self._invoice(self.karin, date(2026, 1, 31))
        line = self._run(date(2026, 2, 10)).line_ids
        line.with_user(self.billing).with_context(
            allowed_company_ids=[self.org_b.id, self.org.id]
        ).manual_followup = True
        karin = self.karin.with_user(self.billing)
        self.assertTrue(karin.with_company(self.org).manual_followup)
        self.assertFalse(karin.with_company(self.org_b).manual_followup)
