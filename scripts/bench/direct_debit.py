"""Benchmark of the monthly Autogiro collection and its payment specification.

    .venv/bin/python scripts/bench/direct_debit.py [--mandates 50000] [--db bench_dd]
                                                   [--baseline 500]

Creates a fresh database with l10n_se_autogiro (dropped first if it exists), a Swedish club
with an Autogiro payee and N people with an active mandate and one open invoice each, due
in ten days (the mandates and invoices are copies of one made through the ORM, in SQL, so
that setting up 50,000 takes seconds). Then, as the treasurer does it:

1. the monthly collection: a collection order is made and filled with the due invoices,
   confirmed (each debit checked and dated on a Swedish bank day) and written to the
   sealed payment file (target: under 2 minutes for 50,000);
2. Bankgirot's payment specification of all of them (every 50th debit stopped for
   insufficient funds) is imported: the approved debits booked on the bank journal and
   reconciled with their invoices through account_payment_import, the stopped ones marked
   failed and their payers e-mailed (target: at least 150 debits/s).

Prints the seconds, SQL queries per debit and the process's peak memory of each step.

Machines differ by 2x from one day to the next, so the same process then does a slice of
the same work the standard way (``--baseline N`` invoices of their own): OCA's debit order
(its wizard's lines from the journal items, Confirm, which makes one payment per line, and
"File successfully uploaded", which posts them and reconciles the invoices), and the bank's
report the standard Odoo way, one statement line per payment reconciled by Odoo (as
``payment_import.py`` measures it); both multiples are printed.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import datetime
import pstats
import resource
import time
from types import SimpleNamespace

from benchdb import fresh_registry, swedish_company
from dunning import clone_invoices
from payment_import import standard_import

TODAY = datetime.date.today()
DUE = TODAY + datetime.timedelta(days=10)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clone_mandates(env, template, partner_ids):
    """Copies of the valid mandate ``template`` and its bank account, one per partner, with
    payer numbers 1000000 + n, in SQL."""
    cr = env.cr

    def columns(table):
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        )
        return [name for (name,) in cr.fetchall()]

    cr.execute("CREATE TEMP TABLE bench_people (n int, partner_id int, bank_id int)")
    cr.execute(
        "INSERT INTO bench_people (n, partner_id) SELECT * FROM unnest(%s, %s)",
        (list(range(1, len(partner_ids) + 1)), partner_ids),
    )
    cr.execute("UPDATE bench_people SET bank_id = nextval('res_partner_bank_id_seq')")
    bank_override = {
        "id": "p.bank_id",
        "partner_id": "p.partner_id",
        "acc_number": "'8901-' || lpad((1000000000 + p.n)::text, 10, '0')",
        "sanitized_acc_number": "'8901' || lpad((1000000000 + p.n)::text, 10, '0')",
    }
    bank_cols = columns("res_partner_bank")
    cr.execute(
        f"""INSERT INTO res_partner_bank ({", ".join(f'"{c}"' for c in bank_cols)})
            SELECT {", ".join(bank_override.get(c, f'b."{c}"') for c in bank_cols)}
              FROM bench_people p, res_partner_bank b WHERE b.id = %s""",
        (template.partner_bank_id.id,),
    )
    mandate_override = {
        "id": "nextval('account_banking_mandate_id_seq')",
        "partner_id": "p.partner_id",
        "partner_bank_id": "p.bank_id",
        "autogiro_payer_number": "(1000000 + p.n)::text",
        "unique_mandate_reference": "'BENCH-' || p.n",
    }
    mandate_cols = columns("account_banking_mandate")
    cr.execute(
        f"""INSERT INTO account_banking_mandate ({", ".join(f'"{c}"' for c in mandate_cols)})
            SELECT {", ".join(mandate_override.get(c, f'm."{c}"') for c in mandate_cols)}
              FROM bench_people p, account_banking_mandate m WHERE m.id = %s""",
        (template.id,),
    )
    cr.execute("DROP TABLE bench_people")
    env.invalidate_all()


def specification(payee, lines):
    """Bankgirot's payment specification of these sent debits (every 50th stopped for
    insufficient funds), as Bankgirot lays it out: one deposit (TK15) per payment date."""
    records = [
        "01"
        + "AUTOGIRO".ljust(20)
        + "  "
        + f"{DUE:%Y%m%d}".ljust(20, "0")
        + "BET. SPEC & STOPP TK"
        + f"{int(payee.customer_number):06d}"
        + payee.bankgiro_digits.rjust(10, "0")
    ]
    by_date = {}
    for index, line in enumerate(lines):
        by_date.setdefault(line.date, []).append((line, "1" if index % 50 == 49 else "0"))
    approved_count = 0
    for serial, (date, items) in enumerate(sorted(by_date.items()), 1):
        approved = [line for line, status in items if status == "0"]
        approved_count += len(approved)
        records.append(
            "15"
            + "89010032323232".rjust(35, "0")
            + f"{date:%Y%m%d}"
            + f"{serial:05d}"
            + f"{sum(line._autogiro_amount() for line in approved):018d}"
            + "   "
            + f"{len(approved):08d}"
            + " "
        )
        for line, status in items:
            records.append(
                "82"
                + f"{date:%Y%m%d}"
                + "0    "
                + line.mandate_id.autogiro_payer_number.rjust(16, "0")
                + f"{line._autogiro_amount():012d}"
                + payee.bankgiro_digits.rjust(10, "0")
                + line._autogiro_reference().rjust(16, "0")
                + " " * 10
                + status
            )
    counts = (len(by_date), approved_count, 0, 0, 0, 0)
    records.append(
        f"09{DUE:%Y%m%d}9900"
        + "".join(f"{n:06d}" if i % 2 == 0 else f"{n:012d}" for i, n in enumerate(counts))
        + " " * 12
    )
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


def report_profile(profiler, arguments):
    stats = pstats.Stats(profiler)
    if arguments.dump:
        stats.dump_stats(arguments.dump)
    stats.sort_stats(arguments.sort).print_stats(arguments.lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mandates", type=int, default=50_000)
    parser.add_argument("--db", default="bench_dd")
    parser.add_argument("--baseline", type=int, default=500, help="debits the standard way")
    parser.add_argument("--profile", choices=("collection", "specification"))
    parser.add_argument("--sort", default="cumulative", help="profile order (pstats)")
    parser.add_argument("--lines", type=int, default=40, help="profile lines printed")
    parser.add_argument("--dump", help="also save the profile to this file (pstats)")
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "l10n_se_autogiro")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import Command, api  # noqa: PLC0415

    n = arguments.mandates
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        company, env = swedish_company(env, "Bench gym")
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        bank.l10n_se_bankgiro = "991-2346"
        payee = env["autogiro.payee"].create(
            {
                "company_id": company.id,
                "customer_number": "471117",
                "bankgiro": "991-2346",
                "journal_id": bank.id,
                # Bankgirot's test key: the file is sealed as a real one is
                "seal_key": "1234567890abcdef1234567890abcdef",
            }
        )
        mode = env["account.payment.mode"].create(
            {
                "name": "Autogiro",
                "company_id": company.id,
                "payment_method_id": env.ref("l10n_se_autogiro.payment_method_autogiro").id,
                "bank_account_link": "fixed",
                "fixed_journal_id": bank.id,
                "payment_order_ok": True,
            }
        )
        product = env["product.product"].create(
            {"name": "Månadsavgift", "type": "service", "taxes_id": [Command.clear()]}
        )
        start = time.perf_counter()
        partners = env["res.partner"]
        for first in range(0, n, 5000):
            partners |= env["res.partner"].create(
                [
                    {"name": f"Medlem {i}", "email": f"medlem{i}@example.se"}
                    for i in range(first, min(first + 5000, n))
                ]
            )
            env.flush_all()
        template_mandate = env["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": company.id,
                "autogiro_payer_id": partners[0].id,
                "autogiro_account": "8901-3232323232",
                "autogiro_payer_number": "1000000",
            }
        )
        template_mandate.write({"state": "valid", "autogiro_pending": False})
        template_invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[0].id,
                "invoice_date": TODAY,
                "invoice_date_due": DUE,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 399.0})
                ],
            }
        )
        template_invoice.action_post()
        template_invoice.invoice_pdf_report_file = base64.b64encode(b"%PDF-1.4 bench")
        env.flush_all()
        clone_mandates(env, template_mandate, partners[1:].ids)
        clone_invoices(env, template_invoice, [(p, DUE) for p in partners[1:].ids])
        cr.commit()
        cr.execute("ANALYZE")
        setup = time.perf_counter() - start
        print(f"setup: {n:,} active mandates, {n:,} invoices due {DUE} in {setup:.0f} s")

        # 1. the monthly collection and its file
        profiler = cProfile.Profile() if arguments.profile == "collection" else None
        queries = odoo.sql_db.sql_counter
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        order = env["account.payment.order"].create({"payment_mode_id": mode.id})
        order.action_direct_debit_fill()
        filled = time.perf_counter() - began
        order.draft2open()
        confirmed = time.perf_counter() - began
        order.open2generated()
        order.generated2uploaded()
        cr.commit()
        if profiler:
            profiler.disable()
            report_profile(profiler, arguments)
        seconds = time.perf_counter() - began
        queries = odoo.sql_db.sql_counter - queries
        debits = len(order.payment_line_ids)
        file = order.autogiro_file_ids
        print(
            f"collection: {debits:,} debits filled in {filled:.0f} s, confirmed at "
            f"{confirmed:.0f} s, sealed file {file.name} ({len(base64.b64decode(file.data)):,} "
            f"bytes) at {seconds:.0f} s; {queries / debits:.1f} queries/debit, peak "
            f"{peak_mb():.0f} MB  target < 120 s"
        )
        collection_rate = debits / seconds

        # 2. Bankgirot's payment specification of them all
        env.invalidate_all()
        lines = order.payment_line_ids.sorted("id")
        data = specification(payee, lines)
        profiler = cProfile.Profile() if arguments.profile == "specification" else None
        queries = odoo.sql_db.sql_counter
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        report = env["autogiro.file"]._import_report(data, "BFEP.UAGZZ.K0471117.SPEC")
        cr.commit()
        if profiler:
            profiler.disable()
            report_profile(profiler, arguments)
        seconds = time.perf_counter() - began
        queries = odoo.sql_db.sql_counter - queries
        cr.execute(
            "SELECT debit_state, count(*) FROM account_payment_line WHERE order_id = %s "
            "GROUP BY debit_state",
            (order.id,),
        )
        states = dict(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM account_move WHERE payment_state IN ('paid', 'in_payment') "
            "AND move_type = 'out_invoice' AND company_id = %s",
            (company.id,),
        )
        (paid,) = cr.fetchone()
        print(
            f"specification: {debits:,} debits ({states.get('paid', 0):,} debited, "
            f"{states.get('failed', 0):,} failed) in {seconds:.0f} s = {debits / seconds:.0f} "
            f"debits/s; {paid:,} invoices paid and reconciled; {queries / debits:.1f} "
            f"queries/debit, peak {peak_mb():.0f} MB  target >= 150 debits/s "
            f"({report.payment_import_id.summary})"
        )
        import_rate = debits / seconds

        b = arguments.baseline
        if b > 0:
            standard_collection, standard_import_rate = baseline(env, company, product, b)
            print(
                f"standard: {b:,} debits through OCA's debit order (wizard lines, one payment "
                f"each, posted and reconciled at upload) at {standard_collection:.1f} debits/s; "
                f"the bank's report one statement line per payment at "
                f"{standard_import_rate:.1f} payments/s"
            )
            print(
                f"multiple: collection {collection_rate / standard_collection:.1f}×  "
                f"({collection_rate:.0f} vs {standard_collection:.1f} debits/s), specification "
                f"{import_rate / standard_import_rate:.1f}×  ({import_rate:.0f} vs "
                f"{standard_import_rate:.1f} payments/s), in this process"
            )


def baseline(env, company, product, count):
    """OCA's debit order and Odoo's statement reconciliation for ``count`` invoices of a
    unit of their own: (debits/s of the order, payments/s of the report)."""
    from odoo import Command  # noqa: PLC0415

    unit, env = swedish_company(env, "Bench baseline")
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", unit.id)], limit=1
    )
    mode = env["account.payment.mode"].create(
        {
            "name": "Debit order",
            "company_id": unit.id,
            "payment_method_id": env.ref("account.account_payment_method_manual_in").id,
            "bank_account_link": "fixed",
            "fixed_journal_id": bank.id,
            "payment_order_ok": True,
        }
    )
    product = product.copy({"company_id": unit.id})

    def invoices(tag):
        partners = env["res.partner"].create(
            [{"name": f"Baseline {tag} {i}"} for i in range(count)]
        )
        moves = (
            env["account.move"]
            .with_company(unit)
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "company_id": unit.id,
                        "invoice_date": TODAY,
                        "invoice_date_due": DUE,
                        "invoice_payment_term_id": False,
                        "payment_reference": f"BASE{tag}{i:06d}",
                        "invoice_line_ids": [
                            Command.create({"product_id": product.id, "price_unit": 399.0})
                        ],
                    }
                    for i, partner in enumerate(partners)
                ]
            )
        )
        moves.action_post()
        env.cr.commit()
        return moves

    moves = invoices("A")
    began = time.perf_counter()
    order = env["account.payment.order"].create({"payment_mode_id": mode.id})
    receivables = moves.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
    receivables.create_payment_line_from_move_line(order)
    order.draft2open()
    order.open2generated()
    order.generated2uploaded()
    env.flush_all()
    env.cr.commit()
    collection = count / (time.perf_counter() - began)

    moves = invoices("B")
    # what standard_import reads of a payment: its amount in öre and its reference
    payments = [SimpleNamespace(amount=39900, reference=move.payment_reference) for move in moves]
    seconds, *_counts = standard_import(env, bank, payments)
    env.cr.commit()
    return collection, count / seconds


if __name__ == "__main__":
    main()
