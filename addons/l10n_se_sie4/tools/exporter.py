"""SIE 4E export of a company's books, built with SQL and streamed: memory does not depend
on the number of journal items."""

from __future__ import annotations

import datetime
from collections import defaultdict

from odoo.tools import SQL

from nordic_formats.se import sie

from ..models.account_move import VOUCHER_TABLE

PROFIT_AND_LOSS = {
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
}
FETCH_ROWS = 20_000  # rows per round trip of the server-side cursor
PROGRAM = ("Odoo Nordic Association Suite", "18.0")
SORT_MEMORY = "128MB"
LOCK_KEY = 730_500_000  # advisory lock namespace of voucher numbering, plus the company id


def company_and_branches(company):
    """``company`` and all its branches (and theirs), whatever the company switcher shows."""
    # sudo: lists companies only (no data of theirs); the export is refused when the user
    # does not belong to one of them (l10n_se_sie4.export.wizard._check)
    return company.sudo().search([("id", "child_of", company.id)], order="id").sudo(False)


def sie_account_type(account_type: str) -> str:
    """#KTYP: T asset, S liability or equity, K cost, I income ('' off balance)."""
    if account_type.startswith("asset"):
        return "T"
    if account_type.startswith(("liability", "equity")):
        return "S"
    if account_type.startswith("income"):
        return "I"
    if account_type.startswith("expense"):
        return "K"
    return ""


class Sie4Exporter:
    """The SIE 4E file of ``company`` (with its branches) for the fiscal year
    ``fiscal_year`` (start, end) and the vouchers of ``date_from``..``date_to`` inside it.
    Balances are those of Odoo's trial balance: #IB/#UB for balance sheet accounts (the
    results of earlier years on the unaffected earnings account), #RES for profit and loss
    accounts; for this year up to ``date_to``, and for the year before."""

    def __init__(self, company, fiscal_year, date_from, date_to, previous_year):
        self.env = company.env
        self.company = company
        self.fiscal_year = fiscal_year
        self.previous_year = previous_year
        self.date_from = date_from
        self.date_to = date_to
        # every branch, whatever the company switcher shows (the wizard checks that the user
        # belongs to each of them)
        self.company_ids = company_and_branches(company).ids
        # the legal entity that files the SIE: voucher numbers are its own, shared by its
        # branches, and account codes are read as its own
        self.root_company = company.root_id
        self.root = str(self.root_company.id)
        self.voucher_count = 0
        self.line_count = 0

    # -- voucher numbers ---------------------------------------------------------------------
    def assign_voucher_numbers(self):
        """Number the posted entries of the range that were never exported: per series, after
        the highest number of the series in the fiscal year, by date and entry number. Numbers
        once given stay: exporting again gives the same vouchers. Numbers are kept per root
        company (the legal entity): a branch exported alone and its parent share one series,
        so the parent's file never holds one series and number twice."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", LOCK_KEY + self.root_company.id))
        cr.execute(
            SQL(
                """
                WITH todo AS (
                    SELECT m.id,
                           COALESCE(NULLIF(j.sie_series, ''), 'A') AS series,
                           ROW_NUMBER() OVER (
                               PARTITION BY COALESCE(NULLIF(j.sie_series, ''), 'A')
                               ORDER BY m.date, m.name, m.id
                           ) AS position
                      FROM account_move m
                      JOIN account_journal j ON j.id = m.journal_id
                 LEFT JOIN %(table)s v ON v.move_id = m.id
                     WHERE m.company_id = ANY(%(companies)s)
                       AND m.state = 'posted'
                       AND m.date BETWEEN %(date_from)s AND %(date_to)s
                       AND v.move_id IS NULL
                ), top AS (
                    SELECT series, MAX(number) AS number
                      FROM %(table)s
                     WHERE company_id = %(company)s AND fiscal_year = %(fy_start)s
                  GROUP BY series
                )
                INSERT INTO %(table)s (move_id, company_id, fiscal_year, series, number)
                SELECT todo.id, %(company)s, %(fy_start)s, todo.series,
                       COALESCE(top.number, 0) + todo.position
                  FROM todo
             LEFT JOIN top ON top.series = todo.series
                """,
                table=SQL.identifier(VOUCHER_TABLE),
                companies=self.company_ids,
                company=self.root_company.id,
                date_from=self.date_from,
                date_to=self.date_to,
                fy_start=self.fiscal_year[0],
            )
        )
        self.env["account.move"].invalidate_model(["sie_series", "sie_voucher_number"])

    # -- chart, dimensions, balances ------------------------------------------------------------
    def accounts(self):
        Account = self.env["account.account"].with_company(self.company)
        accounts = Account.search(Account._check_company_domain(self.company), order="code")
        return [
            sie.Account(
                number=account.code,
                name=account.name,
                type=sie_account_type(account.account_type),
                sru=[account.sie_sru_code] if account.sie_sru_code else [],
            )
            for account in accounts
            if account.code.isdigit()
        ]

    def analytic_objects(self):
        """``{analytic account id: (dimension, code)}`` and the #DIM/#OBJEKT records."""
        mapping, dimensions, objects = {}, [], []
        names = {1: "Kostnadsställe", 6: "Projekt"}
        for dimension, plan in self.company._sie_dimension_plans().items():
            dimensions.append(sie.Dimension(dimension, plan.name or names[dimension]))
            accounts = self.env["account.analytic.account"].search(
                [("plan_id", "child_of", plan.id)], order="code, id"
            )
            for account in accounts:
                code = account.code or str(account.id)
                mapping[account.id] = (str(dimension), code)
                objects.append(sie.Object(dimension, code, account.name))
        return mapping, dimensions, objects

    def balances(self):
        (fy_start, _fy_end), (py_start, py_end) = self.fiscal_year, self.previous_year
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.code_store->>%(root)s, a.account_type,
                       SUM(l.balance) FILTER (WHERE l.date < %(fy_start)s),
                       SUM(l.balance) FILTER (WHERE l.date >= %(fy_start)s),
                       SUM(l.balance) FILTER (WHERE l.date < %(py_start)s),
                       SUM(l.balance) FILTER (WHERE l.date BETWEEN %(py_start)s AND %(py_end)s)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE l.company_id = ANY(%(companies)s)
                   AND l.parent_state = 'posted'
                   AND l.date <= %(date_to)s
              GROUP BY 1, 2
                """,
                root=self.root,
                fy_start=fy_start,
                py_start=py_start,
                py_end=py_end,
                companies=self.company_ids,
                date_to=self.date_to,
            )
        )
        opening, closing, result = defaultdict(float), defaultdict(float), defaultdict(float)
        earnings_before, earnings_before_previous = 0.0, 0.0
        for code, account_type, before, this_year, before_previous, previous_year in rows:
            before, this_year = before or 0.0, this_year or 0.0
            before_previous, previous_year = before_previous or 0.0, previous_year or 0.0
            if account_type in PROFIT_AND_LOSS:
                result[(0, code)] += this_year
                result[(-1, code)] += previous_year
                earnings_before += before
                earnings_before_previous += before_previous
            else:
                opening[(0, code)] += before
                closing[(0, code)] += before + this_year
                opening[(-1, code)] += before_previous
                closing[(-1, code)] += before
        earnings = self._unaffected_earnings_code()
        if earnings and (earnings_before or earnings_before_previous):
            # as the trial balance shows them: earlier years' results on unaffected earnings
            opening[(0, earnings)] += earnings_before
            closing[(0, earnings)] += earnings_before
            opening[(-1, earnings)] += earnings_before_previous
            closing[(-1, earnings)] += earnings_before_previous
        records = []
        for kind, values in (("IB", opening), ("UB", closing), ("RES", result)):
            for (year, code), amount in sorted(
                values.items(), key=lambda item: (-item[0][0], item[0][1])
            ):
                amount = self.company.currency_id.round(amount)
                if amount:
                    records.append(sie.Balance(kind, year, code, amount))
        return records

    def _unaffected_earnings_code(self):
        account = (
            self.env["account.account"]
            .with_company(self.company)
            .search(
                [
                    *self.env["account.account"]._check_company_domain(self.company),
                    ("account_type", "=", "equity_unaffected"),
                ],
                limit=1,
            )
        )
        return account.code or None

    # -- vouchers ------------------------------------------------------------------------------
    def vouchers(self, objects):
        """The posted entries of the range as SIE vouchers, streamed from a server-side
        cursor in series and number order."""
        round_ = self.company.currency_id.round
        query = SQL(
            """
            SELECT m.id, v.series, v.number, m.date, m.name, m.ref,
                   a.code_store->>%(root)s, l.balance, l.date, l.name, l.analytic_distribution
              FROM account_move m
              JOIN %(table)s v ON v.move_id = m.id
              JOIN account_move_line l ON l.move_id = m.id
              JOIN account_account a ON a.id = l.account_id
             WHERE m.company_id = ANY(%(companies)s)
               AND m.state = 'posted'
               AND m.date BETWEEN %(date_from)s AND %(date_to)s
               AND l.balance != 0
          ORDER BY v.series, v.number, l.id
            """,
            root=self.root,
            table=SQL.identifier(VOUCHER_TABLE),
            companies=self.company_ids,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        self.env.flush_all()
        # a named cursor on the same connection: it sees this transaction's numbering
        with self.env.cr._cnx.cursor(name="l10n_se_sie4_export") as cursor:
            cursor.itersize = FETCH_ROWS
            cursor.execute(query.code, query.params)
            voucher, current = None, None
            for (
                move_id,
                series,
                number,
                date,
                name,
                ref,
                code,
                balance,
                line_date,
                text,
                distribution,
            ) in cursor:
                if move_id != current:
                    if voucher is not None:
                        yield self._counted(voucher)
                    current = move_id
                    voucher = sie.Voucher(
                        series=series,
                        number=str(number),
                        date=date,
                        text=f"{name} {ref}" if ref else name,
                    )
                transactions = voucher.transactions
                line_text = text or ""
                line_date = line_date if line_date != date else None
                if distribution and objects:
                    for part_objects, amount in _split(
                        float(balance), distribution, objects, round_
                    ):
                        transactions.append(
                            sie.Transaction(code, amount, part_objects, line_date, line_text)
                        )
                else:
                    transactions.append(
                        sie.Transaction(code, float(balance), (), line_date, line_text)
                    )
            if voucher is not None:
                yield self._counted(voucher)

    def _counted(self, voucher):
        self.voucher_count += 1
        self.line_count += len(voucher.transactions)
        return voucher

    # -- the file ------------------------------------------------------------------------------
    def sie_file(self, generated_by: str, today: datetime.date) -> sie.SieFile:
        # numbering and the voucher query sort a year of entries: in memory rather than in
        # temporary files, for this transaction only (the memory is the database server's)
        self.env.cr.execute(SQL("SET LOCAL work_mem = %s", SORT_MEMORY))
        self.assign_voucher_numbers()
        objects, dimensions, object_records = self.analytic_objects()
        company = self.company
        fy_start, fy_end = self.fiscal_year
        return sie.SieFile(
            company_name=company.name,
            sie_type=4,
            flag=0,
            program=PROGRAM,
            generated=today,
            generated_by=generated_by,
            org_no=_org_no(company.company_registry or company.vat or ""),
            address=(),
            fiscal_years=[
                sie.FiscalYear(0, fy_start, fy_end),
                sie.FiscalYear(-1, *self.previous_year),
            ],
            chart_type=company.sie_chart_type or "",
            currency=company.currency_id.name,
            accounts=self.accounts(),
            dimensions=dimensions,
            objects=object_records,
            balances=self.balances(),
            vouchers=self.vouchers(objects),
        )

    def write(self, stream, generated_by, today):
        sie.write(stream, self.sie_file(generated_by, today), checksum=True)


def _split(amount, distribution, objects, round_):
    """A journal item's amount per analytic distribution: ``[(objects, amount)]``; the part
    without a configured dimension (and rounding) stays without objects."""
    parts = defaultdict(float)
    for key, percentage in distribution.items():
        pairs = tuple(sorted({objects[int(i)] for i in key.split(",") if int(i) in objects}))
        if pairs:
            parts[pairs] += amount * float(percentage) / 100.0
    result = [(pairs, round_(value)) for pairs, value in parts.items()]
    rest = round_(amount - sum(value for _pairs, value in result))
    if rest and result and abs(rest) < 0.05:
        pairs, value = result[-1]  # a rounding cent goes to the last part
        result[-1] = (pairs, round_(value + rest))
    elif rest:
        result.append(((), rest))
    return [(pairs, value) for pairs, value in result if value]


def _org_no(value: str) -> str:
    """Swedish organisation number NNNNNN-NNNN from a registry number or VAT number."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.upper().startswith("SE") and len(digits) == 12:
        digits = digits[:10]  # SE + number + 01
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else value
