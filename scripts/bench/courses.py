"""Benchmark of one more course registration on a club with a few years of courses.

    .venv/bin/python scripts/bench/courses.py [--courses 2000] [--registrations 20000]
                                              [--sessions 40000] [--samples 200]
                                              [--db bench_courses] [--baseline 200]

Creates a fresh database with event_course (dropped first if it exists) and a Swedish dance
club with two terms (last autumn, this spring), a tango category of three levels, a
second-course discount and a membership fee, then N courses (half of them last term's), M
registrations of 10,000 people (one invoice each, every 100th person's overdue, every tenth
with a credit of 600 from an earlier cancellation, every other one a member of this term,
everybody approved for the first level) and K sessions. Courses and people go through the
ORM in batches; the registrations, their invoices and the sessions are copies of one made
through the ORM, in SQL, so that setting it all up takes a minute or two.

Then, as the registration desk does it (a staff user of the club, one transaction each):
``--samples`` registrations of different people for different courses of this term, each
the checks (levels, overdue invoices and arrears, seats), the price (pricelist, discount for
a second course, membership fee, credit) and the invoice posted with the credit used and
the confirmation e-mail queued. Prints p50/p95/max server time and SQL queries per
registration (target: p95 under 200 ms).

Machines differ by 2x from one day to the next, so the same process then registers
``--baseline`` other people the standard Odoo way: a plain ``event.registration`` of an
event (no checks, no price) and a standard ``account.move`` create and post of its invoice
(the course fee), and prints the multiple.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import pstats
import statistics
import time

from benchdb import fresh_registry, swedish_company
from dunning import clone_invoices

TODAY = datetime.date.today()
PEOPLE = 10_000


def clone_rows(env, table, template_id, overrides, rows):
    """Copies of the row ``template_id`` of ``table``, one per row of ``rows`` (tuples of the
    temp table's columns ``n, a, b, c``), with ``overrides`` (column: SQL expression over
    ``t.n``, ``t.a``, ``t.b``, ``t.c``); the others copied from the template."""
    cr = env.cr
    cr.execute("CREATE TEMP TABLE bench_rows (n int, a int, b int, c int)")
    for first in range(0, len(rows), 50_000):
        chunk = rows[first : first + 50_000]
        cr.execute(
            "INSERT INTO bench_rows SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], "
            "%s::int[])",
            tuple(list(column) for column in zip(*chunk, strict=True)),
        )
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
    columns = [name for (name,) in cr.fetchall()]
    overrides = {"id": f"nextval('{table}_id_seq')", **overrides}
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(f'"{c}"' for c in columns)})
            SELECT {", ".join(overrides.get(c, f'x."{c}"') for c in columns)}
              FROM bench_rows t, {table} x WHERE x.id = %s""",
        (template_id,),
    )
    cr.execute("DROP TABLE bench_rows")
    env.invalidate_all()


def rename_clones(env, prefix):
    """Give the entries just copied by ``clone_invoices`` (named BENCH/n) names of their
    own, so that the next copies do not repeat them."""
    for table, column in (("account_move", "name"), ("account_move_line", "move_name")):
        env.cr.execute(
            f"UPDATE {table} SET {column} = %s || substr({column}, 7) WHERE {column} LIKE "
            "'BENCH/%%'",
            (prefix,),
        )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup(env, arguments):
    """The club, its courses, people, registrations, invoices and sessions; returns what the
    measurements need."""
    from odoo import Command  # noqa: PLC0415 (set up by fresh_registry)

    company, env = swedish_company(env, "Bench dansklubb")
    Period = env["membership.period"]
    autumn = Period.create(
        {
            "name": "Autumn",
            "company_id": company.id,
            "kind": "term",
            "date_start": TODAY - datetime.timedelta(days=190),
            "date_end": TODAY - datetime.timedelta(days=10),
        }
    )
    spring = Period.create(
        {
            "name": "Spring",
            "company_id": company.id,
            "kind": "term",
            "date_start": TODAY - datetime.timedelta(days=9),
            "date_end": TODAY + datetime.timedelta(days=170),
        }
    )
    product = env["product.product"]
    dues, fee = product.create(
        [
            {"name": "Medlemsavgift", "type": "service", "taxes_id": [Command.clear()]},
            {
                "name": "Kursavgift",
                "type": "service",
                "lst_price": 1000.0,
                "taxes_id": [Command.clear()],
            },
        ]
    )
    env["membership.fee.rule"].create(
        {"name": "Alla", "company_id": company.id, "product_id": dues.id, "amount": 100}
    )
    income = env["account.account"].search(
        [*env["account.account"]._check_company_domain(company), ("code", "=", "3010")], limit=1
    ) or env["account.account"].create(
        {"code": "3010", "name": "Kursavgifter", "account_type": "income"}
    )
    plan = env["account.analytic.plan"].create({"name": "Kostnadsställen"})
    company.sie_cost_centre_plan_id = plan
    analytic = env["account.analytic.account"].create(
        {"name": "Dans", "code": "20", "plan_id": plan.id, "company_id": company.id}
    )
    tango = env["event.course.category"].create(
        {
            "name": "Tango",
            "company_id": company.id,
            "income_account_id": income.id,
            "analytic_account_id": analytic.id,
        }
    )
    levels = env["event.course.level"].create(
        [{"name": f"Tango {i}", "category_id": tango.id, "sequence": i} for i in (1, 2, 3)]
    )
    env["event.course.discount.rule"].create(
        {"name": "Andra kursen", "company_id": company.id, "amount": 200}
    )

    began = time.perf_counter()
    n_courses = arguments.courses
    half = n_courses // 2
    courses = env["event.event"]
    for first in range(0, n_courses, 500):
        vals_list = []
        for i in range(first, min(first + 500, n_courses)):
            past = i < half
            start = datetime.datetime.combine(TODAY, datetime.time(17)) + datetime.timedelta(
                days=(-170 if past else 10) + i % 30
            )
            vals_list.append(
                {
                    "name": f"Kurs {i}",
                    "is_course": True,
                    "company_id": company.id,
                    "date_begin": start,
                    "date_end": start + datetime.timedelta(days=70, hours=1, minutes=30),
                    "date_tz": "Europe/Stockholm",
                    "course_category_id": tango.id,
                    "course_level_id": levels[1 if i % 4 == 0 else 0].id,
                    "required_level_ids": [Command.set(levels[0].ids if i % 4 == 0 else [])],
                    "term_id": (autumn if past else spring).id,
                    "course_product_id": fee.id,
                    "seats_limited": not past,
                    "seats_max": 0 if past else 40,
                    "course_published": not past,
                }
            )
        courses |= courses.create(vals_list)
        env.flush_all()
    past_courses, courses_now = courses[:half], courses[half:]
    people = env["res.partner"]
    for first in range(0, PEOPLE, 5000):
        people |= people.create(
            [
                {
                    "name": f"Dansare {i}",
                    "email": f"dansare{i}@example.se",
                    "birthdate": datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                    "organisation_ids": [Command.set(company.ids)],
                }
                for i in range(first, min(first + 5000, PEOPLE))
            ]
        )
        env.flush_all()
    env["event.course.level.approval"].create(
        [{"partner_id": p.id, "level_id": levels[0].id} for p in people]
    )
    env["membership.membership_line"].with_context(membership_no_auto_invoice=True).create(
        [{"partner": p.id, "period_id": spring.id, "date": spring.date_start} for p in people[::2]]
    )
    env.flush_all()
    print(
        f"setup: {len(courses):,} courses, {len(people):,} people through the ORM in "
        f"{time.perf_counter() - began:.0f} s"
    )

    # registrations: person k takes last term's course k % half and this term's
    # (7k + 3) % half, until there are as many as asked for
    began = time.perf_counter()
    Registration = env["event.registration"].with_context(event_course_registering=True)
    template = Registration.create(
        {
            "event_id": past_courses[0].id,
            "partner_id": people[0].id,
            "name": people[0].name,
            "state": "done",
        }
    )
    template_session = env["event.course.session"].create(
        {
            "event_id": past_courses[0].id,
            "date_begin": past_courses[0].date_begin,
            "date_end": past_courses[0].date_begin + datetime.timedelta(hours=1, minutes=30),
        }
    )
    env.flush_all()
    rows = []
    taken = {}
    for n in range(1, arguments.registrations):
        k = n % PEOPLE
        course = (
            past_courses[k % half] if n < PEOPLE else courses_now[(7 * k + 3) % len(courses_now)]
        )
        rows.append((n, k, course.id, 1 if n < PEOPLE else 0))
        taken.setdefault(k, set()).add(course.id)
    person_ids = people.ids
    env.cr.execute(
        "CREATE TEMP TABLE bench_people AS SELECT * FROM unnest(%s::int[], %s::int[]) "
        "AS p(k, partner_id)",
        (list(range(PEOPLE)), person_ids),
    )
    term_of = {c.id: c.term_id.id for c in courses}
    env.cr.execute(
        "CREATE TEMP TABLE bench_terms AS SELECT * FROM unnest(%s::int[], %s::int[]) "
        "AS c(event_id, term_id)",
        (list(term_of), list(term_of.values())),
    )
    clone_rows(
        env,
        "event_registration",
        template.id,
        {
            "event_id": "t.b",
            "partner_id": "(SELECT partner_id FROM bench_people WHERE k = t.a)",
            "name": "'Dansare ' || t.a",
            "email": "'dansare' || t.a || '@example.se'",
            "barcode": "'9' || lpad(t.n::text, 15, '0')",
            "state": "CASE WHEN t.c = 1 THEN 'done' ELSE 'open' END",
            "course_term_id": "(SELECT term_id FROM bench_terms WHERE event_id = t.b)",
            "course_returning": "t.c = 0",
        },
        rows,
    )
    # sessions: spread over the courses, weekly from each course's start
    per_course = max(1, arguments.sessions // len(courses))
    session_rows = [
        (n, course.id, week, 0)
        for n, (course, week) in enumerate(
            ((course, week) for course in courses for week in range(per_course)), 1
        )
        if n < arguments.sessions
    ]
    clone_rows(
        env,
        "event_course_session",
        template_session.id,
        {
            "event_id": "t.a",
            "date_begin": "(SELECT date_begin FROM event_event WHERE id = t.a) + t.b * "
            "interval '7 days'",
            "date_end": "(SELECT date_begin FROM event_event WHERE id = t.a) + t.b * "
            "interval '7 days' + interval '90 minutes'",
        },
        session_rows,
    )
    # one invoice per registration (every 100th person's overdue), a credit of 600 for
    # every tenth person
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": people[0].id,
            "invoice_date": TODAY - datetime.timedelta(days=20),
            "invoice_date_due": TODAY + datetime.timedelta(days=10),
            "invoice_payment_term_id": False,
            "invoice_line_ids": [Command.create({"product_id": fee.id, "price_unit": 1000.0})],
        }
    )
    invoice.action_post()
    credit = env["account.move"].create(
        {
            "move_type": "out_refund",
            "partner_id": people[0].id,
            "invoice_date": TODAY - datetime.timedelta(days=60),
            "invoice_line_ids": [Command.create({"product_id": fee.id, "price_unit": 600.0})],
        }
    )
    credit.action_post()
    env.flush_all()
    due, overdue = TODAY + datetime.timedelta(days=10), TODAY - datetime.timedelta(days=5)
    clone_invoices(
        env,
        invoice,
        [(person_ids[k], overdue if k % 100 == 0 else due) for _n, k, _c, _p in rows],
    )
    rename_clones(env, "BENCH-I/")
    clone_invoices(
        env, credit, [(person_ids[k], credit.invoice_date_due) for k in range(3, PEOPLE, 10)]
    )
    rename_clones(env, "BENCH-C/")
    env.cr.execute("DROP TABLE bench_people")
    env.cr.execute("DROP TABLE bench_terms")
    env.invalidate_all()
    env.cr.commit()
    env.cr.execute("ANALYZE")
    env.cr.execute(
        "SELECT (SELECT count(*) FROM event_registration), "
        "(SELECT count(*) FROM event_course_session), "
        "(SELECT count(*) FROM account_move WHERE move_type IN ('out_invoice', 'out_refund'))"
    )
    registrations, sessions, moves = env.cr.fetchone()
    print(
        f"setup: {registrations:,} registrations, {sessions:,} sessions, {moves:,} invoices "
        f"and credit notes in SQL in {time.perf_counter() - began:.0f} s"
    )
    staff = env["res.users"].create(
        {
            "name": "Kansliet",
            "login": "bench_staff",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("association_base.group_association_user").id,
                    ]
                )
            ],
        }
    )
    env.cr.commit()
    return company, staff, courses_now, people, taken, fee


def measure(env, staff, courses, people, taken, count, profiler):
    """Register ``count`` people, each for a course of this term they do not take, as
    ``staff``, one transaction each: (seconds, queries) of each registration."""
    import odoo  # noqa: PLC0415

    as_staff = env(user=staff.id, context={"allowed_company_ids": staff.company_ids.ids})
    courses = courses.with_env(as_staff)
    results = []
    k = 1
    for i in range(count):
        # people with no overdue invoice, each once; members and not, with credit and not
        k = (k + 37) % PEOPLE
        while k % 100 == 0:
            k = (k + 1) % PEOPLE
        course = courses[(13 * i + 5) % len(courses)]
        while course.id in taken.get(k, ()):
            course = courses[(courses.ids.index(course.id) + 1) % len(courses)]
        person = people[k].with_env(as_staff)
        env.invalidate_all()
        queries = odoo.sql_db.sql_counter
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        course._course_register([{"partner": person}])
        as_staff.flush_all()
        as_staff.cr.commit()
        if profiler:
            profiler.disable()
        results.append((time.perf_counter() - began, odoo.sql_db.sql_counter - queries))
        taken.setdefault(k, set()).add(course.id)
    return results


def standard(env, company, fee, count):
    """The standard Odoo way for ``count`` new people: a registration of a plain event and
    the invoice of its fee created and posted, one transaction each: seconds of each."""
    from odoo import Command  # noqa: PLC0415

    # without the events' confirmation e-mail (its PDF ticket): the course's confirmation
    # is a plain e-mail, rendered on the measured path
    event = env["event.event"].create(
        {
            "name": "Vanligt evenemang",
            "company_id": company.id,
            "event_mail_ids": [Command.clear()],
            "date_begin": datetime.datetime.combine(TODAY, datetime.time(17))
            + datetime.timedelta(days=10),
            "date_end": datetime.datetime.combine(TODAY, datetime.time(19))
            + datetime.timedelta(days=80),
        }
    )
    people = env["res.partner"].create(
        [
            {
                "name": f"Gäst {i}",
                "email": f"gast{i}@example.se",
                "organisation_ids": [Command.set(company.ids)],
            }
            for i in range(count)
        ]
    )
    env.cr.commit()
    env = env(context={"allowed_company_ids": company.ids})
    seconds = []
    for person in people.with_env(env):
        env.invalidate_all()
        began = time.perf_counter()
        env["event.registration"].create(
            {"event_id": event.id, "partner_id": person.id, "name": person.name}
        )
        move = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": person.id,
                "invoice_date": TODAY,
                "invoice_line_ids": [Command.create({"product_id": fee.id, "price_unit": 1000})],
            }
        )
        move.action_post()
        env.flush_all()
        env.cr.commit()
        seconds.append(time.perf_counter() - began)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=2_000)
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=40_000)
    parser.add_argument("--samples", type=int, default=200, help="registrations measured")
    parser.add_argument("--db", default="bench_courses")
    parser.add_argument("--baseline", type=int, default=200, help="registrations the standard way")
    parser.add_argument("--profile", action="store_true", help="profile the registrations")
    parser.add_argument("--sort", default="cumulative", help="profile order (pstats)")
    parser.add_argument("--lines", type=int, default=50, help="profile lines printed")
    parser.add_argument("--dump", help="also save the profile to this file (pstats)")
    arguments = parser.parse_args()
    registry = fresh_registry(arguments.db, "event_course")
    import odoo  # noqa: PLC0415 (set up by fresh_registry)
    from odoo import api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        company, staff, courses, people, taken, fee = setup(env, arguments)
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        profiler = cProfile.Profile() if arguments.profile else None
        results = measure(env, staff, courses, people, taken, arguments.samples, profiler)
        if profiler:
            stats = pstats.Stats(profiler)
            if arguments.dump:
                stats.dump_stats(arguments.dump)
            stats.sort_stats(arguments.sort).print_stats(arguments.lines)
        times = [seconds * 1000 for seconds, _queries in results]
        queries = [count for _seconds, count in results]
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(
            f"registration: {len(results)} people for courses of this term (checks, price, "
            f"invoice posted with credit, confirmation queued): p50 {p50:.0f} ms, p95 "
            f"{p95:.0f} ms, max {max(times):.0f} ms; {statistics.mean(queries):.0f} queries "
            f"per registration (max {max(queries)})  target p95 < 200 ms"
        )
        if arguments.baseline > 0:
            seconds = standard(env, company, fee, arguments.baseline)
            standard_times = [s * 1000 for s in seconds]
            s50, s95 = statistics.median(standard_times), percentile(standard_times, 0.95)
            print(
                f"standard: {len(seconds)} plain event registrations with a standard invoice "
                f"created and posted: p50 {s50:.0f} ms, p95 {s95:.0f} ms"
            )
            print(
                f"multiple: a course registration takes {p50 / s50:.2f}× (p50) and "
                f"{p95 / s95:.2f}× (p95) the time of the standard one, in this process"
            )


if __name__ == "__main__":
    main()
