import base64
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.se import sie

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "samples" / "sie4"


@tagged("post_install", "-at_install")
class TestSie4(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("account.group_account_manager")
        cls.company = cls.company_data["company"]
        cls.company.write({"name": "Testföreningen", "company_registry": "802456-1234"})
        plans = cls.env["account.analytic.plan"]
        cls.cost_centres = plans.create({"name": "Kostnadsställen"})
        cls.projects = plans.create({"name": "Projekt"})
        Analytic = cls.env["account.analytic.account"]
        # shared by the companies (the round trip imports into another company)
        shared = {"company_id": False}
        cls.cc_10 = Analytic.create(
            {"name": "Styrelse", "code": "10", "plan_id": cls.cost_centres.id, **shared}
        )
        cls.cc_20 = Analytic.create(
            {"name": "Ungdom", "code": "20", "plan_id": cls.cost_centres.id, **shared}
        )
        cls.p_1 = Analytic.create(
            {"name": "Sommarläger", "code": "P1", "plan_id": cls.projects.id, "company_id": False}
        )
        cls.company.write(
            {"sie_cost_centre_plan_id": cls.cost_centres.id, "sie_project_plan_id": cls.projects.id}
        )
        cls.bank = cls.company_data["default_journal_bank"]
        cls.misc = cls.company_data["default_journal_misc"]
        cls.income = cls.company_data["default_account_revenue"]
        cls.expense = cls.company_data["default_account_expense"]
        cls.bank_account = cls.bank.default_account_id
        # last year: an invoice (result 1000), this year: an invoice with a project, a
        # cost split between two cost centres, a payment
        cls._invoice(date(2025, 6, 1), 1000)
        cls._invoice(date(2026, 3, 1), 200, {str(cls.p_1.id): 100})
        cls._entry(
            date(2026, 4, 15),
            [
                (cls.expense, 301, {f"{cls.cc_10.id}": 60, f"{cls.cc_20.id}": 40}),
                (cls.bank_account, -301, False),
            ],
            "Hyra",
        )

    @classmethod
    def _invoice(cls, day, amount, distribution=False):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.partner_a.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avgift",
                            "price_unit": amount,
                            "tax_ids": [],
                            "account_id": cls.income.id,
                            "analytic_distribution": distribution,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _entry(cls, day, lines, ref):
        move = cls.env["account.move"].create(
            {
                "journal_id": cls.misc.id,
                "date": day,
                "ref": ref,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": account.id,
                            "name": ref,
                            "balance": amount,
                            "analytic_distribution": distribution,
                        }
                    )
                    for account, amount, distribution in lines
                ],
            }
        )
        move.action_post()
        return move

    def _export(self, company=None, **vals):
        wizard = self.env["l10n_se_sie4.export.wizard"].create(
            {
                "company_id": (company or self.company).id,
                "fiscal_year_date": date(2026, 5, 1),
                **vals,
            }
        )
        with freeze_time("2026-11-23"):
            return wizard._export()

    def _trial_balance(self, company, start, end):
        """Odoo's trial balance from the ORM: {code: (opening, closing)} for balance sheet
        accounts and {code: result} for profit and loss accounts."""
        Line = self.env["account.move.line"].with_company(company)
        domain = [("company_id", "=", company.id), ("parent_state", "=", "posted")]
        balances, results, earnings = {}, {}, 0.0
        for account, before in Line._read_group(
            [*domain, ("date", "<", start)], ["account_id"], ["balance:sum"]
        ):
            if account.internal_group in ("income", "expense"):
                earnings += before
            else:
                balances[account.code] = [before, before]
        for account, moved in Line._read_group(
            [*domain, ("date", ">=", start), ("date", "<=", end)], ["account_id"], ["balance:sum"]
        ):
            if account.internal_group in ("income", "expense"):
                results[account.code] = moved
            else:
                balances.setdefault(account.code, [0.0, 0.0])[1] += moved
        if earnings:
            unaffected = (
                self.env["account.account"]
                .with_company(company)
                .search(
                    [("company_ids", "in", company.id), ("account_type", "=", "equity_unaffected")]
                )
            )
            pair = balances.setdefault(unaffected.code, [0.0, 0.0])
            pair[0] += earnings
            pair[1] += earnings
        return (
            {code: (round(a, 2), round(b, 2)) for code, (a, b) in balances.items() if a or b},
            {code: round(v, 2) for code, v in results.items() if v},
        )

    def _file_balances(self, data, year=0):
        parsed = sie.read(data)
        kinds = {"IB": {}, "UB": {}, "RES": {}}
        for balance in parsed.balances:
            if balance.year == year:
                kinds[balance.kind][balance.account] = float(balance.amount)
        balances = {
            code: (kinds["IB"].get(code, 0.0), kinds["UB"].get(code, 0.0))
            for code in set(kinds["IB"]) | set(kinds["UB"])
        }
        return balances, kinds["RES"], parsed

    def test_export_equals_the_expected_file(self):
        log = self._export()
        content = base64.b64decode(log.file).decode("cp437").splitlines()
        expected = (DATA / "expected_2026.se").read_text(encoding="utf-8").splitlines()
        # the voucher texts carry this database's entry numbers
        self.assertEqual(content, expected)
        self.assertEqual((log.voucher_count, log.line_count), (2, 5))

    def test_balances_equal_the_trial_balance_and_numbers_are_stable(self):
        log = self._export()
        data = base64.b64decode(log.file)
        balances, results, parsed = self._file_balances(data)
        self.assertEqual(
            (balances, results),
            self._trial_balance(self.company, date(2026, 1, 1), date(2026, 12, 31)),
        )
        previous, previous_results, _parsed = self._file_balances(data, year=-1)
        self.assertEqual(
            (previous, previous_results),
            self._trial_balance(self.company, date(2025, 1, 1), date(2025, 12, 31)),
        )
        numbers = [(v.series, v.number) for v in parsed.vouchers]
        self.assertEqual(numbers, [("A", "1"), ("B", "1")])
        # a later entry gets the next number, the exported ones keep theirs
        self._entry(
            date(2026, 1, 5), [(self.expense, 10, False), (self.bank_account, -10, False)], "Porto"
        )
        again = sie.read(base64.b64decode(self._export().file))
        self.assertEqual(
            sorted((v.series, v.number, v.text) for v in again.vouchers)[:2],
            [("A", "1", parsed.vouchers[0].text), ("A", "2", again.vouchers[1].text)],
        )
        self.assertIn("Porto", again.vouchers[1].text)

    def test_export_log_and_lock(self):
        log = self._export(lock=True, date_to=date(2026, 6, 30))
        self.assertEqual(self.company.fiscalyear_lock_date, date(2026, 6, 30))
        self.assertTrue(log.locked)
        self.assertEqual(log.create_uid, self.env.user)
        self.assertTrue(log.checksum.isdigit())
        rent = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("ref", "=", "Hyra")]
        )
        self.assertEqual(len(rent), 1)
        with self.assertRaisesRegex(UserError, "prior to and inclusive"):
            rent.button_draft()  # exported and locked: it cannot change any more
        with self.assertRaisesRegex(UserError, "fiscal year"):
            self._export(date_from=date(2025, 12, 1))

    def test_round_trip_into_an_empty_company(self):
        data = base64.b64decode(self._export().file)
        other = self.setup_other_company(name="Ny förening")["company"]
        other.write(
            {
                "sie_cost_centre_plan_id": self.cost_centres.id,
                "sie_project_plan_id": self.projects.id,
            }
        )
        journal = self.env["account.journal"].search(
            [("company_id", "=", other.id), ("type", "=", "general")], limit=1
        )
        wizard = (
            self.env["l10n_se_sie4.import.wizard"]
            .with_company(other)
            .create(
                {
                    "company_id": other.id,
                    "file": base64.b64encode(data),
                    "filename": "a.se",
                    "journal_id": journal.id,
                }
            )
        )
        wizard.action_preview()
        self.assertFalse(wizard.errors)
        self.assertIn("2 vouchers", wizard.summary)
        wizard.action_import()
        self.assertEqual(
            self._trial_balance(other, date(2026, 1, 1), date(2026, 12, 31)),
            self._trial_balance(self.company, date(2026, 1, 1), date(2026, 12, 31)),
        )
        # the cost centres came along
        rent = self.env["account.move.line"].search(
            [("company_id", "=", other.id), ("name", "=", "Hyra"), ("balance", ">", 0)]
        )
        self.assertEqual(
            sorted(rent.mapped(lambda line: (line.balance, line.analytic_distribution))),
            [(120.4, {str(self.cc_20.id): 100.0}), (180.6, {str(self.cc_10.id): 100.0})],
        )
        # importing the same file again is refused before anything is written
        again = (
            self.env["l10n_se_sie4.import.wizard"]
            .with_company(other)
            .create(
                {"company_id": other.id, "file": base64.b64encode(data), "journal_id": journal.id}
            )
        )
        again.action_preview()
        self.assertIn("imported before", again.errors)
        with self.assertRaises(UserError):
            again.action_import()

    def test_every_sample_imports_or_is_refused_with_a_reason(self):
        self.assertTrue(SAMPLES.is_dir(), SAMPLES)
        outcomes = {}
        for index, path in enumerate(sorted(SAMPLES.iterdir())):
            company = self.setup_other_company(name=f"Sample {index}")["company"]
            journal = self.env["account.journal"].search(
                [("company_id", "=", company.id), ("type", "=", "general")], limit=1
            )
            wizard = (
                self.env["l10n_se_sie4.import.wizard"]
                .with_company(company)
                .create(
                    {
                        "company_id": company.id,
                        "file": base64.b64encode(path.read_bytes()),
                        "filename": path.name,
                        "journal_id": journal.id,
                    }
                )
            )
            try:
                with self.env.cr.savepoint():
                    wizard.action_preview()
                    if wizard.errors:
                        outcomes[path.name] = ("refused", wizard.errors)
                        continue
                    action = wizard.action_import()
                    moves = self.env["account.move"].search(action["domain"])
                    self.assertTrue(moves, path.name)
                    self.assertEqual(set(moves.mapped("state")), {"posted"})
                    outcomes[path.name] = ("imported", len(moves))
            except UserError as error:
                outcomes[path.name] = ("refused", str(error))
        for name, (outcome, detail) in outcomes.items():
            if outcome == "refused":
                self.assertRegex(detail, r"[Ll]ine \d+|type \d|balances|Accounts|nothing", name)
        refused = {name for name, (outcome, _detail) in outcomes.items() if outcome == "refused"}
        self.assertIn("blinfo_BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE", refused)
        self.assertIn("blinfo_BLBLOV_SIE4_UTF_8_with_non_numeric_account_number.SE", refused)
        self.assertIn("blinfo_BLBLOV_SIE1.SE", refused)
        self.assertEqual(
            outcomes["SIE4_Exempelfil_official_sie.se_Ovningsbolaget.SE"][0], "imported"
        )
        self.assertEqual(
            outcomes["blinfo_BLBLOV_SIE4.SE"][0], "imported", outcomes["blinfo_BLBLOV_SIE4.SE"]
        )
        # a 4I file names accounts it does not describe: the user maps them in the preview
        self.assertIn("Accounts used but neither", outcomes["blinfo_BLBLOV_SIE4.SI"][1])
