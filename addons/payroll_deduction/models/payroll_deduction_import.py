import base64
import datetime
import hashlib
import re
from decimal import Decimal, InvalidOperation

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from odoo.addons.association_base.tools import national_id as nid

from ..tools import spreadsheet
from ..tools.money import from_minor, to_minor

# Column headings of returned files, besides those of the lists we send (in the user's
# language): English, Norwegian and Swedish names payroll systems use.
COLUMN_NAMES = {
    "national_id": (
        "national identity number",
        "identity number",
        "national id",
        "fødselsnummer",
        "fodselsnummer",
        "fnr",
        "personnummer",
        "personnr",
        "d-nummer",
    ),
    "employee_number": (
        "employee number",
        "employee no",
        "ansattnummer",
        "ansattnr",
        "anställningsnummer",
        "anstnr",
    ),
    "amount": ("amount", "beløp", "belopp", "trekk", "trukket", "avdrag", "avdraget"),
    "name": ("name", "navn", "namn"),
}


def _heading(value):
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold().rstrip(":")


class PayrollDeductionImport(models.Model):
    """An employer's returned deduction file: what it deducted per member for one month's
    list. Its total must be what the employer paid on the list's invoice; each member's
    amount is compared with the list, and what differs is kept for follow-up."""

    _name = "payroll.deduction.import"
    _description = "Returned deduction file"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    list_id = fields.Many2one(
        "payroll.deduction.list",
        string="Deduction list",
        required=True,
        index=True,
        check_company=True,
        domain="[('state', '=', 'done'), ('invoice_id', '!=', False)]",
        help="The employer's list of the month the file answers.",
    )
    employer_id = fields.Many2one(related="list_id.employer_id")
    invoice_id = fields.Many2one(related="list_id.invoice_id", string="Employer invoice")
    file = fields.Binary(string="File", attachment=True)
    file_hash = fields.Char(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Imported")], default="draft", required=True, readonly=True
    )
    amount_file = fields.Monetary(string="File total", readonly=True)
    amount_paid = fields.Monetary(
        string="Paid",
        readonly=True,
        help="Paid on the employer invoice when the file was imported.",
    )
    line_ids = fields.One2many("payroll.deduction.import.line", "import_id", string="Members")
    difference_count = fields.Integer(compute="_compute_difference_count", string="Differences")

    def init(self):
        super().init()
        # the answer to a list is imported once; the same file once (re-importing creates
        # nothing twice, even when two users import at the same moment)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS payroll_deduction_import_list_done
                ON payroll_deduction_import (list_id) WHERE state = 'done'
            """
        )
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS payroll_deduction_import_hash_done
                ON payroll_deduction_import (company_id, file_hash) WHERE state = 'done'
            """
        )

    # set by the import only
    _IMPORT_FIELDS = frozenset(("state", "file_hash", "amount_file", "amount_paid"))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(self._IMPORT_FIELDS.intersection(v) for v in vals_list):
            raise AccessError(_("What a returned deduction file holds is set by importing it."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if self._IMPORT_FIELDS.intersection(vals):
                raise AccessError(_("What a returned deduction file holds is set by importing it."))
            if self.filtered(lambda record: record.state == "done"):
                raise UserError(_("An imported deduction file stays as it was imported."))
        return super().write(vals)

    @api.depends("line_ids.status")
    def _compute_difference_count(self):
        counts = dict(
            self.env["payroll.deduction.import.line"]._read_group(
                [("import_id", "in", self.ids), ("status", "!=", "ok")],
                ["import_id"],
                ["__count"],
            )
        )
        for record in self:
            record.difference_count = counts.get(record, 0)

    # -- the import -----------------------------------------------------------------------------
    def action_import(self):
        """Read the file, check it whole, then record each member's amount: nothing is
        written unless the whole file is right and its total is what was paid."""
        self.ensure_one()
        self.env["payroll.deduction.list"]._check_identity_access()
        if self.state != "draft":
            raise UserError(_("File %s is imported already.", self.name))
        if not self.file:
            raise UserError(_("Choose the file to import."))
        content = base64.b64decode(self.file)
        digest = hashlib.sha256(content).hexdigest()
        self._check_not_imported(digest)
        entries = self._parse(self._read(content))
        vals_list = self._match(entries)
        places = self.currency_id.decimal_places
        paid = self._paid_minor()
        total = sum(entry["amount"] for entry in entries)
        if total != paid:
            raise UserError(
                _(
                    "The total of file %(file)s is %(total)s, but %(paid)s was paid on invoice "
                    "%(invoice)s: the file must account for the payment. Nothing was imported.",
                    file=self.name,
                    total=format_amount(self.env, from_minor(total, places), self.currency_id),
                    paid=format_amount(self.env, from_minor(paid, places), self.currency_id),
                    invoice=self.invoice_id.name,
                )
            )
        # sudo: lines are only ever made here, from the checked file, for this import
        self.env["payroll.deduction.import.line"].sudo().create(vals_list)
        # sudo: the import's own result, after the checks above
        self.sudo().write(
            {
                "state": "done",
                "file_hash": digest,
                "amount_file": from_minor(total, places),
                "amount_paid": from_minor(paid, places),
            }
        )
        return True

    def _check_not_imported(self, digest):
        done = self.search(
            [
                ("id", "!=", self.id),
                ("state", "=", "done"),
                "|",
                ("list_id", "=", self.list_id.id),
                ("file_hash", "=", digest),
            ],
            limit=1,
        )
        if done:
            raise UserError(
                _(
                    "The answer to list %(list)s, or this very file, was imported already "
                    "(%(done)s of %(date)s): nothing was imported twice.",
                    list=done.list_id.name,
                    done=done.name,
                    date=fields.Date.to_string(done.create_date.date()),
                )
            )

    def _extension(self):
        extension = (self.name or "").rsplit(".", 1)[-1].lower() if "." in (self.name or "") else ""
        if extension not in ("csv", "xlsx", "xls"):
            raise UserError(_("File %s is not a CSV, XLSX or XLS file (by its name).", self.name))
        return extension

    def _read(self, content):
        extension = self._extension()
        try:
            return spreadsheet.read_rows(content, extension)
        except (spreadsheet.UnreadableFile, UnicodeDecodeError) as error:
            raise UserError(
                _(
                    "File %(file)s cannot be read as %(format)s: %(error)s",
                    file=self.name,
                    format=extension.upper(),
                    error=error,
                )
            ) from error

    def _columns(self, header):
        """``{what: column index}`` from the header row."""
        names = {what: {_heading(name) for name in names} for what, names in COLUMN_NAMES.items()}
        # the headings of the lists we send, in the user's language
        ours = self.env["payroll.deduction.list"]._export_header()
        for what, heading in zip(
            ("name", "national_id", "employee_number", None, "amount"), ours, strict=True
        ):
            if what:
                names[what].add(_heading(heading))
        columns = {}
        for index, value in enumerate(header):
            for what, known in names.items():
                if _heading(value) in known:
                    columns.setdefault(what, index)
        return columns

    def _parse(self, rows):
        """The file's entries ``{row, national_id, employee_number, name, amount}``
        (amount in minor units), or an error naming the row and column."""
        rows = [(number, cells) for number, cells in rows if any(_filled(c) for c in cells)]
        if not rows:
            raise UserError(_("File %s is empty.", self.name))
        header_row, header = rows[0]
        columns = self._columns(header)
        titles = {index: str(value).strip() for index, value in enumerate(header)}
        if "amount" not in columns:
            raise UserError(
                _(
                    "File %(file)s: row %(row)s has no column %(column)s.",
                    file=self.name,
                    row=header_row,
                    column=_("Amount"),
                )
            )
        if "national_id" not in columns and "employee_number" not in columns:
            raise UserError(
                _(
                    "File %(file)s: row %(row)s has neither a column %(id)s nor %(number)s.",
                    file=self.name,
                    row=header_row,
                    id=_("National identity number"),
                    number=_("Employee number"),
                )
            )
        entries = []
        for number, cells in rows[1:]:

            def cell(what, cells=cells):
                index = columns.get(what)
                return cells[index] if index is not None and index < len(cells) else None

            def fail(what, message, number=number):
                raise UserError(
                    _(
                        "File %(file)s, row %(row)s, column %(column)s: %(message)s "
                        "Nothing was imported.",
                        file=self.name,
                        row=number,
                        column=titles[columns[what]],
                        message=message,
                    )
                )

            identity = self._identity(cell("national_id"), lambda m: fail("national_id", m))
            employee_number = _text(cell("employee_number"))
            if not identity and not employee_number:
                raise UserError(
                    _(
                        "File %(file)s, row %(row)s: neither an identity number nor an "
                        "employee number. Nothing was imported.",
                        file=self.name,
                        row=number,
                    )
                )
            entries.append(
                {
                    "row": number,
                    "national_id": identity,
                    "employee_number": employee_number,
                    "name": _text(cell("name")),
                    "amount": self._amount(cell("amount"), lambda m: fail("amount", m)),
                }
            )
        return entries

    def _identity(self, value, fail):
        if not _filled(value):
            return False
        text = _text(value)
        candidates = [text]
        if isinstance(value, (int, float)) and len(text) == 10:
            # a Norwegian number kept as a number by the spreadsheet lost its leading 0
            candidates.append(text.zfill(11))
        for candidate in candidates:
            try:
                return nid.parse(candidate).number
            except nid.ValidationError:
                continue
        return fail(_("“%s” is not a valid national identity number.", text))

    def _amount(self, value, fail):
        if not _filled(value):
            return fail(_("no amount."))
        places = self.currency_id.decimal_places
        if isinstance(value, (int, float)):
            amount = Decimal(repr(value))
        else:
            text = re.sub(r"[\s\u00a0]|kr|nok|sek", "", str(value), flags=re.IGNORECASE)
            marks = [char for char in text if char in ",."]
            if marks:
                mark = marks[-1]
                if text.count(mark) > 1:  # 1.234.567: digit grouping only
                    text = text.replace(mark, "")
                else:  # the last mark is the decimal one, the other one groups digits
                    other = "," if mark == "." else "."
                    text = text.replace(other, "").replace(mark, ".")
            try:
                amount = Decimal(text)
            except InvalidOperation:
                return fail(_("“%s” is not an amount.", value))
        if not amount.is_finite() or amount < 0:
            return fail(_("“%s” is not an amount deducted from pay.", value))
        if amount != amount.quantize(Decimal(1).scaleb(-places)):
            return fail(_("“%s” has more decimals than the currency.", value))
        return to_minor(amount, places)

    def _paid_minor(self):
        """What the employer paid towards the list's invoice, in minor units: the payments
        reconciled with it, each whole (a payment of more than the invoice pays it and
        leaves the rest as the employer's credit; that rest is part of what the file
        accounts for). Credit notes are not payments."""
        invoice = self.invoice_id
        places = self.currency_id.decimal_places
        if not invoice or invoice.state != "posted":
            raise UserError(
                _("List %s has no posted invoice to import against.", self.list_id.name)
            )
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        partials = receivable.matched_credit_ids.filtered(
            lambda partial: not partial.credit_move_id.move_id.is_invoice(include_receipts=True)
        )
        paid = sum(to_minor(partial.amount, places) for partial in partials) + sum(
            to_minor(-line.amount_residual, places) for line in partials.credit_move_id
        )
        if paid <= 0:
            raise UserError(
                _(
                    "Nothing has been paid on invoice %(invoice)s yet: import the employer's "
                    "payment first; the file's total must equal it.",
                    invoice=invoice.name,
                )
            )
        return paid

    def _match(self, entries):
        """Values of the import's lines: each entry matched with a member of the list by
        identity number, else employee number; the list's members missing in the file."""
        places = self.currency_id.decimal_places
        members = self.list_id.line_ids.filtered(lambda line: line.change != "left")
        by_identity = {line.national_id: line for line in members if line.national_id}
        by_number = {line.employee_number: line for line in members if line.employee_number}
        seen = {}
        vals_list = []
        for entry in entries:
            line = by_identity.get(entry["national_id"]) or by_number.get(entry["employee_number"])
            if line and line.id in seen:
                raise UserError(
                    _(
                        "File %(file)s, rows %(first)s and %(row)s are both for %(name)s. "
                        "Nothing was imported.",
                        file=self.name,
                        first=seen[line.id],
                        row=entry["row"],
                        name=line.name,
                    )
                )
            expected = to_minor(line.amount, places) if line else 0
            if line:
                seen[line.id] = entry["row"]
                status = "ok" if expected == entry["amount"] else "differs"
            else:
                status = "unknown"
            vals_list.append(
                {
                    "import_id": self.id,
                    "row": entry["row"],
                    "list_line_id": line.id if line else False,
                    "partner_id": line.partner_id.id if line else False,
                    "name": line.name if line else entry["name"],
                    "national_id": entry["national_id"] or (line.national_id if line else False),
                    "employee_number": entry["employee_number"]
                    or (line.employee_number if line else False),
                    "amount_expected": from_minor(expected, places),
                    "amount_file": from_minor(entry["amount"], places),
                    "status": status,
                }
            )
        for line in members.filtered(lambda line: line.id not in seen):
            vals_list.append(
                {
                    "import_id": self.id,
                    "row": 0,
                    "list_line_id": line.id,
                    "partner_id": line.partner_id.id,
                    "name": line.name,
                    "national_id": line.national_id,
                    "employee_number": line.employee_number,
                    "amount_expected": line.amount,
                    "amount_file": 0.0,
                    "status": "missing",
                }
            )
        return vals_list

    def action_open_differences(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Differences"),
            "res_model": "payroll.deduction.import.line",
            "view_mode": "list",
            "domain": [("import_id", "=", self.id), ("status", "!=", "ok")],
        }


def _filled(value):
    return value is not None and str(value).strip() != ""


def _text(value):
    """A cell as text: numbers without the ``.0`` spreadsheets give whole numbers, text
    without the ``'`` our lists put before text that would start a formula (a list sent
    back as it came)."""
    if not _filled(value):
        return False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return spreadsheet.unneutralise(str(value).strip())
