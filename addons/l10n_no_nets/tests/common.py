from itertools import count
from pathlib import Path

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples"
AGREEMENTS = SAMPLES / "nets_avtalegiro" / "netsgiro_avtalegiro_agreements.txt"
# the agreement account of Nets' example files
ACCOUNT = "99991042764"
_numbers = count(1)


def agreement_file(agreements, account=ACCOUNT):
    """An AvtaleGiro agreement (FBO) transmission from Nets, as Nets writes it, numbered as
    the next transmission: ``agreements`` are (registration type, KID, notify payer)."""
    number = next(_numbers)
    records = [
        f"NY00001000008080{number:07d}00010200" + "0" * 49,
        f"NY212420{'0' * 9}{number:07d}{account}" + "0" * 45,
    ]
    for serial, (registration, number, notify) in enumerate(agreements, 1):
        records.append(
            f"NY219470{serial:07d}{registration}{number:>25}{'J' if notify else 'N'}" + "0" * 38
        )
    count = len(agreements)
    records.append(f"NY212488{count:08d}{count + 2:08d}" + "0" * 56)
    records.append(f"NY000089{count:08d}{count + 4:08d}{'0' * 17}190417" + "0" * 33)
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


class AvtaleGiroCase(AccountTestInvoicingCommon):
    """A Bergen-like organisation (the test company, Norwegian chart) paid with KID (MOD10,
    15 digits, as Nets' example agreements) on Nets' example account, its people and users,
    and another organisation with its own staff."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("no")
    def setUpClass(cls):
        super().setUpClass()
        assert AGREEMENTS.is_file(), f"sample file not found at {AGREEMENTS}"
        # the accountant of the tests also runs the platform (connects people)
        cls.env.user.groups_id |= cls.env.ref("association_base.group_association_admin")
        cls.org = cls.company_data["company"]
        cls.org.write({"name": "Fjelltur Bergen", "email": "post@fjelltur.example"})
        cls.sale = cls.company_data["default_journal_sale"]
        cls.sale.write({"l10n_no_kid_algorithm": "mod10", "l10n_no_kid_length": 15})
        cls.bank = cls.company_data["default_journal_bank"]
        cls.bank.set_bank_account("9999.10.42764")
        cls.account = cls.bank.bank_account_id
        cls.org_b = cls.setup_other_company(name="Fjelltur Stavanger")["company"]
        cls.env.user.company_ids |= cls.org_b
        Partner = cls.env["res.partner"]
        # customer numbers (references) of the first agreements of Nets' example file
        cls.kari, cls.per, cls.nina = Partner.create(
            [
                {
                    "name": name,
                    "ref": ref,
                    "email": email,
                    "organisation_ids": [Command.set(cls.org.ids)],
                }
                for name, ref, email in (
                    ("Kari Nordmann", "11200050715", "kari@example.no"),  # line 3, notify J
                    ("Per Hansen", "100630050730", "per@example.no"),  # line 4, notify N
                    ("Nina Berg", "102020050746", False),  # line 5, notify J
                )
            ]
        )
        # the customer number of line 6, but a person of the other organisation
        cls.person_b = Partner.create(
            {
                "name": "Berit Stavanger",
                "ref": "102630050751",
                "organisation_ids": [Command.set(cls.org_b.ids)],
            }
        )
        cls.billing = cls._user("ag_no_billing", "account.group_account_invoice", cls.org)
        cls.accountant = cls._user("ag_no_accountant", "account.group_account_user", cls.org)
        cls.staff = cls._user("ag_no_staff", "association_base.group_association_user", cls.org)
        cls.billing_b = cls._user("ag_no_billing_b", "account.group_account_invoice", cls.org_b)
        cls.staff_b = cls._user(
            "ag_no_staff_b", "association_base.group_association_user", cls.org_b
        )
        cls.portal = new_test_user(
            cls.env, login="ag_no_portal", groups="base.group_portal", partner_id=cls.kari.id
        )

    @classmethod
    def _user(cls, login, groups, company):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _env_of(self, user):
        return self.env(user=user, context={"allowed_company_ids": user.company_ids.ids})

    def _import(self, data, name="FBO.txt", user=None, journal=None):
        env = self._env_of(user or self.billing)
        return env["avtalegiro.file"]._import_agreements(data, name, journal=journal)

    def _agreements(self, partner=None):
        domain = [("format", "=", "avtalegiro")]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["account.banking.mandate"].search(domain, order="id")
