from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ADVICE, AutogiroCase, sample


@tagged("post_install", "-at_install")
class TestAccess(AutogiroCase):
    def test_files_and_mandates_stay_in_their_organisation(self):
        mandate = self._mandate(self.malin, account="3300-1212121212")
        portal = new_test_user(
            self.env, login="ag_portal", groups="base.group_portal", partner_id=self.malin.id
        )
        out = mandate.with_user(self.billing).action_autogiro_export()
        file_a = self.env["autogiro.file"].browse(out["res_id"])
        for user in (portal, self.billing_b, self.staff):
            with self.assertRaises(AccessError, msg=user.login):
                file_a.with_user(user).read(["name"])
            with self.assertRaises(AccessError, msg=user.login):
                file_a.line_ids.with_user(user).read(["payer_number"])
        for user in (portal, self.billing_b):
            with self.assertRaises(AccessError, msg=user.login):
                mandate.with_user(user).read(["autogiro_payer_number"])
        self.assertFalse(
            self.env["account.banking.mandate"].with_user(self.billing_b).search([]),
            "another organisation's billing user finds none of A's mandates",
        )

    def test_only_billing_users_import(self):
        self._mandate(self.malin, number="101", account="3300-1212121212", state="sent")
        portal = new_test_user(
            self.env, login="ag_portal", groups="base.group_portal", partner_id=self.karl.id
        )
        data = sample(ADVICE)
        for user in (self.staff, portal):
            with self.assertRaises(AccessError, msg=user.login):
                self._import(data, "UAGU4.txt", user=user)
        self.assertFalse(self.env["autogiro.file"].search([]))

    def test_no_mandate_for_a_person_of_another_organisation(self):
        """The payer's personnummer goes into the file under sudo: a mandate of A may not
        name a person only B knows."""
        self.person_b.sudo().national_id = "19850312-0001"
        with self.assertRaises(AccessError):
            self._mandate(self.person_b, account="3300-8112289874", env=self._env_of(self.billing))

    def test_mandate_files_for_users_who_see_identity_numbers(self):
        mandate = self._mandate(self.malin, account="3300-1212121212")
        clerk = self._user("ag_clerk", "account.group_account_invoice", self.org_a)
        with self.assertRaises(AccessError):
            mandate.with_env(self._env_of(clerk)).action_autogiro_export()
        self.assertEqual(mandate.autogiro_pending, "new", "nothing was written")
