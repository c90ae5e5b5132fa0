"""A living demo: what a season of the demo associations looks like after it happened.

Run by scripts/run once, on the database it has just created with the addons' demo data, as
`odoo-bin shell` input (``env`` is the shell's environment). Everything goes through the
product's own flows, as the staff would do it: the dues of 2026 are invoiced by a billing
run (its background jobs performed here), the members pay part of them with a BgMax file
from Bankgirot imported into the bank journal, those who had not paid get a reminder, and the
treasurer exports the year as SIE 4. The dance club's last and current terms are played
around the day it runs: a course taken and approved, registrations paid, one cancelled.
"""

import base64
import datetime
import logging
import os

from odoo import Command

from nordic_formats.se import bgmax

_logger = logging.getLogger("demo_scenario")

env = env(context=dict(env.context, queue_job__no_delay=True, tracking_disable=True))  # noqa: F821

se = env.ref("association_base.company_se_association")
no = env.ref("association_base.company_no_association")


def journal(company, kind):
    return env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", kind)], limit=1
    )


def account(company, code):
    # an account's code is per company (the current one's is searched)
    Account = env["account.account"].with_company(company)
    return Account.search([*Account._check_company_domain(company), ("code", "=", code)], limit=1)


# -- how the associations are set up ---------------------------------------------------------
for company in se | no:
    company.billing_payment_days = 30
se_bank = journal(se, "bank")
bankgiro = False
if "l10n_se_bankgiro" in se_bank._fields:  # l10n_se_bankgiro's demo gave it Bankgirot's number
    se_bank = env["account.journal"].search(
        [("company_id", "=", se.id), ("type", "=", "bank"), ("l10n_se_bankgiro", "!=", False)],
        limit=1,
    )
    bankgiro = se_bank.l10n_se_bankgiro.replace("-", "")
# Odoo's own example companies of the Swedish and Norwegian charts would sit next to the
# associations in the company switcher: the demo has no use for them
for xmlid in ("base.demo_company_se", "base.demo_company_no"):
    example = env.ref(xmlid, raise_if_not_found=False)
    if example:
        env["res.users"].with_context(active_test=False).search(
            [("company_ids", "in", example.ids)]
        ).write({"company_ids": [(3, example.id)]})
        example.active = False
# an association's dues are outside the scope of VAT: booked as VAT-free income (BAS 3004
# "Försäljning inom Sverige, momsfri", NS 4102 3120 "Salgsinntekt tjenester, avgiftsfri"),
# not on the 25 % sales account the charts give products by default
if "membership.fee.rule" in env:
    for company, code in ((se, "3004"), (no, "3120")):
        for rule in env["membership.fee.rule"].search([("company_id", "child_of", company.id)]):
            unit = rule.company_id
            rule.product_id.with_company(unit).property_account_income_id = account(unit, code)


# Göteborgs Segelsällskap collects by Autogiro on its bankgiro journal (l10n_se_autogiro's
# demo: Bankgirot's example agreement, Karin Johansson's mandate active): Karin gets her
# invoices by direct debit
if "autogiro.payee" in env:
    env.ref("l10n_se_autogiro.payee_se_association").journal_id = se_bank
    env["account.payment.mode"].create(
        {
            "name": "Autogiro",
            "company_id": se.id,
            "payment_method_id": env.ref("l10n_se_autogiro.payment_method_autogiro").id,
            "bank_account_link": "fixed",
            "fixed_journal_id": se_bank.id,
            "payment_order_ok": True,
            "default_date_prefered": "due",
        }
    )
    env.ref("association_base.person_karin").with_company(se).billing_channel = "direct_debit"


# Bergen Turlag collects by AvtaleGiro on the bank journal of Nets' files (l10n_no_nets'
# demo: Nets' example account and customer unit, Ingrid Hansen's agreement active): Ingrid
# gets her invoices by direct debit
if "l10n_no_nets_customer_unit" in env["account.journal"]._fields:
    nets_bank = env["account.journal"].search(
        [("company_id", "=", no.id), ("l10n_no_nets_customer_unit", "!=", False)], limit=1
    )
    env["account.payment.mode"].create(
        {
            "name": "AvtaleGiro",
            "company_id": no.id,
            "payment_method_id": env.ref("l10n_no_nets.payment_method_avtalegiro").id,
            "bank_account_link": "fixed",
            "fixed_journal_id": nets_bank.id,
            "payment_order_ok": True,
            "default_date_prefered": "due",
        }
    )
    env.ref("association_base.person_ingrid").with_company(no).billing_channel = "direct_debit"


# -- the dues of 2026, invoiced by a billing run of each association ------------------------------
def dues_run(company, period, **vals):
    vals = vals or {
        "source": "membership",
        "membership_period_id": period.id,
        "invoice_date": datetime.date(2026, 1, 15),
        "invoice_date_due": datetime.date(2026, 2, 14),
    }
    run = (
        env["account.billing.run"].with_company(company).create({"company_id": company.id, **vals})
    )
    run.action_compute()
    run.action_confirm()  # the jobs run at once here (queue_job__no_delay)
    _logger.info("billing run %s: %s, %s invoices", run.name, run.state, run.invoiced_count)
    return run


def log_next_collection(company):
    collection = env["account.payment.order"].search(
        [("company_id", "=", company.id), ("direct_debit", "=", True), ("state", "=", "draft")]
    )
    _logger.info(
        "next %s collection %s: %s",
        collection.payment_method_id.name,
        collection.name,
        collection.payment_line_ids.move_id.mapped("name"),
    )


run = dues_run(se, env.ref("membership_period.period_se_2026"))
dues_run(no, env.ref("membership_period.period_no_2026"))
if "l10n_no_nets_customer_unit" in env["account.journal"]._fields:
    # Ingrid's dues are deducted by her employer; the summer trip she signed up for is
    # collected by AvtaleGiro: its invoice waits in Bergen Turlag's next collection
    trip = (
        env["account.move"]
        .with_company(no)
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": env.ref("association_base.person_ingrid").id,
                "invoice_date": datetime.date(2026, 5, 2),
                "invoice_date_due": datetime.date(2026, 6, 1),
                "billing_channel": "direct_debit",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Fellestur Hardangervidda, juni 2026",
                            "quantity": 1,
                            "price_unit": 1200.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
    )
    trip.action_post()
    trip._direct_debit_enqueue()
    log_next_collection(no)
if "autogiro.payee" in env:
    log_next_collection(se)

# -- Bankgirot's BgMax file: two members paid in full, one paid half -----------------------------
# (not those who pay by Autogiro: their invoices wait in the next collection)
invoices = run.line_ids.filtered(lambda line: line.channel != "direct_debit").invoice_id.sorted(
    "id"
)
paying = [(invoice, invoice.amount_residual) for invoice in invoices[:2]]
if len(invoices) > 2:
    paying.append((invoices[2], invoices[2].amount_residual / 2))
if bankgiro and paying:
    content = bgmax.deposit_file(
        bankgiro,
        datetime.date(2026, 2, 10),
        [(invoice.payment_reference, round(amount * 100)) for invoice, amount in paying],
    )
    env["account.statement.import"].with_company(se).with_context(journal_id=se_bank.id).create(
        {"statement_file": base64.b64encode(content), "statement_filename": "BGMAX_20260210.txt"}
    ).import_file_button()
    _logger.info("BgMax file imported: %s", invoices.mapped("payment_state"))

# -- reminders: who had not paid by 25 February got the first reminder (e-mail, SMS, fee) -----
if "credit.control.run" in env:
    env["credit.control.policy"]._dunning_demo_policy((se | no).ids)
    # a reminder fee pays for no goods or services, it is outside the scope of VAT: booked
    # without tax as other operating income (BAS and NS 4102 both: 3900), not as sales
    for company in se | no:
        fee = company.credit_policy_id.level_ids.fee_product_id.with_company(company)
        fee.property_account_income_id = account(company, "3900")
    for company, day in ((se, datetime.date(2026, 2, 25)), (no, datetime.date(2026, 3, 2))):
        reminders = (
            env["credit.control.run"]
            .with_company(company)
            .create({"company_id": company.id, "date": day})
        )
        reminders.action_dunning_compute()
        if reminders.communication_ids:
            reminders.action_dunning_send()
            reminders._dunning_send_queued()
        _logger.info(
            "reminder run of %s: %s, %s reminders",
            company.name,
            reminders.dunning_state,
            len(reminders.communication_ids),
        )

# -- the union's deduction lists of March 2026: its employer deducts the dues from pay ----------
if "payroll.deduction.list" in env and env["payroll.employer"].search_count(
    [("company_id", "=", no.id)]
):
    deductions = dues_run(
        no,
        None,
        source="deduction",
        deduction_month=datetime.date(2026, 3, 1),
        invoice_date=datetime.date(2026, 3, 10),
        invoice_date_due=datetime.date(2026, 3, 31),
    )
    _logger.info("deduction lists: %s", deductions.deduction_list_ids.mapped("state"))

# -- Göteborgs Dansklubb's terms: Maria and Anders, tango partners ------------------------------
# (event_course's demo: the club, its staff and course leader, Maria and Anders, the term's
# membership fee of 100, tango in three levels, 200 off a further course of a term, the
# cancellation terms.) Last term Maria and Anders took Tango Nybörjare together and were
# approved for Tango 1 at its end; this term Maria is on Milonga, and cancelled a weekend
# workshop she had paid 800 for (200 fee: 600 kept as her credit). Tango Fortsättare (needs
# Tango 1) and Milonga are on the club's course catalogue, where Maria's personal link brings
# her to register with Anders. The dates are around the day the database is made.
if "event.course.session" in env:
    club = env.ref("event_course.company_dance_club")
    maria = env.ref("event_course.person_maria")
    anders = env.ref("event_course.person_anders")
    staff = env.ref("event_course.user_dance_staff")
    leader = env.ref("event_course.user_dance_leader")
    tango = env.ref("event_course.category_tango")
    course_fee = env.ref("event_course.product_dance_course")
    today = datetime.date.today()
    days = datetime.timedelta

    # course fees on an account of their own (VAT-free: courses of a non-profit club), the
    # term's membership fee VAT-free like the other associations' dues
    income = account(club, "3010") or env["account.account"].with_company(club).create(
        {"code": "3010", "name": "Kursavgifter, dans", "account_type": "income"}
    )
    tango.income_account_id = income
    env.ref("event_course.product_dance_membership").with_company(
        club
    ).property_account_income_id = account(club, "3004")
    club_bank = journal(club, "bank")
    if "l10n_se_bankgiro" in club_bank._fields:
        # Anders's invoice shows the Bankgiro number and an OCR number
        env["account.journal"]._l10n_se_demo_bankgiro()

    def term(start, end):
        middle = start + (end - start) / 2
        season = "Vårtermin" if middle.month < 7 else "Hösttermin"
        return env["membership.period"].create(
            {
                "name": f"{season} {middle.year}",
                "company_id": club.id,
                "kind": "term",
                "date_start": start,
                "date_end": end,
            }
        )

    last_term = term(today - days(200), today - days(22))
    this_term = term(today - days(21), today + days(150))

    def course(name, period, first_day, weeks, hour, duration=1.5, **vals):
        """A tango course of ``period`` taught by the leader, its sessions planned by the
        weekly schedule from ``first_day`` (its weekday) at ``hour`` local time (the course
        then runs from its first session to its last)."""
        begin = datetime.datetime.combine(first_day, datetime.time(int(hour)))
        new = (
            env["event.event"]
            .with_company(club)
            .create(
                {
                    "name": name,
                    "is_course": True,
                    "company_id": club.id,
                    "user_id": staff.id,
                    "address_id": club.partner_id.id,
                    "date_tz": "Europe/Stockholm",
                    "date_begin": begin,
                    "date_end": begin + days(hours=duration),
                    "course_category_id": tango.id,
                    "term_id": period.id,
                    "course_product_id": course_fee.id,
                    "teacher_ids": [Command.set(leader.ids)],
                    "seats_limited": True,
                    "seats_max": 20,
                    **vals,
                }
            )
        )
        env["event.course.session.plan"].create(
            {
                "event_id": new.id,
                "weekday": str(first_day.weekday()),
                "start_time": hour,
                "duration": duration,
                "weeks": weeks,
                "date_first": first_day,
            }
        ).action_plan()
        return new

    # last term: Tango Nybörjare, weekly at 19:00; its registrations were made before the club
    # kept its books here (no invoices)
    nyborjare = course(
        "Tango Nybörjare",
        last_term,
        last_term.date_start + days(14),
        8,
        19.0,
        course_level_id=env.ref("event_course.level_tango_1").id,
    )
    Registration = env["event.registration"].with_context(event_course_registering=True)
    together = Registration.create(
        {
            "event_id": nyborjare.id,
            "partner_id": maria.id,
            "course_role": "follower",
            "state": "open",
        }
    )
    together |= Registration.create(
        {
            "event_id": nyborjare.id,
            "partner_id": anders.id,
            "course_role": "leader",
            "state": "open",
            "course_partner_registration_id": together.id,
        }
    )
    together[0].course_partner_registration_id = together[1]
    # the leader took attendance at each session on their phone (Anders missed one) and
    # approved both for Tango 1 at the end
    as_leader = env(user=leader.id, context=dict(env.context, allowed_company_ids=club.ids))
    for number, session in enumerate(nyborjare.course_session_ids.sorted("date_begin")):
        session = session.with_env(as_leader)
        for registration in together.with_env(as_leader):
            session._course_attendance_tap(registration)
            if number == 3 and registration.partner_id == anders:
                session._course_attendance_tap(registration)  # absent
    approve = (
        as_leader["event.course.level.approve"]
        .with_context(default_event_id=nyborjare.id)
        .create({})
    )
    approve.line_ids.approve = True
    approve.action_approve()
    together.action_set_done()
    nyborjare.stage_id = env.ref("event.event_stage_done")

    # this term: Tango Fortsättare (needs Tango 1, leaders and followers balanced) from today,
    # Milonga from next week, a weekend workshop in one to two weeks
    fortsattare = course(
        "Tango Fortsättare",
        this_term,
        today,
        10,
        19.0,
        course_level_id=env.ref("event_course.level_tango_2").id,
        required_level_ids=[Command.set(env.ref("event_course.level_tango_1").ids)],
        course_role_balance=True,
        course_role_margin=2,
        course_published=True,
    )
    milonga = course(
        "Milonga",
        this_term,
        today + days(7 + (3 - today.weekday()) % 7),  # a Thursday next week or after
        8,
        20.5,
        duration=2.0,
        course_published=True,
    )
    workshop = course(
        "Tangohelg med livemusik",
        this_term,
        today + days(8 + (5 - (today + days(8)).weekday()) % 7),  # a Saturday 8 to 14 days on
        1,
        10.0,
        duration=6.0,
        course_published=True,
    )

    (fortsattare | milonga | workshop).stage_id = env.ref("event.event_stage_announced")

    def pay(invoice):
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": club_bank.id, "payment_date": today}).action_create_payments()

    # Maria registered for Milonga (with the term's membership: 1100) and paid; then for the
    # workshop (her second course: 1000 less 200), paid 800, and cancelled it less than two
    # weeks before: 200 fee, 600 stays as her credit
    pay(milonga._course_register([{"partner": maria, "pay": "invoice"}]).course_invoice_id)
    cancelled = workshop._course_register([{"partner": maria, "pay": "invoice"}])
    pay(cancelled.course_invoice_id)
    cancelled._course_cancel()

    # card payments on the course pages: the demo provider (payment_demo, installed on demo
    # databases), published for the club
    provider = env.ref("payment.payment_provider_demo", raise_if_not_found=False)
    if provider and provider.code == "demo":
        provider.copy({"company_id": club.id, "state": "test", "is_published": True})
    link = maria._course_invite_url(club, days=365)
    print(f"Maria Svensson's personal link to Göteborgs Dansklubb's courses: {link}")
    if os.environ.get("DEMO_LINKS_FILE"):
        with open(os.environ["DEMO_LINKS_FILE"], "w", encoding="utf-8") as links:
            links.write(f"{link}\n")
    _logger.info(
        "courses of %s: %s; Maria's credit %s",
        club.name,
        (fortsattare | milonga | workshop | nyborjare).mapped("name"),
        -sum(fortsattare._course_credit(maria).mapped("amount_residual")),
    )

# -- the treasurer's SIE 4 export of 2026 ---------------------------------------------------------
if "l10n_se_sie4.export.wizard" in env:
    env["l10n_se_sie4.export.wizard"].with_company(se).create(
        {"company_id": se.id, "fiscal_year_date": datetime.date(2026, 6, 30)}
    ).action_export()
    _logger.info("SIE export of 2026 made")

env.cr.commit()
