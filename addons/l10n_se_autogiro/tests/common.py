import datetime
from pathlib import Path

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.account_direct_debit.tests.common import DirectDebitCase

from nordic_formats import bankdays

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples" / "autogiro"
ADVICE = "new_layout/autogiro_exempelfiler_medgivandeavisering_sv.txt"
EMANDATES = "new_layout/autogiro_exempelfil_nya_medgivanden_via_internetbank_sv.txt"
REGISTER = "new_layout/autogiro_exempelfil-utdrag-ur-medgivanderegistret_sv.txt"
# Bankgirot's test key ("HMAC - test your code in HMAC", test case 1A)
TEST_KEY = "1234567890abcdef1234567890abcdef"


def sample(name):
    return (SAMPLES / name).read_bytes()


class AutogiroCase(DirectDebitCase, TransactionCase):
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


# -- Bankgirot's reports about debits, as Bankgirot writes them (Autogiro technical manual
#    §8, new layout; the positions are those of Bankgirot's example files) -----------------
def _opening(content, customer_number, bankgiro, written):
    return (
        "01"
        + "AUTOGIRO".ljust(20)
        + "  "
        + f"{written:%Y%m%d}".ljust(20, "0")
        + content.ljust(20)
        + f"{int(customer_number):06d}"
        + bankgiro.rjust(10, "0")
    )


def specification(payee, date, debits, written=None):
    """A payment specification of ``debits`` (``(payer number, öre, reference, status)``,
    debited on ``date``): one deposit (TK15) of the approved ones, TK09 with the counts."""
    approved = [d for d in debits if d[3] == "0"]
    records = [
        _opening(
            "BET. SPEC & STOPP TK", payee.customer_number, payee.bankgiro_digits, written or date
        ),
        "15"
        + "89010032323232".rjust(35, "0")
        + f"{date:%Y%m%d}"
        + "00001"
        + f"{sum(d[1] for d in approved):018d}"
        + "   "
        + f"{len(approved):08d}"
        + " ",
    ]
    for payer, amount, reference, status in debits:
        records.append(
            "82"
            + f"{date:%Y%m%d}"
            + "0"
            + "   "
            + " "
            + payer.rjust(16, "0")
            + f"{amount:012d}"
            + payee.bankgiro_digits.rjust(10, "0")
            + reference.rjust(16, "0")
            + " " * 10
            + status
        )
    counts = (1, len(approved), 0, 0, 0, 0)
    records.append(
        f"09{written or date:%Y%m%d}9900"
        + "".join(f"{n:06d}" if i % 2 == 0 else f"{n:012d}" for i, n in enumerate(counts))
        + " " * 12
    )
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


def advice(payee, date, mandates):
    """Bankgirot's mandate advice approving ``mandates`` (TK73, information code 04,
    comment code 32: new mandate) for ``payee``, written on ``date``."""
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


def rejected(payee, written, debits):
    """Bankgirot's rejected payments: ``(date, payer number, öre, reference, comment code)``."""
    records = [
        _opening("AVVISADE BET UPPDR", payee.customer_number, payee.bankgiro_digits, written)
    ]
    for date, payer, amount, reference, code in debits:
        records.append(
            "82"
            + f"{date:%Y%m%d}"
            + "0"
            + "   "
            + payer.rjust(16, "0")
            + f"{amount:012d}"
            + reference.ljust(16)
            + code
            + " " * 20
        )
    records.append(
        f"09{written:%Y%m%d}9900"
        + f"{0:06d}{0:012d}{len(debits):06d}{sum(d[2] for d in debits):012d}"
        + " " * 30
    )
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


def overpunched(amount):
    """Bankgirot's negative amounts: the last digit replaced (0 å, 1 J, ... 9 R)."""
    text = f"{amount:012d}"
    return text[:-1] + "åJKLMNOPQR"[int(text[-1])]


def changes(written, payee, records_in):
    """Bankgirot's cancellations and changes report: ``(record type, date, payer number,
    öre, new date or None, reference, comment code)``."""
    records = [
        _opening("MAKULERING/ÄNDRING", payee.customer_number, payee.bankgiro_digits, written)
    ]
    done = []
    for code, date, payer, amount, new_date, reference, comment in records_in:
        records.append(
            code
            + f"{date:%Y%m%d}"
            + payer.rjust(16, "0")
            + "82"
            + f"{amount:012d}"
            + ("REFERENS" if reference else "0" * 8)
            + (f"{new_date:%Y%m%d}" if new_date else "0" * 8)
            + (reference.rjust(16, "0") if reference else "0" * 16)
            + comment
            + " " * 6
        )
        if comment in ("12", "14", "18"):
            done.append(amount)
    records.append(
        f"09{written:%Y%m%d}9900"
        + " " * 14
        + overpunched(0)
        + f"{0:06d}"
        + f"{len(done):06d}"
        + "0000"
        + overpunched(sum(done))
        + "0" * 12
    )
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


def next_weekday(day, weekday):
    """The first ``weekday`` (0 Monday) after ``day``."""
    return day + datetime.timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)


class CollectionCase(AutogiroCase):
    """Organisation A (with its Swedish chart of accounts) collects by Autogiro on its
    bankgiro journal; Malin and Karl have active mandates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_a.country_id = cls.env.ref("base.se")
        cls.env["account.chart.template"].try_loading("se", company=cls.org_a, install_demo=False)
        cls.journal = cls.env["account.journal"].create(
            {
                "name": "Bankgiro A",
                "code": "BGA",
                "type": "bank",
                "company_id": cls.org_a.id,
            }
        )
        cls.payee.journal_id = cls.journal
        cls.accountant = cls._user("ag_accountant", "account.group_account_user", cls.org_a)
        method = cls.env.ref("l10n_se_autogiro.payment_method_autogiro")
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "Autogiro A",
                "company_id": cls.org_a.id,
                "payment_method_id": method.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.journal.id,
                "payment_order_ok": True,
                "default_date_prefered": "due",
            }
        )

    def setUp(self):
        super().setUp()
        self.env = self.env(context={**self.env.context, "allowed_company_ids": [self.org_a.id]})
        self.mandate_malin = self._mandate(self.malin, number="1001", state="valid")
        self.mandate_karl = self._mandate(
            self.karl, "3300-8112289874", number="1002", state="valid"
        )
        self.today = bankdays.today("SE")  # the day of Bankgirot's cut-offs
        self.due = next_weekday(self.today + datetime.timedelta(days=10), 2)  # a Wednesday

    def _invoice(self, partner, amount, due=None):
        move = (
            self.env["account.move"]
            .with_company(self.org_a)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "invoice_date_due": due or self.due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Medlemsavgift",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _reference(self, invoice):
        return invoice.direct_debit_line_ids[-1:]._autogiro_reference()
