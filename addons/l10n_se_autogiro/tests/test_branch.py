from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CollectionCase


def advice(payee, date, mandates):
    """Bankgirot's mandate advice approving ``mandates`` (TK73, information code 04,
    comment code 32: new mandate), as test_end_to_end writes it, for ``payee``."""
    records = [
        "01AUTOGIRO"
        + " " * 14
        + f"{date:%Y%m%d}".ljust(20)
        + "AG-MEDAVI".ljust(20)
        + f"{int(payee.customer_number):06d}"
        + payee.bankgiro_digits.rjust(10, "0")
    ]
    for mandate in mandates:
        request = mandate._autogiro_request()
        records.append(
            "73"
            + payee.bankgiro_digits.rjust(10, "0")
            + mandate.autogiro_payer_number.rjust(16, "0")
            + request.account.rjust(16, "0")
            + request.id_number.rjust(12, "0")
            + " " * 5
            + "04"
            + "32"
            + f"{date:%Y%m%d}"
            + " " * 7
        )
    records.append(f"09{date:%Y%m%d}9900{len(mandates):07d}" + " " * 59)
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


@tagged("post_install", "-at_install")
class TestBranch(CollectionCase):
    """Organisation A's youth section, a branch without an Autogiro agreement of its own,
    collects under A's: its billing user (who works in the branch only) registers the
    mandates of its members under A's payee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch_billing = cls._user(
            "ag_branch_billing",
            "account.group_account_invoice,association_base.group_association_user",
            cls.branch_a,
        )
        Partner = cls.env["res.partner"]
        cls.ebba, cls.olle = Partner.create(
            [
                {
                    "name": "Ebba Ek",
                    "email": "ebba@example.se",
                    "national_id": "20050617-1230",
                    "organisation_ids": [Command.set(cls.branch_a.ids)],
                },
                {
                    "name": "Olle Ek",
                    "email": "olle@example.se",
                    "national_id": "19980304-1236",
                    "organisation_ids": [Command.set(cls.branch_a.ids)],
                },
            ]
        )

    # -- helpers, as the branch's billing user works ---------------------------------------------
    def _branch(self):
        """The branch's billing user, in a request of their own: nothing of A is in the
        cache that they did not read themselves (they may not read A, their parent company)."""
        self.env.invalidate_all()
        return self._env_of(self.branch_billing)

    def _branch_mandate(self, partner, account):
        return self._branch()["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": self.branch_a.id,
                "autogiro_payer_id": partner.id,
                "autogiro_account": account,
            }
        )

    # -- the tests ---------------------------------------------------------------------------
    def test_branch_registers_mandates_under_its_parents_payee(self):
        """The branch's billing user registers the mandates of its members (in a request of
        their own: nothing of A read before) under A's payee and cancels them; it reads
        that agreement without changing it, and sees its own mandates only."""
        mandates = self._branch_mandate(self.ebba, "3300-0506171230") | self._branch_mandate(
            self.olle, "3300-9803041236"
        )
        self.assertEqual(mandates.autogiro_payee_id, self.payee)
        self.assertEqual(mandates.company_id, self.branch_a)
        self.assertEqual(mandates.mapped("autogiro_pending"), ["new", "new"])
        branch = self._branch()
        self.assertEqual(branch["autogiro.payee"].search([]), self.payee)
        with self.assertRaises(AccessError):
            self.payee.with_env(branch).write({"customer_number": "1"})
        self.assertEqual(branch["account.banking.mandate"].search([]), mandates)
        with self.assertRaises(AccessError):
            self.mandate_malin.with_env(branch).read(["autogiro_payer_number"])
        # it cancels one of them (never sent: it ends at once)
        mandates[1].with_env(self._branch()).cancel()
        self.assertEqual((mandates[1].state, mandates[1].autogiro_pending), ("cancel", False))
        # nor does the branch register mandates for A, or under another organisation's
        # agreement
        with self.assertRaises(AccessError):
            branch["account.banking.mandate"].create(
                {
                    "format": "autogiro",
                    "company_id": self.org_a.id,
                    "autogiro_payer_id": self.ebba.id,
                    "autogiro_account": "3300-0506171230",
                    "autogiro_payer_number": "7001",
                }
            )
        with self.assertRaises(ValidationError) as caught:
            mandates[0].with_env(self._branch()).autogiro_payee_id = self.payee_b
        self.assertIn("does not collect under the Autogiro payee", str(caught.exception))
        self.assertEqual(mandates.autogiro_payee_id, self.payee)
        # A's users who do not work in the branch see none of the branch's mandates
        a_billing = self._env_of(self.billing)
        self.assertFalse(a_billing["account.banking.mandate"].search([("id", "in", mandates.ids)]))

    def test_another_organisation_does_not_collect_under_the_payee(self):
        """Organisation C, beside A (not its branch) and without an agreement: nothing of
        A's payee is C's."""
        org_c = self.env["res.company"].create({"name": "Förening C"})
        Payee = self.env["autogiro.payee"]
        self.assertFalse(Payee._of_company(org_c))
        self.assertEqual(Payee._of_company(self.org_b), self.payee_b)
        billing_c = self._user(
            "ag_billing_c",
            "account.group_account_invoice,association_base.group_association_user",
            org_c,
        )
        env_c = self._env_of(billing_c)
        self.assertFalse(env_c["autogiro.payee"].search([]))
        with self.assertRaises(AccessError):
            self.payee.with_env(env_c).read(["customer_number"])
        person_c = self.env["res.partner"].create(
            {
                "name": "Cecilia C",
                "national_id": "19980304-4560",
                "organisation_ids": [Command.set(org_c.ids)],
            }
        )
        vals = {
            "format": "autogiro",
            "company_id": org_c.id,
            "autogiro_payer_id": person_c.id,
            "autogiro_account": "3300-9803044560",
        }
        for extra, message in (
            ({}, "Förening C has no Autogiro agreement"),
            ({"autogiro_payee_id": self.payee.id}, "does not collect under the Autogiro payee"),
        ):
            with self.assertRaises(ValidationError) as caught:
                env_c["account.banking.mandate"].create({**vals, **extra})
            self.assertIn(message, str(caught.exception))
        # nor does C import A's reports
        mandate = self._branch_mandate(self.ebba, "3300-0506171230")
        mandate.write({"state": "sent", "autogiro_pending": False})
        with self.assertRaisesRegex(UserError, "none of your organisations' Autogiro payees"):
            self._import(advice(self.payee, self.today, mandate), "UAGU4.txt", user=billing_c)
        self.assertEqual(mandate.state, "sent")
