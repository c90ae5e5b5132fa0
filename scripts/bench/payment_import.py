"""Benchmark of a BgMax payment file import on a real database.

    .venv/bin/python scripts/bench/payment_import.py [--invoices 10000] [--db bench_payments]

Creates a fresh database with l10n_se_bankgiro (dropped first if it exists), a Swedish
company and N posted customer invoices with OCR references (committed and analysed, as in
a live database), and a BgMax file paying them (90 % exact, 5 % partial, 3 % over, 2 %
unknown reference). Imports the file through the statement import wizard, then imports it
again, and prints payments per second, SQL queries per payment, peak memory and the match
rate. Targets on this
2-core machine: the whole file in under 2 minutes (> 80 payments/s), re-import < 30 s.

Machines differ by 2x from one day to the next, so the same process then imports a slice
of the same kind of payments (``--baseline N``, default 200, on invoices of their own) the
standard Odoo way, one bank statement line per payment reconciled by Odoo, and prints the
import's speed as a multiple of it (see ``standard_import``).
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


def posted_invoices(env, partners, first_number):
    """One posted customer invoice per partner, with OCR references from ``first_number``,
    created and posted 500 at a time."""
    from odoo import Command  # noqa: PLC0415 (set up by fresh_registry)

    from nordic_formats.se import ocr  # noqa: PLC0415

    invoices = env["account.move"]
    for chunk in range(0, len(partners), 500):
        batch = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partners[i].id,
                    "invoice_date": datetime.date(2026, 1, 1),
                    "payment_reference": ocr.create(str(first_number + i)),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Medlemsavgift", "price_unit": 300 + i % 200, "tax_ids": []}
                        )
                    ],
                }
                for i in range(chunk, min(chunk + 500, len(partners)))
            ]
        )
        batch.action_post()
        invoices |= batch
    return invoices


def file_payments(bgmax, ocr, invoices, unknown_number):
    """A payment per invoice: 90 % exact, 5 % partial, 3 % over, 2 % with an unknown
    reference (OCR numbers from ``unknown_number``); and the count of each kind."""
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
            invoice.payment_reference if kind != "unknown" else ocr.create(str(unknown_number + i))
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
    return payments, expected


def standard_import(env, bank, payments):
    """The payments the standard Odoo way, as a statement import of OCA's bank-statement
    modules and its reconciliation widget do it: one ``account.bank.statement.line`` per
    payment. Its payer is the customer of the open invoice with the payment's reference
    (found by a search per payment: the standard import gets the partner from the payer's
    bank account or name; unknown references get none). Creating the line runs
    account_reconcile_oca's automatic reconciliation with Odoo's reconciliation models (the
    chart's "Invoices/Bills Perfect Match", which pays an invoice of the line's partner with
    the exact amount, or more: the rest stays on the partner's receivable); a line it leaves
    open whose invoice is known (the partial payments) is reconciled through the widget's
    API as an accountant does it: the invoice's receivable line added
    (``_add_account_move_line``), then ``reconcile_bank_line()``. ``skip_retrieve_partner``
    as in the import: no guess of the payer from the line's texts. Returns (seconds,
    reconciled automatically, reconciled through the widget, left open)."""
    Move = env["account.move"]
    Line = env["account.bank.statement.line"].with_context(skip_retrieve_partner=True)
    statement = env["account.bank.statement"].create(
        {"name": "Standard", "journal_id": bank.id, "date": datetime.date(2026, 2, 1)}
    )
    automatic = widget = left = 0
    began = time.perf_counter()
    for payment in payments:
        invoice = Move.search(
            [
                ("company_id", "=", bank.company_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("payment_reference", "=", payment.reference),
            ],
            limit=1,
        )
        line = Line.create(
            {
                "statement_id": statement.id,
                "journal_id": bank.id,
                "date": datetime.date(2026, 2, 1),
                "amount": payment.amount / 100,
                "payment_ref": payment.reference,
                "partner_id": invoice.commercial_partner_id.id,
            }
        )
        if line.is_reconciled:
            automatic += 1
        elif invoice:
            receivable = invoice.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
            )
            line._add_account_move_line(receivable)
            line.reconcile_bank_line()
            widget += 1
        else:
            left += 1
    env.flush_all()
    return time.perf_counter() - began, automatic, widget, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--db", default="bench_payments")
    parser.add_argument("--profile", action="store_true", help="print where the import spends time")
    parser.add_argument(
        "--baseline",
        type=int,
        default=200,
        help="payments imported the standard Odoo way for comparison (0: none)",
    )
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "l10n_se_bankgiro")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import api  # noqa: PLC0415

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
        invoices = posted_invoices(env, partners, 100000)
        print(f"setup: {n:,} posted invoices in {time.perf_counter() - start:.0f} s")
        cr.commit()
        cr.execute("ANALYZE")  # as autovacuum would have done in a live database

        payments, expected = file_payments(bgmax, ocr, invoices, 900000)
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
        import_seconds = seconds
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

        b = arguments.baseline
        if b > 0:
            # the same kind of payments, to invoices of their own, the standard way
            others = env["res.partner"].create([{"name": f"Medlem S{i}"} for i in range(b)])
            own = posted_invoices(env, others, 500000)
            standard_payments, _kinds = file_payments(bgmax, ocr, own, 950000)
            standard, automatic, widget, left = standard_import(env, bank, standard_payments)
            paid = sum(
                1 for state in own.mapped("payment_state") if state in ("paid", "in_payment")
            )
            ours, theirs = n / import_seconds, b / standard
            print(
                f"standard: {b:,} payments, one statement line each reconciled by Odoo, in "
                f"{standard:.1f} s ({theirs:,.1f} payments/s): {automatic} by the Perfect Match "
                f"model, {widget} through the reconciliation widget, {left} left open; "
                f"{paid} invoices paid in full"
            )
            print(
                f"multiple: {ours / theirs:.1f}×  (the import {ours:,.0f} payments/s, "
                f"the standard way {theirs:,.1f} payments/s, in this process)"
            )


if __name__ == "__main__":
    main()
