from pathlib import Path

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples" / "autogiro"
ADVICE = "new_layout/autogiro_exempelfiler_medgivandeavisering_sv.txt"
EMANDATES = "new_layout/autogiro_exempelfil_nya_medgivanden_via_internetbank_sv.txt"
REGISTER = "new_layout/autogiro_exempelfil-utdrag-ur-medgivanderegistret_sv.txt"
# Bankgirot's test key ("HMAC - test your code in HMAC", test case 1A)
TEST_KEY = "1234567890abcdef1234567890abcdef"


def sample(name):
    return (SAMPLES / name).read_bytes()


class AutogiroCase(TransactionCase):
    """Organisation A (with a branch) collects by Autogiro under Bankgirot's example payee
    (customer number 471117, bankgiro 991-2346); organisation B has its own agreement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert SAMPLES.is_dir(), f"sample files not found at {SAMPLES}"
        Company = cls.env["res.company"]
        cls.org_a = Company.create({"name": "Förening A", "email": "kansli@a.example.se"})
        cls.branch_a = Company.create({"name": "Förening A, ungdom", "parent_id": cls.org_a.id})
        cls.org_b = Company.create({"name": "Förening B"})
        cls.env.user.company_ids |= cls.org_a | cls.branch_a | cls.org_b
        Payee = cls.env["autogiro.payee"]
        cls.payee = Payee.create(
            {"company_id": cls.org_a.id, "customer_number": "471117", "bankgiro": "9912346"}
        )
        cls.payee_b = Payee.create(
            {"company_id": cls.org_b.id, "customer_number": "123456", "bankgiro": "5402-9681"}
        )
        # the treasurer: billing rights, and sees the members' identity numbers
        cls.billing = cls._user(
            "ag_billing",
            "account.group_account_invoice,association_base.group_association_user",
            cls.org_a,
        )
        cls.billing_b = cls._user("ag_billing_b", "account.group_account_invoice", cls.org_b)
        cls.staff = cls._user("ag_staff", "association_base.group_association_user", cls.org_a)
        Partner = cls.env["res.partner"]
        cls.malin = Partner.create(
            {
                "name": "Malin Wiktorsson",
                "email": "malin@example.se",
                "national_id": "19121212-1212",
                "organisation_ids": [Command.set(cls.org_a.ids)],
            }
        )
        cls.karl = Partner.create(
            {
                "name": "Karl Karlsson",
                "email": "karl@example.se",
                "national_id": "19811228-9874",
                "organisation_ids": [Command.set(cls.org_a.ids)],
            }
        )
        cls.person_b = Partner.create(
            {"name": "Berit B", "organisation_ids": [Command.set(cls.org_b.ids)]}
        )

    @classmethod
    def _user(cls, login, group, company):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _env_of(self, user):
        return self.env(user=user, context={"allowed_company_ids": user.company_ids.ids})

    def _mandate(self, partner, account="8901-3232323232", number=None, state=None, env=None):
        env = env or self.env(context={"allowed_company_ids": [self.org_a.id]})
        vals = {
            "format": "autogiro",
            "company_id": self.org_a.id,
            "autogiro_payer_id": partner.id,
            "autogiro_account": account,
        }
        if number:
            vals["autogiro_payer_number"] = number
        mandate = env["account.banking.mandate"].create(vals)
        if state:
            mandate.write({"state": state, "autogiro_pending": False})
        return mandate

    def _import(self, data, name="report.txt", user=None):
        env = self._env_of(user or self.billing)
        return env["autogiro.file"]._import_report(data, name)
