"""Benchmark of the daily reminder run on a real database.

    .venv/bin/python scripts/bench/dunning.py [--invoices 100000] [--overdue 20000]
                                              [--db bench_dunning] [--baseline 300]

Creates a fresh database with account_dunning and l10n_se_bankgiro (dropped first if it
exists), a Swedish club with a reminder policy (first reminder 10 days after the due date by
e-mail with the invoice PDF and SMS, 60 kr fee) and N open invoices of which M are overdue,
some people owing two (the invoices are copies of one posted invoice made in SQL, each
with its PDF, so that setting up 100,000 takes seconds). Then runs the daily job as the
cron does: the run is computed (selection and grouping) and sent in batches, one
transaction per batch: fee invoices posted, e-mails and SMS queued. Prints the figures,
the seconds and the SQL queries per reminder. Target on this 2-core machine: the daily run
of 100,000 open invoices with 20,000 overdue in under 3 minutes.

Machines differ by 2x from one day to the next, so the same process then reminds a slice
of people (``--baseline N``) the standard way of OCA's credit control: its run generates the
lines, and its channel action posts one e-mail per communication with the level's template
(``message_post_with_source``), without fees; the daily run's speed is printed as a
multiple of it.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import datetime
import pstats
import time

from benchdb import fresh_registry, swedish_company

RUN_DAY = datetime.date.today()  # the daily job runs today
DUE = RUN_DAY - datetime.timedelta(days=16)


def clone_invoices(env, template, partners_dues):
    """Copies of the posted ``template`` invoice, one per ``(partner, due date)``, with
    their journal items and the template's PDF, in a few SQL statements."""
    cr = env.cr
    cr.execute("CREATE TEMP TABLE bench_new (n int, partner_id int, due date, move_id int)")
    cr.execute(
        "INSERT INTO bench_new (n, partner_id, due) SELECT * FROM unnest(%s, %s, %s)",
        (
            list(range(1, len(partners_dues) + 1)),
            [p for p, _d in partners_dues],
            [d for _p, d in partners_dues],
        ),
    )
    cr.execute("UPDATE bench_new SET move_id = nextval('account_move_id_seq')")

    def columns(table, skip):
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            (table,),
        )
        return [name for (name,) in cr.fetchall() if name not in skip]

    move_override = {
        "id": "b.move_id",
        "name": "'BENCH/' || lpad(b.n::text, 7, '0')",
        "partner_id": "b.partner_id",
        "commercial_partner_id": "b.partner_id",
        "invoice_date_due": "b.due",
        "payment_reference": "'BENCH' || b.n",
        "sequence_number": "b.n",
        "sequence_prefix": "'BENCH/'",
    }
    move_cols = columns("account_move", set())
    cr.execute(
        f"""INSERT INTO account_move ({", ".join(f'"{c}"' for c in move_cols)})
            SELECT {", ".join(move_override.get(c, f'm."{c}"') for c in move_cols)}
              FROM bench_new b, account_move m WHERE m.id = %s""",
        (template.id,),
    )
    line_override = {
        "id": "nextval('account_move_line_id_seq')",
        "move_id": "b.move_id",
        "partner_id": "b.partner_id",
        "move_name": "'BENCH/' || lpad(b.n::text, 7, '0')",
        "date_maturity": "CASE WHEN l.date_maturity IS NULL THEN NULL ELSE b.due END",
    }
    line_cols = columns("account_move_line", set())
    cr.execute(
        f"""INSERT INTO account_move_line ({", ".join(f'"{c}"' for c in line_cols)})
            SELECT {", ".join(line_override.get(c, f'l."{c}"') for c in line_cols)}
              FROM bench_new b, account_move_line l WHERE l.move_id = %s""",
        (template.id,),
    )
    attachment_override = {"id": "nextval('ir_attachment_id_seq')", "res_id": "b.move_id"}
    attachment_cols = columns("ir_attachment", set())
    cr.execute(
        f"""INSERT INTO ir_attachment ({", ".join(f'"{c}"' for c in attachment_cols)})
            SELECT {", ".join(attachment_override.get(c, f'a."{c}"') for c in attachment_cols)}
              FROM bench_new b, ir_attachment a
             WHERE a.res_model = 'account.move' AND a.res_id = %s
               AND a.res_field = 'invoice_pdf_report_file'""",
        (template.id,),
    )
    cr.execute("DROP TABLE bench_new")
    env.invalidate_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--overdue", type=int, default=20_000)
    parser.add_argument("--db", default="bench_dunning")
    parser.add_argument(
        "--baseline", type=int, default=300, help="people reminded the OCA way (0: none)"
    )
    parser.add_argument("--profile", action="store_true", help="profile the first batch")
    parser.add_argument("--profile-lines", type=int, default=45)
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "account_dunning,l10n_se_bankgiro")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import Command, api  # noqa: PLC0415

    n, overdue = arguments.invoices, arguments.overdue
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        company, env = swedish_company(env, "Bench idrottsförening")
        env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        ).l10n_se_bankgiro = "991-2346"
        product = env["product.product"].create(
            {"name": "Medlemsavgift", "type": "service", "taxes_id": [Command.clear()]}
        )
        env["credit.control.policy"]._dunning_demo_policy(company.ids)
        policy = company.credit_policy_id
        print(f"policy: {', '.join(policy.level_ids.mapped('name'))}")

        # people: one invoice each, every fifth overdue person owes two
        start = time.perf_counter()
        people = n - overdue // 5
        partners = env["res.partner"]
        for first in range(0, people, 5000):
            partners |= env["res.partner"].create(
                [
                    {
                        "name": f"Medlem {i}",
                        "email": f"medlem{i}@example.se",
                        "mobile": f"070{i:07d}" if i % 3 else False,
                        "country_id": env.ref("base.se").id,
                    }
                    for i in range(first, min(first + 5000, people))
                ]
            )
            env.flush_all()
        template = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[0].id,
                "invoice_date": DUE - datetime.timedelta(days=30),
                "invoice_date_due": DUE,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 600.0})
                ],
            }
        )
        template.action_post()
        template.invoice_pdf_report_file = base64.b64encode(b"%PDF-1.4 bench invoice")
        env.flush_all()
        later = RUN_DAY + datetime.timedelta(days=30)
        ids = partners.ids
        plan = [(ids[i], DUE if i < overdue - overdue // 5 else later) for i in range(len(ids))]
        plan += [(ids[i], DUE) for i in range(overdue // 5)]  # a second overdue invoice
        plan = plan[: n - 1]
        clone_invoices(env, template, plan)
        cr.commit()
        cr.execute("ANALYZE")
        setup = time.perf_counter() - start
        print(f"setup: {n:,} open invoices, {overdue:,} overdue, in {setup:.0f} s")

        Run = env["credit.control.run"]
        queries = odoo.sql_db.sql_counter
        began = time.perf_counter()
        Run._cron_dunning_daily()
        cr.commit()
        run = Run.search([("company_id", "=", company.id)], order="id desc", limit=1)
        computed = time.perf_counter() - began
        print(f"compute: {len(run.communication_ids):,} reminders in {computed:.0f} s")
        left, profiler = True, cProfile.Profile() if arguments.profile else None
        while left:
            if profiler:
                profiler.enable()
            _done, left = Run.sudo().browse()._dunning_send_queued()
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(arguments.profile_lines)
                profiler = None
            cr.commit()
            env.invalidate_all()
        seconds = time.perf_counter() - began
        queries = odoo.sql_db.sql_counter - queries
        comms = run.communication_ids
        reminded = len(comms.filtered(lambda c: c.dunning_state == "done"))
        mails = env["mail.mail"].search_count([("model", "=", comms._name)])
        sms = env["sms.sms"].search_count([])
        fees = len(comms.fee_move_id)
        print(
            f"daily run: {reminded:,} reminders ({sum(comms.mapped('invoice_count')):,} "
            f"invoices), {fees:,} fee invoices, {mails:,} e-mails and {sms:,} SMS queued in "
            f"{seconds:.0f} s ({reminded / seconds:.0f} reminders/s), "
            f"{queries / max(reminded, 1):.1f} queries/reminder  target < 180 s"
        )

        b = arguments.baseline
        if b > 0:
            standard, count = oca_standard(env, company, product, b)
            ours, theirs = reminded / seconds, count / standard
            print(
                f"standard: {count:,} reminders the OCA way (its run, one "
                f"message_post_with_source per communication) in {standard:.1f} s "
                f"({theirs:.1f} reminders/s)"
            )
            print(
                f"multiple: {ours / theirs:.1f}×  (the daily run {ours:.1f} reminders/s, the "
                f"OCA way {theirs:.1f} reminders/s, in this process)"
            )


def oca_standard(env, company, product, count):
    """OCA credit control's own flow for ``count`` people of a unit of their own."""
    from odoo import Command  # noqa: PLC0415

    unit, env = swedish_company(env, "Bench baseline")
    env = env(context=dict(env.context, allowed_company_ids=(unit | company).ids))
    product = product.copy({"company_id": unit.id})
    policy = company.credit_policy_id.copy({"company_id": unit.id, "name": "Baseline"})
    policy.account_ids = env["account.account"].search(
        [
            *env["account.account"]._check_company_domain(unit),
            ("account_type", "=", "asset_receivable"),
        ]
    )
    for level in policy.level_ids:
        level.write({"fee_product_id": False, "fee_amount": 0, "send_sms": False})
    unit.credit_policy_id = policy
    partners = env["res.partner"].create(
        [{"name": f"Baseline {i}", "email": f"baseline{i}@example.se"} for i in range(count)]
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
                    "invoice_date": DUE - datetime.timedelta(days=30),
                    "invoice_date_due": DUE,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": 600.0})
                    ],
                }
                for partner in partners
            ]
        )
    )
    moves.action_post()
    env.cr.commit()
    began = time.perf_counter()
    run = (
        env["credit.control.run"]
        .with_company(unit)
        .create({"date": RUN_DAY, "company_id": unit.id, "policy_ids": [Command.set(policy.ids)]})
    )
    run.generate_credit_lines()
    run.set_to_ready_lines()
    run.run_channel_action()
    env.flush_all()
    env.cr.commit()
    return time.perf_counter() - began, len(run.line_ids.communication_id)


if __name__ == "__main__":
    main()
