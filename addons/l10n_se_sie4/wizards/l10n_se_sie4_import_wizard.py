import base64
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from nordic_formats.exceptions import NordicFormatError
from nordic_formats.se import sie

from ..models.account_move import VOUCHER_TABLE

# Odoo account type of a file's account: its #KTYP, else the BAS class of its number.
KTYP_TYPES = {"T": "asset_current", "S": "liability_current", "I": "income", "K": "expense"}
BATCH = 500


def account_type_for(number: str, ktyp: str) -> str:
    if number.startswith("19"):
        return "asset_cash"
    if number.startswith("15") and ktyp in ("", "T"):
        return "asset_receivable"
    if number.startswith("24") and ktyp in ("", "S"):
        return "liability_payable"
    if number.startswith("20") and ktyp in ("", "S"):
        return "equity"
    if ktyp in KTYP_TYPES:
        return KTYP_TYPES[ktyp]
    return {"1": "asset_current", "2": "liability_current", "3": "income"}.get(
        number[:1], "income_other" if number[:2] in ("80", "81", "82", "83") else "expense"
    )


class L10nSeSie4ImportWizard(models.TransientModel):
    _name = "l10n_se_sie4.import.wizard"
    _description = "SIE 4 import"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    file = fields.Binary(string="SIE file", required=True)
    filename = fields.Char()
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal for vouchers",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        default=lambda self: self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.env.company),
                ("type", "=", "general"),
            ],
            limit=1,
        ),
    )
    state = fields.Selection([("upload", "Upload"), ("preview", "Preview")], default="upload")
    account_ids = fields.One2many("l10n_se_sie4.import.account", "wizard_id", string="Accounts")
    summary = fields.Text(readonly=True)
    errors = fields.Text(readonly=True)

    # -- reading and checking --------------------------------------------------------------------
    def _read(self):
        self.ensure_one()
        try:
            parsed = sie.read(base64.b64decode(self.file))
        except NordicFormatError as error:
            raise UserError(
                _("%(file)s: %(error)s", file=self.filename or "SIE", error=error)
            ) from error
        if parsed.sie_type != 4:
            raise UserError(
                _(
                    "%(file)s is a SIE type %(type)s file: it has balances but no vouchers. "
                    "Import a type 4 file (4E or 4I).",
                    file=self.filename or "SIE",
                    type=parsed.sie_type,
                )
            )
        parsed.vouchers = list(parsed.vouchers)
        return parsed

    def _existing_accounts(self, numbers):
        Account = self.env["account.account"].with_company(self.company_id)
        accounts = Account.search(
            [*Account._check_company_domain(self.company_id), ("code", "in", list(numbers))]
        )
        return {account.code: account for account in accounts}

    def _opening_balances(self, parsed):
        return {b.account: b.amount for b in parsed.balances if b.kind == "IB" and b.year == 0}

    def _check(self, parsed, mapping):
        """Every problem of the file, with line numbers where the file has them."""
        errors = []
        opening = self._opening_balances(parsed)
        if not parsed.vouchers and not any(opening.values()):
            errors.append(
                _("The file has no vouchers and no opening balances (#IB 0): nothing to import.")
            )
        if sum(opening.values()) and not self._unaffected_earnings():
            errors.append(
                _(
                    "The opening balances do not add up to zero (last year's result is not "
                    "booked) and %(company)s has no account for unallocated earnings.",
                    company=self.company_id.name,
                )
            )
        lock = self.company_id._get_user_fiscal_lock_date(self.journal_id)
        numbered = [v for v in parsed.vouchers if v.number.isdigit()]
        known = set()
        if numbered:
            known = set(
                self.env.execute_query(
                    SQL(
                        "SELECT series, number, fiscal_year FROM %s "
                        "WHERE company_id = %s AND series = ANY(%s) AND number = ANY(%s)",
                        SQL.identifier(VOUCHER_TABLE),
                        self.company_id.root_id.id,  # numbers are the legal entity's
                        list({v.series for v in numbered}),
                        [int(v.number) for v in numbered],
                    )
                )
            )
        for voucher in parsed.vouchers:
            label = f"{voucher.series} {voucher.number}".strip()
            if voucher.date <= lock:
                errors.append(
                    _(
                        "Line %(line)s: voucher %(voucher)s of %(date)s is in a locked period "
                        "(lock date %(lock)s).",
                        line=voucher.line,
                        voucher=label,
                        date=voucher.date,
                        lock=lock,
                    )
                )
            if (
                voucher.number.isdigit()
                and (voucher.series, int(voucher.number), self._fiscal_year_start(voucher.date))
                in known
            ):
                errors.append(
                    _(
                        "Line %(line)s: voucher %(voucher)s was imported before.",
                        line=voucher.line,
                        voucher=label,
                    )
                )
        missing = sorted(
            number
            for number, account in mapping.items()
            if not account and number not in {a.number for a in parsed.accounts}
        )
        if missing:
            errors.append(
                _(
                    "Accounts used but neither in Odoo nor described in the file: %s",
                    ", ".join(missing),
                )
            )
        return errors

    def _fiscal_year_start(self, day):
        return self.company_id.compute_fiscalyear_dates(day)["date_from"]

    def _unaffected_earnings(self):
        Account = self.env["account.account"].with_company(self.company_id)
        return Account.search(
            [
                *Account._check_company_domain(self.company_id),
                ("account_type", "=", "equity_unaffected"),
            ],
            limit=1,
        )

    def _used_accounts(self, parsed):
        used = set(self._opening_balances(parsed))
        for voucher in parsed.vouchers:
            used.update(t.account for t in voucher.transactions if t.kind == "TRANS")
        return used

    def action_preview(self):
        """Read the file, map its accounts by number and list what is missing and every
        problem; nothing is written."""
        self.ensure_one()
        parsed = self._read()
        used = self._used_accounts(parsed)
        described = {account.number: account for account in parsed.accounts}
        existing = self._existing_accounts(used)
        self.account_ids = [Command.clear()] + [
            Command.create(
                {
                    "number": number,
                    "name": described[number].name if number in described else "",
                    "account_type": described[number].type if number in described else "",
                    "account_id": existing[number].id if number in existing else False,
                }
            )
            for number in sorted(used)
        ]
        errors = self._check(parsed, {n: existing.get(n) for n in used})
        lines = sum(len(v.transactions) for v in parsed.vouchers)
        summary = _(
            "%(company)s, %(vouchers)s vouchers with %(lines)s transactions, "
            "%(accounts)s accounts used (%(new)s to create), opening balances on "
            "%(opening)s accounts (%(unallocated)s of earlier years' result to the "
            "unallocated earnings).",
            company=parsed.company_name,
            vouchers=len(parsed.vouchers),
            lines=lines,
            accounts=len(used),
            new=len(used) - len(existing),
            opening=len(self._opening_balances(parsed)),
            unallocated=-sum(self._opening_balances(parsed).values()),
        )
        if parsed.warnings:  # read although the file departs from the format, e.g. no #KSUMMA
            summary += "\n\n" + _("Warnings:") + "\n" + "\n".join(map(str, parsed.warnings))
        self.write(
            {
                "state": "preview",
                "errors": "\n".join(errors) or False,
                "summary": summary,
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # -- writing ----------------------------------------------------------------------------
    def action_import(self):
        """Create the missing accounts, the opening balances as one entry and every voucher
        as a posted journal entry, all or nothing."""
        self.ensure_one()
        parsed = self._read()
        used = self._used_accounts(parsed)
        mapping = {line.number: line.account_id for line in self.account_ids}
        existing = self._existing_accounts(used)
        for number in used:
            mapping[number] = mapping.get(number) or existing.get(number)
        errors = self._check(parsed, mapping)
        if errors:
            raise UserError("\n".join(errors))
        described = {account.number: account for account in parsed.accounts}
        Account = self.env["account.account"].with_company(self.company_id)
        for number in sorted(n for n in used if not mapping[n]):
            account = described[number]
            mapping[number] = Account.create(
                {
                    "code": number,
                    "name": account.name or number,
                    "account_type": account_type_for(number, account.type),
                    "company_ids": [Command.link(self.company_id.id)],
                }
            )
        analytic = self._analytic_mapping(parsed)
        moves = self.env["account.move"]
        opening = self._opening_balances(parsed)
        if any(opening.values()):
            start = next((y.start for y in parsed.fiscal_years if y.index == 0), None)
            start = start or min(v.date for v in parsed.vouchers)
            moves |= self._create_moves(
                [
                    {
                        # the day before the year, as Odoo's own opening entry: the balances
                        # are the opening balances of the year, not movements in it
                        "date": start - timedelta(days=1),
                        "ref": _("Opening balances (SIE)"),
                        "line_ids": [
                            self._line(mapping[number], amount, _("Opening balance"))
                            for number, amount in sorted(opening.items())
                            if amount
                        ]
                        + self._unallocated_line(opening),
                    }
                ]
            )
        for chunk in split_every(BATCH, parsed.vouchers):
            created = self._create_moves(
                [self._voucher_vals(voucher, mapping, analytic) for voucher in chunk]
            )
            # the file's voucher numbers stay theirs: exporting these entries gives them again
            numbers = [
                SQL(
                    "(%s, %s, %s, %s, %s)",
                    move.id,
                    self.company_id.root_id.id,  # numbers are the legal entity's
                    self._fiscal_year_start(voucher.date),
                    voucher.series,
                    int(voucher.number),
                )
                for voucher, move in zip(chunk, created, strict=True)
                if voucher.series and voucher.number.isdigit()
            ]
            if numbers:
                self.env.cr.execute(
                    SQL(
                        "INSERT INTO %s (move_id, company_id, fiscal_year, series, number) "
                        "VALUES %s",
                        SQL.identifier(VOUCHER_TABLE),
                        SQL(", ").join(numbers),
                    )
                )
            moves |= created
        return {
            "type": "ir.actions.act_window",
            "name": _("Imported entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    def _unallocated_line(self, opening):
        """Opening balances of a year whose predecessor was not closed do not add up to zero:
        the difference is the result of earlier years, which Odoo keeps on the unallocated
        earnings account."""
        difference = sum(opening.values())
        if not difference:
            return []
        return [
            self._line(
                self._unaffected_earnings(),
                -difference,
                _("Result of earlier years, not allocated"),
            )
        ]

    def _analytic_mapping(self, parsed):
        """``{(dimension, object code): analytic account}`` for the configured plans."""
        result = {}
        for dimension, plan in self.company_id._sie_dimension_plans().items():
            for account in self.env["account.analytic.account"].search(
                [("plan_id", "child_of", plan.id)]
            ):
                result[(str(dimension), account.code or str(account.id))] = account
        return result

    def _voucher_vals(self, voucher, mapping, analytic):
        lines = []
        for t in voucher.transactions:
            if t.kind != "TRANS":
                continue  # #RTRANS is repeated as #TRANS, #BTRANS was struck out
            accounts = [analytic[pair] for pair in t.objects if pair in analytic]
            distribution = {",".join(str(a.id) for a in accounts): 100.0} if accounts else False
            lines.append(
                self._line(mapping[t.account], t.amount, t.text or voucher.text, distribution)
            )
        return {
            "date": voucher.date,
            "ref": voucher.text or f"{voucher.series} {voucher.number}",
            "line_ids": lines,
        }

    def _line(self, account, amount, text, distribution=False):
        amount = float(amount)
        return Command.create(
            {
                "account_id": account.id,
                "name": text,
                "debit": amount if amount > 0 else 0.0,
                "credit": -amount if amount < 0 else 0.0,
                "analytic_distribution": distribution,
            }
        )

    def _create_moves(self, vals_list):
        moves = (
            self.env["account.move"]
            .with_context(tracking_disable=True, mail_notrack=True, mail_create_nolog=True)
            .create(
                [
                    {
                        **vals,
                        "move_type": "entry",
                        "journal_id": self.journal_id.id,
                        "company_id": self.company_id.id,
                    }
                    for vals in vals_list
                ]
            )
        )
        moves.action_post()
        return moves

    @api.onchange("file")
    def _onchange_file(self):
        self.state = "upload"
        self.account_ids = [Command.clear()]
        self.errors = self.summary = False
