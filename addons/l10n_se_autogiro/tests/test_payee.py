from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TEST_KEY, AutogiroCase


@tagged("post_install", "-at_install")
class TestPayee(AutogiroCase):
    def test_numbers_validated_and_formatted(self):
        self.assertEqual(self.payee.bankgiro, "991-2346")
        self.assertEqual(self.payee.bankgiro_digits, "9912346")
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.payee.bankgiro = "991-2347"
        with self.assertRaisesRegex(ValidationError, "up to 6 digits"):
            self.payee.customer_number = "4711170"
        with self.assertRaisesRegex(ValidationError, "32 hexadecimal digits"):
            self.payee.seal_key = "1234"

    def test_seal_key_for_system_administrators_only(self):
        self.payee.seal_key = "1234 5678 90ab cdef 1234 5678 90ab cdef"
        self.assertEqual(self.payee.seal_key, TEST_KEY.upper(), "kept without the blanks")
        # Bankgirot's test key's verification value (test case 1A: the MAC of 00000000)
        self.assertEqual(self.payee.seal_kvv, "FF365893D899291C3BF505FB3175E880")
        accountant = self._user("ag_accountant", "account.group_account_manager", self.org_a)
        for user in (self.billing, accountant):
            payee = self.payee.with_user(user)
            self.assertTrue(payee.has_seal_key)
            with self.assertRaises(AccessError):
                payee.read(["seal_key"])
            with self.assertRaises(AccessError):
                payee.write({"seal_key": TEST_KEY})
        with self.assertRaises(AccessError):
            self.payee.with_user(self.billing).write({"customer_number": "1"})

    def test_branch_collects_under_its_parent(self):
        Payee = self.env["autogiro.payee"]
        self.assertEqual(Payee._of_company(self.branch_a), self.payee)
        # the branch's users read the parent's agreement, not change it
        branch_user = self._user("ag_branch", "account.group_account_user", self.branch_a)
        self.assertEqual(Payee.with_user(branch_user).search([]), self.payee)
        with self.assertRaises(AccessError):
            self.payee.with_user(branch_user).write({"customer_number": "1"})
        lonely = self.env["res.company"].create({"name": "Without agreement"})
        self.assertFalse(Payee._of_company(lonely))
        with self.assertRaisesRegex(ValidationError, "Without agreement has no Autogiro agreement"):
            self.env["account.banking.mandate"].create(
                {
                    "format": "autogiro",
                    "company_id": lonely.id,
                    "autogiro_payer_id": self.malin.id,
                    "autogiro_account": "3300-1212121212",
                }
            )
