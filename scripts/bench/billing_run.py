"""Benchmark of a dues billing run on a real database.

    .venv/bin/python scripts/bench/billing_run.py [--members 100000] [--db bench_billing]

Creates a fresh database with membership_period and l10n_se_bankgiro (dropped first if it
exists), a Swedish club with a Bankgiro sales journal (OCR references), fee rules and N
members registered in a period (committed and analysed, as in a live database). Then
computes a dues run and confirms it: every invoicing job is performed in this process, one
transaction per job as the job runner does. Prints invoices per second, SQL queries per
invoice and the memory after each tenth of the jobs (it should stay flat). Targets on this
2-core machine: at least 60 invoices/s per process and at most 15 queries per invoice.

Machines differ by 2x from one day to the next, so the same process then invoices a slice
of members of the same kind (``--baseline N``, default 200, people of their own with the
rules' fees) the standard Odoo way, one ``account.move.create()`` and ``action_post()``
per invoice, and prints the run's speed as a multiple of it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import pstats
import resource
import time
from collections import Counter
from pathlib import Path

from benchdb import fresh_registry, swedish_company


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def member_vals(i: int, company) -> dict:
    from odoo import Command  # noqa: PLC0415 (set up by fresh_registry)

    return {
        "name": f"Medlem {i}",
        "email": f"medlem{i}@example.se" if i % 10 else False,
        "street": "Storgatan 1",
        "zip": f"{41100 + i % 900}",
        "city": "Göteborg",
        "birthdate": datetime.date(1940 + i % 80, 1 + i % 12, 1 + i % 28),
        "organisation_ids": [Command.set(company.ids)],
    }


def standard_invoices(env, journal, product, period, billed, invoice_date, due_date):
    """The standard Odoo way: for each ``(partner, fee)``, one ``account.move.create()``
    of a customer invoice with the dues product at the fee, then its ``action_post()``,
    all through the ORM (in the benchmark's environment, tracking off, one transaction).
    Returns the seconds it took and the invoices."""
    from odoo import Command  # noqa: PLC0415

    Move = env["account.move"]
    moves = Move
    began = time.perf_counter()
    for partner, fee in billed:
        move = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": journal.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": f"{product.name} – {period.name}",
                            "quantity": 1,
                            "price_unit": fee,
                        }
                    )
                ],
            }
        )
        move.action_post()
        moves |= move
    env.flush_all()
    env.cr.commit()
    return time.perf_counter() - began, moves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", default="bench_billing")
    parser.add_argument("--profile", action="store_true", help="profile the first 4 jobs")
    parser.add_argument(
        "--queries", action="store_true", help="print the most frequent SQL of the first job"
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=200,
        help="invoices created the standard Odoo way for comparison (0: none)",
    )
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "membership_period,l10n_se_bankgiro")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import Command, api  # noqa: PLC0415

    n = arguments.members
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company, env = swedish_company(env, "Bench idrottsförening")
        sale = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        bank.l10n_se_bankgiro = "991-2346"
        # dues are VAT-exempt and booked on their own income account
        income = env["account.account"].create(
            {
                "code": "3893",
                "name": "Medlemsavgifter",
                "account_type": "income",
                "company_ids": company.ids,
                "tax_ids": [Command.clear()],
            }
        )
        dues = env["product.product"].create(
            {
                "name": "Medlemsavgift",
                "type": "service",
                "taxes_id": [Command.clear()],
                "property_account_income_id": income.id,
            }
        )
        rules = env["membership.fee.rule"]
        for vals in (
            {"name": "Barn", "age_max": 6, "free": True},
            {"name": "Ungdom", "age_min": 7, "age_max": 25, "amount": 250},
            {"name": "Senior", "age_min": 65, "amount": 400},
            {"name": "Vuxen", "amount": 600},
        ):
            rules.create({"company_id": company.id, "product_id": dues.id, **vals})
        period = env["membership.period"].create(
            {
                "name": "2027",
                "company_id": company.id,
                "date_start": datetime.date(2027, 1, 1),
                "date_end": datetime.date(2027, 12, 31),
            }
        )
        start = time.perf_counter()
        Line = env["membership.membership_line"].with_context(membership_no_auto_invoice=True)
        for first in range(0, n, 5000):
            people = env["res.partner"].create(
                [member_vals(i, company) for i in range(first, min(first + 5000, n))]
            )
            Line._register_members(people, period, period.date_start)
            env.flush_all()
            env.invalidate_all()
        print(f"setup: {n:,} members in {time.perf_counter() - start:.0f} s")
        cr.commit()
        cr.execute("ANALYZE")

        run = env["account.billing.run"].create(
            {
                "company_id": company.id,
                "source": "membership",
                "membership_period_id": period.id,
                "journal_id": sale.id,
                "invoice_date": datetime.date(2027, 1, 10),
                "invoice_date_due": datetime.date(2027, 1, 31),
            }
        )
        began = time.perf_counter()
        run.action_compute()
        cr.commit()
        print(
            f"compute: {run.line_count:,} recipients, {run.amount_total:,.0f} SEK, "
            f"{run.warning_count:,} warnings in {time.perf_counter() - began:.1f} s"
        )

        # Confirm: the jobs are stored, then performed one per transaction, as the runner does
        run.action_confirm()
        cr.commit()
        jobs = env["queue.job"].search(
            [("model_name", "=", run._name), ("method_name", "=", "_confirm_chunk")], order="id"
        )
        uuids = jobs.mapped("uuid")
        from odoo.addons.queue_job.job import Job  # noqa: PLC0415

        queries = odoo.sql_db.sql_counter
        began, cpu = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if arguments.profile else None
        seen = Counter()
        execute = odoo.sql_db.Cursor.execute

        def counting_execute(cursor, query, params=None, log_exceptions=True):
            seen[" ".join(str(query).split())[:110]] += 1
            return execute(cursor, query, params, log_exceptions)

        for index, uuid in enumerate(uuids):
            if profiler and index < 4:
                profiler.enable()
            if arguments.queries and index == 0:
                odoo.sql_db.Cursor.execute = counting_execute
            job = Job.load(env, uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
            cr.commit()
            env.invalidate_all()
            if profiler and index < 4:
                profiler.disable()
            if arguments.queries and index == 0:
                odoo.sql_db.Cursor.execute = execute
                for query, count in seen.most_common(40):
                    print(f"{count:6} {query}")
            if (index + 1) % max(1, len(uuids) // 10) == 0:
                print(
                    f"        {index + 1:4} of {len(uuids)} jobs, "
                    f"{time.perf_counter() - began:6.0f} s, RSS {rss_mb():.0f} MB"
                )
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        queries = odoo.sql_db.sql_counter - queries
        invoiced = run.line_count
        run._confirm_done()
        cr.commit()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"confirm: {invoiced:,} invoices in {seconds:.0f} s ({invoiced / seconds:.1f} "
            f"invoices/s, {cpu:.0f} CPU s), {queries / invoiced:.1f} queries/invoice, "
            f"peak {peak:.0f} MB  targets >= 60/s, <= 15 queries"
        )
        print(f"        run {run.name}: {run.state}, {run.invoiced_count:,} invoiced")

        b = arguments.baseline
        if b > 0:
            # members of the same kind (not in the run), their fees by the same rules
            people = env["res.partner"].create([member_vals(i, company) for i in range(n, n + b)])
            fees = env["membership.fee.rule"]._match(people, period, period.date_start)
            billed = [(partner, match[1]) for partner, match in fees.items() if match and match[1]]
            cr.commit()
            standard, moves = standard_invoices(
                env, sale, dues, period, billed, run.invoice_date, run.invoice_date_due
            )
            ours, theirs = invoiced / seconds, len(billed) / standard
            posted = sum(1 for state in moves.mapped("state") if state == "posted")
            print(
                f"standard: {len(billed):,} invoices, one create + action_post each, in "
                f"{standard:.1f} s ({theirs:.1f} invoices/s), {posted:,} posted, "
                f"{sum(moves.mapped('amount_total')):,.0f} SEK"
            )
            print(
                f"multiple: {ours / theirs:.1f}×  (the run {ours:.1f} invoices/s, "
                f"the standard way {theirs:.1f} invoices/s, in this process)"
            )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()
