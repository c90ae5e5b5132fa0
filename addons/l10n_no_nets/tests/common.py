import base64
import datetime
from itertools import count
from pathlib import Path

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_direct_debit.tests.common import DirectDebitCase

from nordic_formats import bankdays
from nordic_formats.no import nets

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


class AvtaleGiroCase(DirectDebitCase, AccountTestInvoicingCommon):
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

    def _import(self, data, name="FBO.txt", user=None, journal=None):
        env = self._env_of(user or self.billing)
        return env["avtalegiro.file"]._import_agreements(data, name, journal=journal)

    def _agreements(self, partner=None):
        domain = [("format", "=", "avtalegiro")]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["account.banking.mandate"].search(domain, order="id")


def ocr_giro_file(transactions, account=ACCOUNT):
    """An OCR giro file from Nets (konteringsdata) of ``transactions`` (transaction type,
    Nets date, øre, KID), laid out as Nets' example file and numbered as the next
    assignment: type 15 is a claim AvtaleGiro collected, 10 a giro payment."""
    number = next(_numbers)
    records = [
        f"NY00001000008080{number:07d}00010200" + "0" * 49,
        f"NY090020001008566{number:07d}{account}" + "0" * 45,
    ]
    for serial, (kind, date, amount, reference) in enumerate(transactions, 1):
        records += [
            f"NY09{kind}30{serial:07d}{date:%d%m%y}13{date:%d}101464"
            + f"0{amount:017d}{reference:>25}000000",
            f"NY09{kind}31{serial:07d}" + "0" * 26 + f"{date:%d%m%y}99990512341" + "0" * 22,
        ]
    total = sum(transaction[2] for transaction in transactions)
    first = min(transaction[1] for transaction in transactions)
    last = max(transaction[1] for transaction in transactions)
    count = len(transactions)
    records += [
        f"NY090088{count:08d}{2 * count + 2:08d}{total:017d}{last:%d%m%y}{first:%d%m%y}"
        + f"{last:%d%m%y}"
        + "0" * 21,
        f"NY000089{count:08d}{2 * count + 4:08d}{total:017d}{last:%d%m%y}" + "0" * 33,
    ]
    assert all(len(record) == 80 for record in records)
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


class CollectionCase(AvtaleGiroCase):
    """The organisation collects by AvtaleGiro on its bank journal (Nets customer unit
    12345678): Kari (who wants the bank's notice) and Per (who waived it) have active
    agreements from Nets' agreement file."""

    CUSTOMER_UNIT = "12345678"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the invoices' KIDs (customer and invoice number) are longer than the payers'
        cls.sale.l10n_no_kid_length = 0
        cls.bank.l10n_no_nets_customer_unit = cls.CUSTOMER_UNIT
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "AvtaleGiro Fjelltur",
                "company_id": cls.org.id,
                "payment_method_id": cls.env.ref("l10n_no_nets.payment_method_avtalegiro").id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.bank.id,
                "payment_order_ok": True,
                "default_date_prefered": "due",
            }
        )
        cls.kari_kid = cls.kari._l10n_no_avtalegiro_kid(cls.sale)
        cls.per_kid = cls.per._l10n_no_avtalegiro_kid(cls.sale)
        cls.agreements = cls.env["avtalegiro.file"]._import_agreements(
            agreement_file([("1", cls.kari_kid, True), ("1", cls.per_kid, False)]), "FBO.txt"
        )
        Mandate = cls.env["account.banking.mandate"]
        cls.mandate_kari = Mandate.search([("l10n_no_avtalegiro_kid", "=", cls.kari_kid)])
        cls.mandate_per = Mandate.search([("l10n_no_avtalegiro_kid", "=", cls.per_kid)])

    def setUp(self):
        super().setUp()
        self.today = bankdays.today("NO")  # the day of Nets' cut-offs
        # a due date Nets takes for every claim (beyond its lead time and, for a payer the
        # bank notifies, its monthly deadline), on a Norwegian bank day
        notified = nets.earliest_due_date_notified(datetime.datetime.now(datetime.UTC))
        self.due = bankdays.next_bank_day(
            max(self.today + datetime.timedelta(days=14), notified), "NO"
        )

    def _collection(self, user=None, until=None):
        return super()._collection(user, until or self.due + datetime.timedelta(days=1))

    def _invoice(self, partner, amount, due=None):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self.today,
                "invoice_date_due": due or self.due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Medlemskontingent 2026",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _import_ocr(self, data, name="OCR.txt", user=None):
        env = self._env_of(user or self.accountant)
        wizard = (
            env["account.statement.import"]
            .with_context(journal_id=self.bank.id)
            .create({"statement_file": base64.b64encode(data), "statement_filename": name})
        )
        return env["account.payment.import"].browse(
            wizard.import_file_button()["params"]["next"]["res_id"]
        )
