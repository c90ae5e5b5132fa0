"""Benchmark of the SIE 4E export on a real database.

    .venv/bin/python scripts/bench/sie4.py [--lines 1000000] [--db bench_sie]

Creates a fresh database with l10n_se_sie4 and the Swedish chart (dropped first if it
exists), a company with cost centres, and N posted journal items (two per entry, a third
of the costs on cost centres), generated in SQL from one real entry. Then exports the
fiscal year through the export wizard and prints the time, the memory it took and a plain
SQL scan of the same items for comparison. Targets on this 2-core machine: under 30 s and
under 200 MB for 1,000,000 journal items.

Machines differ by 2x from one day to the next, so the same process then reads the journal
items of the first days of the year (as many days as hold ``--baseline N`` items, default
200,000) the standard Odoo way, through the ORM in batches, and through the export's SQL
stream, and prints the export's speed as a multiple of the ORM read.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import resource
import time

from benchdb import fresh_registry, swedish_company


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clone_sql(cr, table: str, overrides: dict[str, str], source: str, extra_from: str) -> str:
    """INSERT ... SELECT copying every column of ``table`` from ``source`` rows, with
    ``overrides`` (column: SQL expression)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        (table,),
    )
    columns = [row[0] for row in cr.fetchall()]
    values = [overrides.get(column, f"src.{column}") for column in columns]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {table} src {extra_from} WHERE src.id = {source}"
    )


def item_domain(company, date_from, date_to):
    """The journal items an export of ``date_from``..``date_to`` writes, as a domain."""
    return [
        ("company_id", "=", company.id),
        ("parent_state", "=", "posted"),
        ("date", ">=", date_from),
        ("date", "<=", date_to),
        ("balance", "!=", 0),
    ]


def slice_end(env, company, date_from, date_to, items):
    """The first day from which ``date_from``..that day holds at least ``items`` journal
    items (``date_to`` if the range holds fewer), and how many it holds."""
    rows = env["account.move.line"]._read_group(
        item_domain(company, date_from, date_to), ["date:day"], ["__count"], order="date:day"
    )
    count = 0
    for day, day_count in rows:
        count += day_count
        if count >= items:
            return day, count
    return date_to, count


def orm_read(env, company, date_from, date_to, batch=20_000):
    """The standard Odoo way to read the journal items an export of ``date_from``..
    ``date_to`` writes: ``search_fetch`` of account.move.line (posted, in the range,
    non-zero) with the fields the export needs (entry, entry number, reference, date,
    account, balance, label, analytic distribution), ``batch`` items at a time in id order
    (each batch after the last id, the cache emptied between batches), each item's account
    code and its entry's SIE series and number through the ORM too. Returns the seconds
    and the number of items."""
    Line = env["account.move.line"]
    domain = item_domain(company, date_from, date_to)
    names = ["move_id", "move_name", "ref", "date", "account_id", "balance", "name"]
    names.append("analytic_distribution")
    env.invalidate_all()
    began, count, last = time.perf_counter(), 0, 0
    while True:
        lines = Line.search_fetch([*domain, ("id", ">", last)], names, order="id", limit=batch)
        if not lines:
            break
        moves = lines.move_id
        vouchers = dict(
            zip(
                moves.ids,
                zip(moves.mapped("sie_series"), moves.mapped("sie_voucher_number"), strict=True),
                strict=True,
            )
        )
        codes = {account.id: account.code for account in lines.account_id}
        rows = [
            (
                vouchers[line.move_id.id],
                line.date,
                line.move_name,
                line.ref,
                codes[line.account_id.id],
                line.balance,
                line.name,
                line.analytic_distribution,
            )
            for line in lines
        ]
        count += len(rows)
        last = lines[-1].id
        env.invalidate_all()
    return time.perf_counter() - began, count


def sql_stream(env, company, wizard, date_from, date_to):
    """The export's own SQL stream (its server-side cursor, vouchers as the file holds
    them, analytic parts split) of the vouchers of ``date_from``..``date_to`` (numbered by
    the export before). Returns the seconds and the number of vouchers."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from odoo.addons.l10n_se_sie4.tools.exporter import Sie4Exporter  # noqa: PLC0415

    previous = company.compute_fiscalyear_dates(wizard.fiscal_year_start - relativedelta(days=1))
    exporter = Sie4Exporter(
        company,
        (wizard.fiscal_year_start, wizard.fiscal_year_end),
        date_from,
        date_to,
        (previous["date_from"], previous["date_to"]),
    )
    objects, _dimensions, _records = exporter.analytic_objects()
    env.invalidate_all()
    began = time.perf_counter()
    for _voucher in exporter.vouchers(objects):
        pass
    return time.perf_counter() - began, exporter.voucher_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--db", default="bench_sie")
    parser.add_argument(
        "--baseline",
        type=int,
        default=200_000,
        help="journal items read through the ORM for comparison (0: none)",
    )
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "l10n_se_sie4,l10n_se")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import Command, api  # noqa: PLC0415

    entries = arguments.lines // 2
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company, env = swedish_company(env, "Bench förening", company_registry="802456-1234")
        plan = env["account.analytic.plan"].create({"name": "Kostnadsställen"})
        centres = env["account.analytic.account"].create(
            [{"name": f"KS {i}", "code": f"{i:02d}", "plan_id": plan.id} for i in range(1, 21)]
        )
        company.sie_cost_centre_plan_id = plan
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        Account = env["account.account"].with_company(company)
        cost = Account.search([("code", "=", "5010")], limit=1)
        bank = Account.search([("code", "=", "1930")], limit=1)
        template = env["account.move"].create(
            {
                "journal_id": journal.id,
                "date": datetime.date(2026, 1, 1),
                "ref": "Mall",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cost.id,
                            "name": "Lokalhyra",
                            "balance": 100.0,
                            "analytic_distribution": {str(centres[0].id): 100},
                        }
                    ),
                    Command.create({"account_id": bank.id, "name": "Lokalhyra", "balance": -100.0}),
                ],
            }
        )
        template.action_post()
        cr.commit()
        start = time.perf_counter()
        # entries: one per (n), spread over the year, numbered as the journal would
        cr.execute(
            clone_sql(
                cr,
                "account_move",
                {
                    "name": "'MISC/2026/' || lpad(n::text, 7, '0')",
                    "date": "DATE '2026-01-01' + (n % 365)",
                    "ref": "'Verifikation ' || n",
                    "sequence_number": "n + 1",
                },
                str(template.id),
                f", generate_series(1, {entries - 1}) AS n",
            )
        )
        cr.execute(
            "CREATE TEMP TABLE bench_moves AS "
            "SELECT id, date, ROW_NUMBER() OVER (ORDER BY id) AS n "
            "FROM account_move WHERE journal_id = %s AND id != %s",
            (journal.id, template.id),
        )
        for line in template.line_ids:
            amount = "((m.n % 997) + 1) * 10.0"
            signed = amount if line.balance > 0 else f"-{amount}"
            overrides = {
                "move_id": "m.id",
                "date": "m.date",
                "balance": signed,
                "amount_currency": signed,
                "debit": amount if line.balance > 0 else "0",
                "credit": "0" if line.balance > 0 else amount,
                "amount_residual": signed if line.account_id.reconcile else "0",
                "amount_residual_currency": signed if line.account_id.reconcile else "0",
                "move_name": "'MISC/2026/' || lpad(m.n::text, 7, '0')",
            }
            if line.analytic_distribution:
                overrides["analytic_distribution"] = (
                    "CASE WHEN m.n % 3 = 0 THEN jsonb_build_object("
                    f"(ARRAY{centres.ids})[1 + (m.n % 20)]::text, 60, "
                    f"(ARRAY{centres.ids})[1 + ((m.n + 7) % 20)]::text, 40) ELSE NULL END"
                )
            cr.execute(
                clone_sql(cr, "account_move_line", overrides, str(line.id), ", bench_moves m")
            )
        cr.execute("ANALYZE")
        cr.commit()
        lines = entries * 2
        print(
            f"setup: {lines:,} journal items in {entries:,} entries "
            f"in {time.perf_counter() - start:.0f} s"
        )

        began = time.perf_counter()
        cr.execute(
            "SELECT count(*), sum(balance) FROM account_move_line WHERE company_id = %s",
            (company.id,),
        )
        cr.fetchall()
        print(f"plain SQL scan of the journal items: {time.perf_counter() - began:.1f} s")

        env.invalidate_all()
        before = peak_mb()
        wizard = env["l10n_se_sie4.export.wizard"].create(
            {"company_id": company.id, "fiscal_year_date": datetime.date(2026, 6, 1)}
        )
        began, cpu = time.perf_counter(), time.process_time()
        log = wizard._export()
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        print(
            f"export: {log.line_count:,} transactions in {log.voucher_count:,} vouchers, "
            f"{log.file_size / 1e6:.0f} MB file, {seconds:.1f} s ({cpu:.1f} CPU s), "
            f"peak memory {peak_mb():.0f} MB (before the export {before:.0f} MB)  "
            f"targets < 30 s, < 200 MB"
        )
        again = time.perf_counter()
        wizard = env["l10n_se_sie4.export.wizard"].create(
            {"company_id": company.id, "fiscal_year_date": datetime.date(2026, 6, 1)}
        )
        second = wizard._export()
        print(
            f"again (numbers kept): {time.perf_counter() - again:.1f} s, "
            f"same file: {base64.b64decode(second.file) == base64.b64decode(log.file)}"
        )

        if arguments.baseline > 0:
            # the same journal items both ways: those of the first days of the year that
            # hold --baseline items
            first = wizard.date_from
            last, items = slice_end(env, company, first, wizard.date_to, arguments.baseline)
            standard, read = orm_read(env, company, first, last)
            stream, vouchers = sql_stream(env, company, wizard, first, last)
            theirs, ours, whole = read / standard, items / stream, lines / seconds
            print(
                f"standard: ORM read of the {read:,} journal items of {first}..{last} "
                f"(search_fetch, 20,000 a batch) in {standard:.1f} s ({theirs:,.0f} items/s); "
                f"the export's SQL stream of the same items ({vouchers:,} vouchers) in "
                f"{stream:.1f} s ({ours:,.0f} items/s)"
            )
            print(
                f"multiple: {ours / theirs:.1f}×  (SQL stream / ORM read, same items); the "
                f"whole export, file written, {whole:,.0f} items/s: {whole / theirs:.1f}× "
                f"the ORM read"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
