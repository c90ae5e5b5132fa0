"""Reading and writing the tables of deduction lists: CSV, XLSX and legacy XLS.

Rows are lists of cell values (str, int, float or None); the first row of a file is row 1.
Readers raise :class:`UnreadableFile` when the content is not a file of the format.

Writers write numbers as numbers and text as text that no spreadsheet takes for a formula:
a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any
spaces) gets a leading ``'`` (the cells hold members' names, which anybody can choose).
"""

import csv
import datetime
import io
import zipfile

import openpyxl
import xlrd
import xlsxwriter
from openpyxl.utils.exceptions import InvalidFileException

CSV_DELIMITERS = ";,\t"
# what makes a spreadsheet read a text cell as a formula (OWASP "CSV injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(ValueError):
    """The content is not a readable file of the format."""


def read_rows(content, extension):
    """``[(row number, [cells])]`` of the first sheet (CSV: the file); ``extension`` one of
    ``csv``, ``xlsx``, ``xls``."""
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "xls": _read_xls}[extension]
    return [(number, cells) for number, cells in enumerate(reader(content), start=1)]


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # spreadsheets on Windows save CSV in the ANSI code page
        text = content.decode("cp1252", errors="strict")
    first = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise UnreadableFile(str(error)) from error


def _read_xlsx(content):
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(str(error)) from error
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _read_xls(content):
    try:
        book = xlrd.open_workbook(file_contents=content)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as error:
        raise UnreadableFile(str(error)) from error
    sheet = book.sheet_by_index(0)
    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
    return [
        [None if cell.ctype in empty else cell.value for cell in sheet.row(index)]
        for index in range(sheet.nrows)
    ]


def neutralise(text):
    """``text`` as a text cell no spreadsheet evaluates: with a leading ``'`` when it would
    start a formula."""
    text = str(text)
    if text[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def unneutralise(text):
    """``text`` read back from a file we wrote: without the ``'`` :func:`neutralise`
    added."""
    if text[:1] == "'" and text[1:] and neutralise(text[1:]) == text:
        return text[1:]
    return text


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def write_csv(header, rows, decimal_places):
    """A CSV file as Nordic spreadsheets open it: UTF-8 with BOM, semicolons; numbers
    (amounts) with ``decimal_places`` decimals and a decimal comma, empty cells for
    ``None``."""

    def cell(value):
        if value is None:
            return ""
        if _is_number(value):
            return f"{value:.{decimal_places}f}".replace(".", ",")
        return neutralise(value)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([[cell(value) for value in row] for row in [header, *rows]])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(sheets, created):
    """An XLSX workbook of ``sheets`` ``[(title, header, rows)]``: numbers (amounts) as
    numbers with two decimals, text as text, nothing for ``None``. ``created`` (a datetime)
    is written as its creation time, so that the same list gives the same file."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": created or datetime.datetime(2000, 1, 1)})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "0.00"})
    for title, header, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        for column, value in enumerate(header):
            sheet.write_string(0, column, neutralise(value), bold)
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if _is_number(value):
                    sheet.write_number(index, column, value, money)
                else:
                    sheet.write_string(index, column, neutralise(value))
        sheet.set_column(0, len(header) - 1, 18)
    book.close()
    return out.getvalue()
