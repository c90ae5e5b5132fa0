from odoo.exceptions import AccessError
from odoo.tests import tagged

from nordic_formats.no import kid

from .common import AGREEMENTS, AvtaleGiroCase, agreement_file


@tagged("post_install", "-at_install")
class TestAvtaleGiroAccess(AvtaleGiroCase):
    def test_files_and_agreements_stay_in_their_organisation(self):
        record = self._import(AGREEMENTS.read_bytes())
        agreements = self._agreements()
        self.assertEqual(len(agreements), 3)
        # the organisation's billing user and staff read them; staff do not import
        self.assertEqual(
            self._env_of(self.billing)["account.banking.mandate"].search([]), agreements
        )
        self.assertEqual(self._env_of(self.staff)["account.banking.mandate"].search([]), agreements)
        for user in (self.portal, self.billing_b, self.staff_b, self.staff):
            with self.assertRaises(AccessError, msg=user.login):
                record.with_env(self._env_of(user)).read(["name"])
            with self.assertRaises(AccessError, msg=user.login):
                record.line_ids.with_env(self._env_of(user)).read(["kid"])
        for user in (self.portal, self.billing_b, self.staff_b):
            with self.assertRaises(AccessError, msg=user.login):
                agreements.with_env(self._env_of(user)).read(["l10n_no_avtalegiro_kid"])
        for user in (self.billing_b, self.staff_b):
            env = self._env_of(user)
            self.assertFalse(env["account.banking.mandate"].search([]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                agreements.with_env(env).cancel()
        self.assertFalse(self._env_of(self.billing_b)["avtalegiro.file"].search([]))
        self.assertFalse(self._env_of(self.billing_b)["avtalegiro.file.line"].search([]))
        self.assertEqual(set(agreements.mapped("state")), {"valid"})

    def test_only_billing_users_import(self):
        data = agreement_file([("1", "000112000507155", True)])
        for user in (self.staff, self.portal, self.staff_b):
            with self.assertRaises(AccessError, msg=user.login):
                self._import(data, user=user)
        self.assertFalse(self.env["avtalegiro.file"].search([]))
        self.assertFalse(self._agreements())
        self._import(data, user=self.accountant)
        self.assertEqual(self._agreements().partner_id, self.kari)

    def test_no_agreement_of_a_person_of_another_organisation(self):
        """A line followed up by hand names only a person of the organisation."""
        record = self._import(
            agreement_file([("1", kid.create("999999999", "mod10", length=15), True)])
        )
        line = record.line_ids.with_env(self._env_of(self.billing))
        line.partner_id = self.person_b
        with self.assertRaises(AccessError):
            line.action_create_mandate()
        self.assertFalse(self._agreements())
