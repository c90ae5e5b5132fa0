"""The access matrix: every model of the project's addons × every role.

Organisation A (with a branch) and organisation B each hold one record of every model. Each
role of A (staff, manager, billing user, accountant), staff of A's branch, staff of B, a
portal member of A and the public user try to read, search, group, write, create and delete
A's and B's records. What a role may do with A's records is written in MATRIX; nobody but a
platform administrator may do anything with another organisation's records.

The test lives here because this addon sees the member register and the billing runs; the
models of the project's addons that do not depend on it (payment import, SIE) are checked
when they are installed, as they are by scripts/test. A model of the project without a line
in MATRIX fails the test: a new model must say who may do what.
"""

import os
from datetime import date
from itertools import count

from odoo import Command
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged

from .common import MembershipCommon

ROLES = ("staff", "manager", "billing", "accountant", "branch", "staff_b", "portal", "public")
# with event_course: a course leader of A (an internal user of A and a course leader, nothing
# else), the teacher of A's courses of the matrix
COURSE_ROLES = ("leader",)
INTERNAL_READ = dict.fromkeys(
    ("staff", "manager", "billing", "accountant", "branch", "leader"), "r"
)

# model: {role: operations allowed on organisation A's record}; r = read, search and group,
# w = write, c = create, u = delete. Missing roles may do nothing. "global": the model holds
# no organisation data (one record for everybody; there is no B record).
MATRIX = {
    "association.customer.type": {
        "global": True,
        **INTERNAL_READ,
        "staff_b": "r",
        "portal": "r",
    },
    "membership.work.situation": {
        "global": True,
        **INTERNAL_READ,
        "staff_b": "r",
        "portal": "r",
    },
    # a course leader is an internal user of A: like every internal user, they read A's
    # people, their certificates, memberships and Autogiro mandates, and the set-up of
    # periods, fee and deduction rules (the internal users' access rules of those models)
    "association.certificate": {
        "staff": "rwc",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    # the log of lookups by identity number: written by the lookups only, read by managers
    "association.person.lookup": {"manager": "r"},
    # anybody of an organisation adds people, connected to their own organisation
    "res.partner": {
        "staff": "rwcu",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "branch": "c",
        "staff_b": "c",
        "leader": "r",
    },
    "membership.period": {
        "staff": "r",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    "membership.fee.rule": {
        "staff": "r",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    "membership.membership_line": {
        "staff": "rwcu",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    "report.membership": {"staff": "r", "manager": "r"},
    "account.billing.run": {"billing": "rwcu", "accountant": "rwcu"},
    # lines are made by computing a run, never created by hand
    "account.billing.run.line": {"billing": "rwu", "accountant": "rwu"},
    "account.payment.import": {"accountant": "rwc"},
    "account.payment.import.line": {"accountant": "rwc"},
    "l10n_se_sie4.export": {"accountant": "rc"},
    # payroll_deduction: staff keep the employments, managers the rules; lists are made by
    # billing runs (nobody creates or changes one by hand); returned files are imported by
    # the billing side, whose lines are made by the import and only followed up by hand
    "payroll.employer": {"staff": "rwc", "manager": "rwcu", "billing": "r", "accountant": "r"},
    "payroll.employment": {
        "staff": "rwcu",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
    },
    "payroll.deduction.rule": {
        "staff": "r",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    "payroll.deduction.addon": {
        "staff": "r",
        "manager": "rwcu",
        "billing": "r",
        "accountant": "r",
        "leader": "r",
    },
    "payroll.deduction.list": {"staff": "r", "manager": "r", "billing": "r", "accountant": "r"},
    "payroll.deduction.list.line": {
        "staff": "r",
        "manager": "r",
        "billing": "r",
        "accountant": "r",
    },
    "payroll.deduction.import": {"billing": "rwc", "accountant": "rwc"},
    "payroll.deduction.import.line": {"billing": "rw", "accountant": "rw"},
    # account_dunning: the legal fee caps are the same for everybody; billing users send
    # reminders, accountants also set the policies
    "account.dunning.fee.cap": {"global": True, **INTERNAL_READ, "staff_b": "r"},
    "credit.control.policy": {"billing": "r", "accountant": "rwcu"},
    "credit.control.run": {"billing": "rwcu", "accountant": "rwcu"},
    # l10n_se_autogiro: accountants set up the agreement (a branch reads its parent's);
    # billing users register and send mandates and import Bankgirot's reports; staff read
    # the mandates of their organisation's people
    "autogiro.payee": {**INTERNAL_READ, "accountant": "rwc"},
    "account.banking.mandate": {
        "staff": "r",
        "manager": "r",
        "billing": "rwc",
        "accountant": "rwc",
        "leader": "r",
    },
    # a file is kept as it was written or received (only its delivery is noted later)
    "autogiro.file": {"billing": "rc", "accountant": "rc"},
    "autogiro.file.line": {"billing": "rwc", "accountant": "rwc"},
    # l10n_no_nets: billing users import Nets' AvtaleGiro agreement files and follow them up,
    # and write the claim files of their collections; a file is kept as it was
    "avtalegiro.file": {"billing": "rc", "accountant": "rc"},
    "avtalegiro.file.line": {"billing": "rwc", "accountant": "rwc"},
    # event_course: organisation users run the courses (levels approved, sessions and
    # attendance), managers also set up categories, levels and discounts; a course leader
    # reads the categories and levels, takes attendance at the sessions of the courses they
    # lead (changing a session, not adding or deleting one) and approves their participants
    # (with the wizard: approvals are read only)
    "event.course.category": {**INTERNAL_READ, "branch": "", "manager": "rwcu"},
    "event.course.level": {**INTERNAL_READ, "branch": "", "manager": "rwcu"},
    "event.course.level.approval": {"staff": "rwc", "manager": "rwcu", "leader": "r"},
    "event.course.discount.rule": {"staff": "r", "manager": "rwcu"},
    "event.course.session": {"staff": "rwcu", "manager": "rwcu", "leader": "rw"},
    "event.course.attendance": {"staff": "rwcu", "manager": "rwcu", "leader": "rwc"},
    # staff keep the waiting lists (offer, withdraw); the history stays: managers delete
    "event.course.waitlist": {"staff": "rwc", "manager": "rwcu"},
    "event.course.cancellation.terms": {"staff": "r", "manager": "rwcu"},
    "event.course.cancellation.tier": {"staff": "r", "manager": "rwcu"},
    # the revenue per course (a view of posted invoice lines): finance and organisation
    # managers read it; the registration desk and course leaders do not
    "event.course.revenue.report": {"manager": "r", "billing": "r", "accountant": "r"},
    # the evaluation and invitation jobs write what they sent; staff read it, a course
    # leader the evaluations of the courses they lead
    "event.course.evaluation": {"staff": "r", "manager": "r", "leader": "r"},
    "event.course.invitation": {"staff": "r", "manager": "r"},
}

# Fields of A's own records that some of A's roles may still not read.
SENSITIVE = {
    ("res.partner", "organisation_ids"): ("staff", "manager", "billing", "accountant"),
    ("res.partner", "national_id"): ("billing", "accountant"),
    ("payroll.deduction.list.line", "national_id"): ("billing", "accountant"),
    ("payroll.deduction.import.line", "national_id"): ("billing", "accountant"),
    ("autogiro.file.line", "id_number"): ("billing", "accountant"),
}


class _RolledBack(Exception):
    """Raised to roll an operation that went through back."""


def _project_addons():
    """Names of the addons of this project (the folder this addon is in)."""
    folder = os.path.dirname(get_module_path("membership_period"))
    return {
        name
        for name in os.listdir(folder)
        if os.path.isfile(os.path.join(folder, name, "__manifest__.py"))
    }


@tagged("post_install", "-at_install")
class TestAccessMatrix(MembershipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = count(1)
        cls.org_a = cls.club
        cls.branch_a = cls._create_company(name="Club, youth", parent_id=cls.org_a.id)
        cls.org_b = cls.setup_other_company(name="Union B")["company"]
        cls.env.user.company_ids |= cls.branch_a | cls.org_b
        cls.users = {
            "staff": cls._user("staff", "association_base.group_association_user"),
            "manager": cls._user("manager", "association_base.group_association_manager"),
            "billing": cls._user("billing", "account.group_account_invoice"),
            "accountant": cls._user("accountant", "account.group_account_user"),
            "branch": cls._user("branch", "association_base.group_association_user", cls.branch_a),
            "staff_b": cls._user("staff_b", "association_base.group_association_user", cls.org_b),
            "public": cls.env.ref("base.public_user"),
        }
        cls.roles = ROLES
        if "event.course.session" in cls.env:
            cls.roles += COURSE_ROLES
            cls.users["leader"] = cls._user("leader", "event_course.group_course_leader")
        member = cls._person("Petra Portal", date(1980, 1, 1))
        cls.users["portal"] = new_test_user(
            cls.env,
            login="matrix_portal",
            groups="base.group_portal",
            partner_id=member.id,
            company_id=cls.org_a.id,
        )
        cls.records = {
            org: {model: cls._make(model, org) for model in cls._models()}
            for org in (cls.org_a, cls.org_b)
        }

    @classmethod
    def _user(cls, login, group, company=None):
        company = company or cls.org_a
        return new_test_user(
            cls.env,
            login=f"matrix_{login}",
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _models(cls):
        return [model for model in MATRIX if model in cls.env]

    # -- one record of each model for an organisation -------------------------------------------
    @classmethod
    def _make(cls, model, org):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[org.id]))
        if MATRIX[model].get("global"):
            return env[model].search([], limit=1)
        return getattr(cls, "_make_" + model.replace(".", "_"))(env, org)

    @classmethod
    def _org_person(cls, org):
        return cls._person(f"Person {next(cls.serial)}", date(1980, 1, 1), company=org)

    @classmethod
    def _org_period(cls, org):
        period = cls.env["membership.period"].search(
            [("company_id", "=", org.id), ("name", "=", "2027")]
        )
        if not period:
            period = cls._period(org, "2027", date(2027, 1, 1), date(2027, 12, 31))
            dues = cls.dues.copy({"company_id": org.id})
            cls._rule(org, "Everybody", 100, product=dues)
        return period

    @classmethod
    def _make_res_partner(cls, env, org):
        return cls._org_person(org)

    @classmethod
    def _make_association_certificate(cls, env, org):
        return env["association.certificate"].create(
            {
                "partner_id": cls._org_person(org).id,
                "company_id": org.id,
                "customer_type_id": env.ref("association_base.customer_type_student").id,
                "name": "Student card",
            }
        )

    @classmethod
    def _make_association_person_lookup(cls, env, org):
        # sudo: lookups are only ever logged by the lookup itself
        return (
            env["association.person.lookup"]
            .sudo()
            .create(
                {
                    "user_id": cls.env.uid,
                    "company_id": org.id,
                    "national_id_masked": "19811228-****",
                    "result": "found",
                }
            )
            .sudo(False)
        )

    @classmethod
    def _make_membership_period(cls, env, org):
        year = 2040 + next(cls.serial)
        return cls._period(org, str(year), date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def _make_membership_fee_rule(cls, env, org):
        cls._org_period(org)
        product = env["product.product"].search([("company_id", "=", org.id)], limit=1)
        return cls._rule(org, "Seniors", 50, product=product, age_min=90, sequence=1)

    @classmethod
    def _make_membership_membership_line(cls, env, org):
        return env["membership.membership_line"].create(
            {"partner": cls._org_person(org).id, "period_id": cls._org_period(org).id}
        )

    @classmethod
    def _make_report_membership(cls, env, org):
        line = cls._make_membership_membership_line(env, org)
        line.write({"free": True})
        env.flush_all()
        return env["report.membership"].search([("id", "=", line.id)])

    @classmethod
    def _make_account_billing_run(cls, env, org):
        return env["account.billing.run"].create(
            {
                "company_id": org.id,
                "source": "membership",
                "membership_period_id": cls._org_period(org).id,
                "invoice_date": date(2027, 1, 10),
                "invoice_date_due": date(2027, 1, 31),
            }
        )

    @classmethod
    def _make_account_billing_run_line(cls, env, org):
        run = cls._make_account_billing_run(env, org)
        # sudo: lines are only ever made by computing a run
        return (
            env["account.billing.run.line"]
            .sudo()
            .create(
                {
                    "run_id": run.id,
                    "partner_id": cls._org_person(org).id,
                    "product_id": cls.dues.id,
                    "name": "Dues",
                    "amount": 100,
                    "channel": "email",
                    "billing_key": f"matrix:{next(cls.serial)}",
                }
            )
        )

    @classmethod
    def _make_account_payment_import(cls, env, org):
        journal = env["account.journal"].search(
            [("company_id", "=", org.id), ("type", "=", "bank")], limit=1
        )
        return env["account.payment.import"].create(
            {
                "name": f"file{next(cls.serial)}.txt",
                "journal_id": journal.id,
                "currency_id": org.currency_id.id,
            }
        )

    @classmethod
    def _make_account_payment_import_line(cls, env, org):
        return env["account.payment.import.line"].create(
            {
                "import_id": cls._make_account_payment_import(env, org).id,
                "unique_id": f"MATRIX:{next(cls.serial)}",
                "date": date(2027, 2, 1),
                "amount": 10,
                "payment_match": "unmatched",
            }
        )

    @classmethod
    def _make_credit_control_policy(cls, env, org):
        receivable = env["account.account"].search(
            [
                *env["account.account"]._check_company_domain(org),
                ("account_type", "=", "asset_receivable"),
            ]
        )
        return env["credit.control.policy"].create(
            {
                "name": f"Reminders {next(cls.serial)}",
                "company_id": org.id,
                "account_ids": [Command.set(receivable.ids)],
            }
        )

    @classmethod
    def _make_credit_control_run(cls, env, org):
        return env["credit.control.run"].create(
            {
                "company_id": org.id,
                "date": date(2027, 3, 1),
                "policy_ids": [Command.set(cls._make_credit_control_policy(env, org).ids)],
            }
        )

    @classmethod
    def _make_l10n_se_sie4_export(cls, env, org):
        return env["l10n_se_sie4.export"].create(
            {
                "name": "export.se",
                "company_id": org.id,
                "date_from": date(2027, 1, 1),
                "date_to": date(2027, 12, 31),
                "fiscal_year_start": date(2027, 1, 1),
                "fiscal_year_end": date(2027, 12, 31),
            }
        )

    @classmethod
    def _org_company(cls, env, org):
        return env["res.partner"].create(
            {
                "name": f"Employer {next(cls.serial)}",
                "is_company": True,
                "organisation_ids": [Command.set(org.ids)],
            }
        )

    @classmethod
    def _org_employer(cls, env, org):
        return env["payroll.employer"].create(
            {"company_id": org.id, "partner_id": cls._org_company(env, org).id}
        )

    @classmethod
    def _make_payroll_employer(cls, env, org):
        return cls._org_employer(env, org)

    @classmethod
    def _make_payroll_employment(cls, env, org):
        return env["payroll.employment"].create(
            {
                "company_id": org.id,
                "partner_id": cls._org_person(org).id,
                "employer_id": cls._org_employer(env, org).id,
                "date_start": date(2027, 1, 1),
            }
        )

    @classmethod
    def _make_payroll_deduction_rule(cls, env, org):
        cls._org_period(org)
        product = env["product.product"].search([("company_id", "=", org.id)], limit=1)
        return env["payroll.deduction.rule"].create(
            {
                "name": "Deduction",
                "company_id": org.id,
                "period_id": cls._make_membership_period(env, org).id,
                "product_id": (product or cls.dues).id,
                "percent": 1.5,
            }
        )

    @classmethod
    def _make_payroll_deduction_addon(cls, env, org):
        rule = cls._make_payroll_deduction_rule(env, org)
        return env["payroll.deduction.addon"].create(
            {"rule_id": rule.id, "product_id": rule.product_id.id, "amount": 10}
        )

    @classmethod
    def _make_payroll_deduction_list(cls, env, org):
        # sudo: lists are only ever made by computing a billing run
        return (
            env["payroll.deduction.list"]
            .sudo()
            .create(
                {
                    "company_id": org.id,
                    "run_id": cls._make_account_billing_run(env, org).id,
                    "employer_id": cls._org_employer(env, org).id,
                    "month": date(2027, 1, 1),
                }
            )
            .with_env(env)
        )

    @classmethod
    def _make_payroll_deduction_list_line(cls, env, org):
        person = cls._org_person(org)
        # sudo: as the list
        return (
            env["payroll.deduction.list.line"]
            .sudo()
            .create(
                {
                    "list_id": cls._make_payroll_deduction_list(env, org).id,
                    "partner_id": person.id,
                    "name": person.name,
                    "national_id": "15108695088",
                    "amount": 100,
                }
            )
            .with_env(env)
        )

    @classmethod
    def _make_payroll_deduction_import(cls, env, org):
        return env["payroll.deduction.import"].create(
            {
                "name": f"file{next(cls.serial)}.csv",
                "company_id": org.id,
                "list_id": cls._make_payroll_deduction_list(env, org).id,
            }
        )

    @classmethod
    def _make_payroll_deduction_import_line(cls, env, org):
        # sudo: lines are only ever made by importing the file
        return (
            env["payroll.deduction.import.line"]
            .sudo()
            .create(
                {
                    "import_id": cls._make_payroll_deduction_import(env, org).id,
                    "row": 2,
                    "name": "Unknown",
                    "national_id": "15108695088",
                    "status": "unknown",
                }
            )
            .with_env(env)
        )

    @classmethod
    def _org_autogiro_payee(cls, env, org):
        payee = env["autogiro.payee"].search([("company_id", "=", org.id)])
        return payee or env["autogiro.payee"].create(
            {"company_id": org.id, "customer_number": "471117", "bankgiro": "991-2346"}
        )

    @classmethod
    def _make_autogiro_payee(cls, env, org):
        return cls._org_autogiro_payee(env, org)

    @classmethod
    def _make_account_banking_mandate(cls, env, org):
        cls._org_autogiro_payee(env, org)
        return env["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": org.id,
                "autogiro_payer_id": cls._org_person(org).id,
                "autogiro_account": "3300-8112289874",
            }
        )

    @classmethod
    def _make_autogiro_file(cls, env, org):
        return env["autogiro.file"].create(
            {
                "name": f"UAGU4.{next(cls.serial)}",
                "payee_id": cls._org_autogiro_payee(env, org).id,
                "direction": "in",
                "kind": "mandate_advice",
                "date": date(2027, 1, 4),
            }
        )

    @classmethod
    def _make_autogiro_file_line(cls, env, org):
        return env["autogiro.file.line"].create(
            {
                "file_id": cls._make_autogiro_file(env, org).id,
                "payer_number": "101",
                "action": "unknown",
            }
        )

    @classmethod
    def _make_avtalegiro_file(cls, env, org):
        return env["avtalegiro.file"].create(
            {
                "name": f"FBO.{next(cls.serial)}",
                "company_id": org.id,
                "direction": "in",
                "kind": "agreements",
                "date": date(2027, 1, 4),
            }
        )

    @classmethod
    def _make_avtalegiro_file_line(cls, env, org):
        return env["avtalegiro.file.line"].create(
            {
                "file_id": cls._make_avtalegiro_file(env, org).id,
                "kid": "000112000507155",
                "action": "unknown",
            }
        )

    @classmethod
    def _make_event_course_category(cls, env, org):
        return env["event.course.category"].create(
            {"name": f"Category {next(cls.serial)}", "company_id": org.id}
        )

    @classmethod
    def _make_event_course_level(cls, env, org):
        category = cls._make_event_course_category(env, org)
        return env["event.course.level"].create({"name": "Level 1", "category_id": category.id})

    @classmethod
    def _make_event_course_level_approval(cls, env, org):
        return env["event.course.level.approval"].create(
            {
                "partner_id": cls._org_person(org).id,
                "level_id": cls._make_event_course_level(env, org).id,
                "event_id": cls._org_course(env, org).id,
            }
        )

    @classmethod
    def _make_event_course_discount_rule(cls, env, org):
        return env["event.course.discount.rule"].create(
            {"name": "Second course", "company_id": org.id, "amount": 100}
        )

    @classmethod
    def _org_course_session(cls, env, course):
        return env["event.course.session"].create(
            {
                "event_id": course.id,
                "date_begin": "2027-01-20 17:00:00",
                "date_end": "2027-01-20 18:30:00",
            }
        )

    @classmethod
    def _org_course(cls, env, org):
        """A course of ``org``; A's are taught by the course leader."""
        return env["event.event"].create(
            {
                "name": f"Course {next(cls.serial)}",
                "is_course": True,
                "company_id": org.id,
                "date_begin": "2027-01-20 17:00:00",
                "date_end": "2027-03-24 18:30:00",
                "course_product_id": cls.dues.id,
                "teacher_ids": [Command.set(cls.users["leader"].ids if org == cls.org_a else [])],
            }
        )

    @classmethod
    def _make_event_course_session(cls, env, org):
        return cls._org_course_session(env, cls._org_course(env, org))

    @classmethod
    def _make_event_course_attendance(cls, env, org):
        session = cls._make_event_course_session(env, org)
        person = cls._org_person(org)
        registration = (
            env["event.registration"]
            .with_context(event_course_registering=True)
            .create({"event_id": session.event_id.id, "partner_id": person.id})
        )
        return env["event.course.attendance"].create(
            {"session_id": session.id, "registration_id": registration.id}
        )

    @classmethod
    def _make_event_course_waitlist(cls, env, org):
        # a course that has ended: nobody is offered its places
        course = env["event.event"].create(
            {
                "name": f"Course {next(cls.serial)}",
                "is_course": True,
                "company_id": org.id,
                "date_begin": "2026-01-20 17:00:00",
                "date_end": "2026-03-24 18:30:00",
                "course_product_id": cls.dues.id,
            }
        )
        return env["event.course.waitlist"].create(
            {"event_id": course.id, "partner_id": cls._org_person(org).id}
        )

    @classmethod
    def _make_event_course_revenue_report(cls, env, org):
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": org.id,
                "partner_id": cls._org_person(org).id,
                "invoice_date": date(2027, 1, 10),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.dues.id,
                            "price_unit": 100,
                            "tax_ids": [],
                            "course_event_id": cls._org_course(env, org).id,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        env.flush_all()
        return env["event.course.revenue.report"].search([("move_id", "=", invoice.id)])

    @classmethod
    def _make_event_course_cancellation_terms(cls, env, org):
        return env["event.course.cancellation.terms"].create(
            {"name": f"Terms {next(cls.serial)}", "company_id": org.id}
        )

    @classmethod
    def _make_event_course_cancellation_tier(cls, env, org):
        terms = cls._make_event_course_cancellation_terms(env, org)
        return env["event.course.cancellation.tier"].create(
            {"terms_id": terms.id, "days_before": 14, "fee_type": "fixed", "amount": 200}
        )

    @classmethod
    def _org_course_registration(cls, env, org, course=None):
        return (
            env["event.registration"]
            .with_context(event_course_registering=True)
            .create(
                {
                    "event_id": (course or cls._org_course(env, org)).id,
                    "partner_id": cls._org_person(org).id,
                }
            )
        )

    @classmethod
    def _make_event_course_evaluation(cls, env, org):
        # sudo: evaluations are only ever made by the evaluation job
        return (
            env["event.course.evaluation"]
            .sudo()
            .create(
                {"registration_id": cls._org_course_registration(env, org).id, "state": "no_email"}
            )
            .with_env(env)
        )

    @classmethod
    def _make_event_course_invitation(cls, env, org):
        # sudo: invitations are only ever made by the invitation job
        return (
            env["event.course.invitation"]
            .sudo()
            .create(
                {
                    "term_id": cls._org_period(org).id,
                    "partner_id": cls._org_person(org).id,
                    "state": "no_email",
                }
            )
            .with_env(env)
        )

    # -- what each operation is -----------------------------------------------------------------
    def _write_vals(self, record):
        if record._name == "membership.membership_line":
            return {"date": record.sudo().period_id.date_start}
        return {
            "association.customer.type": {"name": "Renamed"},
            "membership.work.situation": {"name": "Renamed"},
            "association.certificate": {"name": "Renamed"},
            "association.person.lookup": {"result": "not_found"},
            "res.partner": {"phone": "+46 31 555 55"},
            "membership.period": {"name": "Renamed"},
            "membership.fee.rule": {"name": "Renamed"},
            "account.billing.run": {"invoice_date_due": date(2027, 2, 28)},
            "account.billing.run.line": {"warning": "checked"},
            "account.payment.import": {"file_format": "TEST"},
            "account.payment.import.line": {"message": "checked"},
            "l10n_se_sie4.export": {"locked": True},
            "payroll.employer": {"list_format": "csv"},
            "payroll.employment": {"employee_number": "X-1"},
            "payroll.deduction.rule": {"name": "Renamed"},
            "payroll.deduction.addon": {"amount": 20},
            "payroll.deduction.list": {"sent_date": "2027-02-01 00:00:00"},
            "payroll.deduction.list.line": {"employee_number": "X-1"},
            "payroll.deduction.import": {"name": "renamed.csv"},
            "payroll.deduction.import.line": {"followed_up": True},
            "account.dunning.fee.cap": {"legal_reference": "Renamed"},
            "credit.control.policy": {"name": "Renamed"},
            "credit.control.run": {"date": date(2027, 3, 2)},
            "autogiro.payee": {"customer_number": "654321"},
            "account.banking.mandate": {"signature_date": date(2026, 1, 2)},
            "autogiro.file": {"name": "renamed.txt"},
            "autogiro.file.line": {"followed_up": True},
            "avtalegiro.file": {"name": "renamed.txt"},
            "avtalegiro.file.line": {"followed_up": True},
            "event.course.category": {"name": "Renamed"},
            "event.course.level": {"name": "Renamed"},
            "event.course.level.approval": {"date": date(2027, 1, 2)},
            "event.course.discount.rule": {"name": "Renamed"},
            "event.course.session": {"note": "Renamed"},
            "event.course.attendance": {"state": "absent"},
            "event.course.waitlist": {"pay": "card"},
            "event.course.cancellation.terms": {"name": "Renamed"},
            "event.course.cancellation.tier": {"amount": 150},
            "event.course.evaluation": {"date_invited": "2027-02-01 00:00:00"},
            "event.course.invitation": {"date_sent": "2027-02-01 00:00:00"},
        }[record._name]

    def _create_vals(self, record):
        """Values of a new record like ``record`` (of organisation A)."""
        model = record._name
        if model == "res.partner":
            return {"name": "New person"}
        if MATRIX[model].get("global"):
            return {"name": f"New {next(self.serial)}"}
        if model == "membership.membership_line":
            return {"partner": self._org_person(self.org_a).id, "period_id": record.period_id.id}
        if model == "membership.period":
            return {
                "name": "New",
                "company_id": self.org_a.id,
                "date_start": date(2100, 1, 1),
                "date_end": date(2100, 12, 31),
            }
        # payroll_deduction: one employer per partner, one deducting employment per person
        # at a time, one rule per period and one price per add-on: new ones of each
        if model == "payroll.employer":
            return {
                "company_id": self.org_a.id,
                "partner_id": self._org_company(self.env, self.org_a).id,
            }
        if model == "payroll.employment":
            return {
                "company_id": self.org_a.id,
                "partner_id": self._org_person(self.org_a).id,
                "employer_id": record.employer_id.id,
                "date_start": date(2027, 1, 1),
            }
        if model == "payroll.deduction.rule":
            return {
                "name": "New",
                "company_id": self.org_a.id,
                "period_id": self._make_membership_period(self.env, self.org_a).id,
                "product_id": record.product_id.id,
            }
        if model == "payroll.deduction.addon":
            return {
                "rule_id": record.rule_id.id,
                "product_id": record.product_id.copy().id,
                "amount": 5,
            }
        if model == "autogiro.payee":  # one agreement per organisation unit: the branch's
            return {"company_id": self.branch_a.id, "customer_number": "1", "bankgiro": "5402-9681"}
        if model == "account.banking.mandate":
            return {
                "format": "autogiro",
                "company_id": self.org_a.id,
                "autogiro_payer_id": self._org_person(self.org_a).id,
                "autogiro_account": "3300-8112289874",
            }
        # event_course: one approval per person and level, one attendance per participant
        # and session: new ones of each
        if model == "event.course.level.approval":
            return {
                "partner_id": self._org_person(self.org_a).id,
                "level_id": record.level_id.id,
                "event_id": record.event_id.id,
            }
        if model == "event.course.attendance":
            session = self._org_course_session(self.env, record.event_id)
            return {"session_id": session.id, "registration_id": record.registration_id.id}
        # one place in line per person and course, one tier per day of the terms: new ones
        if model == "event.course.waitlist":
            return {"event_id": record.event_id.id, "partner_id": self._org_person(self.org_a).id}
        if model == "event.course.cancellation.tier":
            return {"terms_id": record.terms_id.id, "days_before": 30, "amount": 100}
        # one evaluation per registration, one invitation per person and term: new ones
        if model == "event.course.evaluation":
            registration = self._org_course_registration(self.env, self.org_a, record.event_id)
            return {"registration_id": registration.id, "state": "no_email"}
        if model == "event.course.invitation":
            return {
                "term_id": record.term_id.id,
                "partner_id": self._org_person(self.org_a).id,
                "state": "no_email",
            }
        fields = {
            "event.course.category": ["name", "company_id"],
            "event.course.level": ["name", "category_id"],
            "event.course.discount.rule": ["name", "company_id", "amount"],
            "event.course.session": ["event_id", "date_begin", "date_end"],
            "event.course.cancellation.terms": ["name", "company_id"],
            "association.certificate": ["partner_id", "company_id", "customer_type_id", "name"],
            "association.person.lookup": ["user_id", "company_id", "national_id_masked", "result"],
            "membership.fee.rule": ["name", "company_id", "product_id", "amount"],
            "account.billing.run": [
                "company_id",
                "source",
                "membership_period_id",
                "invoice_date",
                "invoice_date_due",
            ],
            "account.billing.run.line": [
                "run_id",
                "partner_id",
                "product_id",
                "name",
                "amount",
                "channel",
            ],
            "account.payment.import": ["journal_id", "currency_id"],
            "account.payment.import.line": ["import_id", "date", "amount", "payment_match"],
            "l10n_se_sie4.export": [
                "name",
                "company_id",
                "date_from",
                "date_to",
                "fiscal_year_start",
                "fiscal_year_end",
            ],
            "payroll.deduction.list": ["company_id", "run_id", "employer_id", "month"],
            "payroll.deduction.list.line": ["list_id", "partner_id", "name", "amount"],
            "payroll.deduction.import": ["company_id", "list_id"],
            "payroll.deduction.import.line": ["import_id", "row", "name", "status"],
            "credit.control.policy": ["name", "company_id", "account_ids"],
            "credit.control.run": ["company_id", "date", "policy_ids"],
            "autogiro.file": ["name", "payee_id", "direction", "kind", "date"],
            "autogiro.file.line": ["file_id", "payer_number", "action"],
            "avtalegiro.file": ["name", "company_id", "direction", "kind", "date"],
            "avtalegiro.file.line": ["file_id", "kid", "action"],
        }[model]
        vals = record._convert_to_write(record.read(fields)[0])
        vals.pop("id", None)
        extra = {
            "account.billing.run.line": {"billing_key": "matrix:new"},
            "account.payment.import": {"name": "new.txt"},
            "account.payment.import.line": {"unique_id": "MATRIX:new"},
            "payroll.deduction.import": {"name": "new.csv"},
        }
        return {**vals, **extra.get(model, {})}

    def _try(self, operation):
        """True when ``operation`` ran, False when it was refused by the access rights.
        Whatever it did is rolled back: the next role finds the records as they were."""
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
                raise _RolledBack
        except _RolledBack:
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def _can(self, user, record, create=False):
        """The operations ``user`` got through on ``record``, as a string of r, w, c, u
        (c: creating one like it, when ``create``)."""
        as_user = record.with_user(user).with_context(
            allowed_company_ids=user.sudo().company_ids.ids
        )
        Model = as_user.browse()
        self.env.invalidate_all()  # values cached by the set-up were read without rules
        readable = self._try(lambda: as_user.read(["display_name"]))
        found = self._try(lambda: Model.search([("id", "=", record.id)])) and bool(
            Model.search([("id", "=", record.id)])
        )
        grouped = self._try(lambda: Model._read_group([("id", "=", record.id)], [], ["__count"]))
        counted = grouped and Model._read_group([("id", "=", record.id)], [], ["__count"])[0][0]
        self.assertEqual(
            (readable, found, bool(counted)),
            (readable,) * 3,
            f"{record._name} as {user.sudo().login}: read, search and group by must agree",
        )
        result = "r" if readable else ""
        if record._name in ("report.membership", "event.course.revenue.report"):
            return result  # reports: read only
        if self._try(lambda: as_user.write(self._write_vals(record))):
            result += "w"
        if create:
            vals = self._create_vals(record)
            if self._try(lambda: Model.create(vals)):
                result += "c"
        if self._try(lambda: as_user.unlink()):
            result += "u"
        return result

    # -- the tests ------------------------------------------------------------------------------
    def test_every_model_of_the_project_is_in_the_matrix(self):
        addons = _project_addons()
        models = self.env["ir.model"].search([("transient", "=", False)])
        ours = {
            model.model
            for model in models
            if model.model in self.env
            and self.env[model.model]._original_module in addons
            and not self.env[model.model]._abstract
        }
        self.assertFalse(ours - set(MATRIX), "models without a line in the access matrix")
        # every model (of ours, and the wizards) has access rules; organisation data has
        # record rules
        wizards = (
            self.env["ir.model"]
            .search([("transient", "=", True)])
            .filtered(
                lambda m: m.model in self.env and self.env[m.model]._original_module in addons
            )
        )
        for model in self.env["ir.model"].search([("model", "in", list(ours))]) | wizards:
            self.assertTrue(model.access_ids, f"{model.model} has no access rules")
        for model in ours:
            if "company_id" in self.env[model]._fields and not MATRIX[model].get("global"):
                self.assertTrue(
                    self.env["ir.rule"].search([("model_id.model", "=", model)]),
                    f"{model} holds organisation data without a record rule",
                )

    def test_roles_on_organisation_a(self):
        problems = []
        for model in self._models():
            record = self.records[self.org_a][model].with_env(self.env)
            self.assertTrue(record, f"no record of {model} to test with")
            for role in self.roles:
                expected = MATRIX[model].get(role, "")
                got = self._can(self.users[role], record, create=True)
                if got != expected:
                    problems.append(
                        f"{model} as {role}: may {got or 'nothing'}, should {expected or 'nothing'}"
                    )
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_nobody_of_a_touches_organisation_b(self):
        problems = []
        for model in self._models():
            if MATRIX[model].get("global"):
                continue
            record = self.records[self.org_b][model]
            for role in self.roles:
                if role == "staff_b":
                    continue
                got = self._can(self.users[role], record)
                if got:
                    problems.append(f"{model} of B as {role} of A: may {got}")
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_sensitive_fields(self):
        person = self.records[self.org_a]["res.partner"]
        person.national_id = "811228-9874"
        for (model, field), roles in SENSITIVE.items():
            if model not in self.records[self.org_a]:
                continue  # its addon is not installed
            record = self.records[self.org_a][model]
            for role in self.roles:
                as_user = record.with_user(self.users[role])
                self.env.invalidate_all()
                allowed = self._try(lambda as_user=as_user, field=field: as_user.read([field]))
                if role in roles:
                    self.assertFalse(allowed, f"{role} reads {model}.{field}")
                    self.assertFalse(
                        self._try(
                            lambda as_user=as_user, field=field: as_user.search(
                                [(field, "!=", False)]
                            )
                        ),
                        f"{role} searches {model}.{field}",
                    )
        self.assertEqual(person.with_user(self.users["staff"]).national_id, "19811228-9874")
