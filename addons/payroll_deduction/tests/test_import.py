import io
from datetime import date
from pathlib import Path

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DeductionCommon, fnr

DATA = Path(__file__).parent / "data"


@tagged("post_install", "-at_install")
class TestDeductionImport(DeductionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.march_run = cls._confirm_run(cls._run(date(2026, 3, 1)))
        cls.list = cls.march_run.deduction_list_ids
        cls.invoice = cls.list.invoice_id  # 108 + 515 + 781 = 1404

    def _csv(self, rows, header="Fødselsnummer;Ansattnummer;Navn;Trekk"):
        return (header + "\n" + "\n".join(";".join(row) for row in rows) + "\n").encode()

    def _lines(self, imported):
        return {
            (line.name, line.status): (line.amount_expected, line.amount_file, line.row)
            for line in imported.line_ids
        }

    def test_members_matched_by_identity_or_employee_number_and_differences(self):
        self._pay(self.invoice, 40 + 500 + 781 + 50)
        content = self._csv(
            [
                [self.anna.national_id, "", "Anna Aas", "40"],  # by identity number, differs
                ["", "E-2", "B. Berg", "500,00"],  # by employee number, differs
                [self.cecilie.national_id, "E-3", "Cecilie Dahl", "781"],  # as listed
                [fnr(2, 2, 1982, 322), "", "Unknown Person", "50"],
            ]
        )
        imported = self._import(self.list, "fjord-2026-03.csv", content)
        imported.action_import()
        self.assertEqual(imported.state, "done")
        self.assertEqual(imported.amount_file, 1371.0)
        self.assertEqual(imported.amount_paid, 1371.0)
        self.assertEqual(
            self._lines(imported),
            {
                ("Anna Aas", "differs"): (108.0, 40.0, 2),
                ("Bjørn Berg", "differs"): (515.0, 500.0, 3),
                ("Cecilie Dahl", "ok"): (781.0, 781.0, 4),
                ("Unknown Person", "unknown"): (0.0, 50.0, 5),
            },
        )
        self.assertEqual(imported.difference_count, 3)
        # the differences are followed up by the billing side
        line = imported.line_ids.filtered(lambda line: line.status == "unknown")
        line.with_user(self.billing).write({"followed_up": True, "note": "Asked the employer"})
        with self.assertRaises(AccessError):
            line.with_user(self.billing).write({"amount_file": 0})

    def test_member_missing_in_the_file(self):
        self._pay(self.invoice, 108 + 515)
        content = self._csv(
            [[self.anna.national_id, "E-1", "Anna", "108"], ["", "E-2", "Bjørn", "515"]]
        )
        imported = self._import(self.list, "fjord.csv", content)
        imported.action_import()
        self.assertEqual(self._lines(imported)[("Cecilie Dahl", "missing")], (781.0, 0.0, 0))
        self.assertEqual(imported.difference_count, 1)

    def test_total_that_differs_from_the_payment_refused(self):
        self._pay(self.invoice, 1404)
        content = self._csv(
            [
                [self.anna.national_id, "", "Anna", "108"],
                [self.bjorn.national_id, "", "Bjørn", "515"],
                [self.cecilie.national_id, "", "Cecilie", "780,99"],
            ]
        )
        imported = self._import(self.list, "fjord.csv", content)
        with self.assertRaisesRegex(UserError, "1,403.99.*1,404.00"):
            imported.action_import()
        self.assertEqual(imported.state, "draft")
        self.assertFalse(imported.line_ids)

    def test_nothing_paid_yet_refused(self):
        content = self._csv([[self.anna.national_id, "", "Anna", "108"]])
        with self.assertRaisesRegex(UserError, "Nothing has been paid"):
            self._import(self.list, "fjord.csv", content).action_import()

    def test_malformed_file_refused_whole_naming_row_and_column(self):
        self._pay(self.invoice, 1404)
        good = [self.anna.national_id, "", "Anna", "108"]
        cases = {
            "row 3, column Trekk: “1O8” is not an amount": [good, ["", "E-2", "B", "1O8"]],
            "row 2, column Trekk: no amount": [["", "E-2", "B", ""], good],
            "row 3, column Fødselsnummer: “12345678901” is not a valid": [
                good,
                ["12345678901", "", "X", "10"],
            ],
            "row 4, column Trekk: “-5” is not an amount deducted": [
                good,
                ["", "E-2", "B", "10"],
                ["", "E-3", "C", "-5"],
            ],
            "row 2, column Trekk: “10,555” has more decimals": [["", "E-2", "B", "10,555"]],
            "row 2, column Trekk: “1.2.3,4,5” is not an amount": [["", "E-2", "B", "1.2.3,4,5"]],
            "row 2: neither an identity number nor an employee number": [["", "", "Anna", "1"]],
            "rows 2 and 3 are both for Anna Aas": [good, ["", "E-1", "Anna", "1"]],
        }
        for message, rows in cases.items():
            imported = self._import(self.list, "fjord.csv", self._csv(rows))
            with self.subTest(message), self.assertRaisesRegex(UserError, message):
                imported.action_import()
            self.assertFalse(imported.line_ids)
            self.assertEqual(imported.state, "draft")
        for name, content, message in [
            ("fjord.csv", self._csv([good], header="Navn;Beløp"), "neither a column"),
            ("fjord.csv", self._csv([good], header="Fødselsnummer;Ansattnummer;Navn"), "no column"),
            ("fjord.xlsx", b"not a zip file", "cannot be read as XLSX"),
            ("fjord.xls", b"not an xls file", "cannot be read as XLS"),
            ("fjord.pdf", b"%PDF", "is not a CSV, XLSX or XLS file"),
        ]:
            with self.subTest(name), self.assertRaisesRegex(UserError, message):
                self._import(self.list, name, content).action_import()

    def test_overpayment_counts_whole(self):
        """The employer paid more than invoiced (somebody deducted who is not listed): the
        payment counts whole, the rest being the employer's credit."""
        self._pay(self.invoice, 1404 + 120)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        content = self._csv(
            [
                [self.anna.national_id, "", "Anna", "108"],
                [self.bjorn.national_id, "", "Bjørn", "515"],
                [self.cecilie.national_id, "", "Cecilie", "781"],
                [fnr(2, 2, 1982, 322), "", "New Member", "120"],
            ]
        )
        imported = self._import(self.list, "fjord.csv", content)
        imported.action_import()
        self.assertEqual(imported.amount_paid, 1524.0)
        self.assertEqual(imported.difference_count, 1)

    def test_our_own_xlsx_returned(self):
        self._pay(self.invoice, 1404)
        _name, content = self.list.with_user(self.treasurer)._export_file("xlsx")
        imported = self._import(self.list, "returned.xlsx", content)
        imported.action_import()
        self.assertEqual(set(imported.line_ids.mapped("status")), {"ok"})

    def test_legacy_xls(self):
        """A .xls in Swedish with the identity numbers and amounts kept as numbers (one
        number lost its leading 0)."""
        self._pay(self.invoice, 1404)
        imported = self._import(self.list, "returned.xls", (DATA / "returned.xls").read_bytes())
        imported.action_import()
        self.assertEqual(
            {line.name: (line.status, line.amount_file) for line in imported.line_ids},
            {
                "Anna Aas": ("ok", 108.0),
                "Bjørn Berg": ("differs", 500.0),
                "Cecilie Dahl": ("differs", 796.0),
            },
        )

    def test_xlsx_with_numbers(self):
        """Identity numbers and amounts kept as numbers by the spreadsheet."""
        self._pay(self.invoice, 1404)
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["National identity number", "Employee number", "Amount"])
        rows = [
            (int(self.anna.national_id), "", 108),
            ("", "E-2", 515.0),
            (int(self.cecilie.national_id), "E-3", 781.0),
        ]
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, row)
        book.close()
        imported = self._import(self.list, "numbers.XLSX", out.getvalue())
        imported.action_import()
        self.assertEqual(set(imported.line_ids.mapped("status")), {"ok"})

    def test_no_duplicates_on_reimport(self):
        self._pay(self.invoice, 1404)
        content = self._csv(
            [
                [self.anna.national_id, "", "Anna", "108"],
                [self.bjorn.national_id, "", "Bjørn", "515"],
                [self.cecilie.national_id, "", "Cecilie", "781"],
            ]
        )
        self._import(self.list, "fjord.csv", content).action_import()
        again = self._import(self.list, "fjord (1).csv", content)
        with self.assertRaisesRegex(UserError, "imported already"):
            again.action_import()
        self.assertFalse(again.line_ids)
        lines = self.env["payroll.deduction.import.line"].search(
            [("import_id.list_id", "=", self.list.id)]
        )
        self.assertEqual(len(lines), 3)

    def test_import_only_by_users_who_may_see_identity_numbers(self):
        self._pay(self.invoice, 108)
        content = self._csv([[self.anna.national_id, "", "Anna", "108"]])
        imported = self._import(self.list, "fjord.csv", content, user=self.billing)
        with self.assertRaises(AccessError):
            imported.action_import()
        with self.assertRaises(AccessError):
            self._import(self.list, "fjord.csv", content, user=self.staff)
        # nobody sets what a file holds by hand
        with self.assertRaises(AccessError):
            imported.write({"state": "done"})
