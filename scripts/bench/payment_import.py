"""Benchmark of a BgMax payment file import on a real database.

    .venv/bin/python scripts/bench/payment_import.py [--invoices 10000] [--db bench_payments]

Creates a fresh database with l10n_se_bankgiro (dropped first if it exists), a Swedish
company and N posted customer invoices with OCR references (committed and analysed, as in
a live database), and a BgMax file paying them (90 % exact, 5 % partial, 3 % over, 2 %
unknown reference). Imports the file through the statement import wizard, then imports it
again, and prints payments per second, SQL queries per payment, peak memory and the match
rate. Targets on this
2-core machine: the whole file in under 2 minutes (> 80 payments/s), re-import < 30 s.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import datetime
import pstats
import resource
import time

from benchdb import fresh_registry, swedish_company


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--db", default="bench_payments")
    parser.add_argument("--profile", action="store_true", help="print where the import spends time")
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "l10n_se_bankgiro")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import Command, api  # noqa: PLC0415

    from nordic_formats.se import bgmax, ocr  # noqa: PLC0415

    n = arguments.invoices
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company, env = swedish_company(env, "Bench förening")
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        bank.l10n_se_bankgiro = "991-2346"
        partners = env["res.partner"].create([{"name": f"Medlem {i}"} for i in range(n)])

        start = time.perf_counter()
        invoices = env["account.move"]
        for chunk in range(0, n, 500):
            batch = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partners[i].id,
                        "invoice_date": datetime.date(2026, 1, 1),
                        "payment_reference": ocr.create(str(100000 + i)),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Medlemsavgift",
                                    "price_unit": 300 + i % 200,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                    for i in range(chunk, min(chunk + 500, n))
                ]
            )
            batch.action_post()
            invoices |= batch
        print(f"setup: {n:,} posted invoices in {time.perf_counter() - start:.0f} s")
        cr.commit()
        cr.execute("ANALYZE")  # as autovacuum would have done in a live database

        payments = []
        expected = {"exact": 0, "partial": 0, "over": 0, "unknown": 0}
        for i, invoice in enumerate(invoices):
            amount = round(invoice.amount_total * 100)
            kind = (
                "exact"
                if i % 100 < 90
                else "partial"
                if i % 100 < 95
                else "over"
                if i % 100 < 98
                else "unknown"
            )
            expected[kind] += 1
            reference = (
                invoice.payment_reference if kind != "unknown" else ocr.create(str(900000 + i))
            )
            amount = {"partial": amount // 2, "over": amount + 5000}.get(kind, amount)
            payments.append(
                bgmax.Payment(
                    line=0,
                    deduction=False,
                    payer_bankgiro="",
                    reference=reference,
                    amount=amount,
                    reference_code="2",
                    channel="1",
                    bgc_serial=f"{i:012d}",
                    image=False,
                )
            )
        sections = [
            bgmax.Section(
                line=0,
                bankgiro="9912346",
                plusgiro="",
                currency="SEK",
                payments=payments[i : i + 1000],
                account="58410000010098232",
                date=datetime.date(2026, 2, 1),
                serial=f"{i // 1000 + 1:05d}",
            )
            for i in range(0, n, 1000)
        ]
        header = bgmax.Header(version="01", created=datetime.datetime(2026, 2, 1, 6, 0), test=False)
        data = bgmax.write(bgmax.BgMaxFile(header=header, sections=sections)).encode("latin-1")

        def run_import():
            wizard = (
                env["account.statement.import"]
                .with_context(journal_id=bank.id)
                .create(
                    {"statement_file": base64.b64encode(data), "statement_filename": "BGMAX.txt"}
                )
            )
            queries = odoo.sql_db.sql_counter
            began, cpu = time.perf_counter(), time.process_time()
            result = wizard._import_file()
            env.flush_all()
            return (
                env["account.payment.import"].browse(result["payment_import_id"]),
                time.perf_counter() - began,
                time.process_time() - cpu,
                odoo.sql_db.sql_counter - queries,
            )

        if arguments.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            log, seconds, cpu, queries = run_import()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        else:
            log, seconds, cpu, queries = run_import()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        matched = log.count_matched + log.count_partial + log.count_overpaid
        print(
            f"import: {n:,} payments in {seconds:.1f} s ({n / seconds:,.0f} payments/s, "
            f"{cpu:.1f} CPU s), "
            f"{queries / n:.1f} queries/payment, peak {peak:.0f} MB  target < 120 s"
        )
        print(
            f"        matched {log.count_matched:,} in full, {log.count_partial:,} partly, "
            f"{log.count_overpaid:,} over, {log.count_unmatched:,} unmatched: "
            f"match rate {matched / n:.1%} "
            f"(file: {expected})"
        )
        paid = sum(
            1 for state in invoices.mapped("payment_state") if state in ("paid", "in_payment")
        )
        print(f"        invoices paid in full: {paid:,} of {n:,}")
        again, seconds, cpu, queries = run_import()
        print(f"re-import: {again.summary} in {seconds:.1f} s ({queries} queries)  target < 30 s")


if __name__ == "__main__":
    main()
