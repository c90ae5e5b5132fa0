import base64
import csv
import io
from datetime import date

from dateutil.relativedelta import relativedelta
from stdnum.no import fodselsnummer

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.membership_period.tests.common import MembershipCommon, MembershipHttpCommon
from odoo.addons.queue_job.tests.common import trap_jobs


def fnr(day, month, year, individual):
    """A valid Norwegian fødselsnummer (check digits computed)."""
    base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    first = fodselsnummer.calc_check_digit1(base)
    number = base + first + fodselsnummer.calc_check_digit2(base + first)
    if not fodselsnummer.is_valid(number):
        raise ValueError(f"no fødselsnummer with individual number {individual}")
    return number


class DeductionMixin:
    """A union (the test company) whose 2026 dues are deducted by an employer: 1.55 % of
    the monthly gross pay, at least 108 and at most 781, an insurance add-on of 50; three
    members employed there, one member who is not. Users: a treasurer (invoicing and
    organisation user: the least privileged role that runs deduction lists), a billing-only
    user, organisation staff and a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.union = cls.club
        cls.currency = cls.union.currency_id
        cls.treasurer = cls._user(
            "pd_treasurer", "account.group_account_invoice,association_base.group_association_user"
        )
        cls.billing = cls._user("pd_billing", "account.group_account_invoice")
        cls.staff = cls._user("pd_staff", "association_base.group_association_user")
        cls.manager = cls._user("pd_manager", "association_base.group_association_manager")
        cls.employer_partner = cls.env["res.partner"].create(
            {
                "name": "Fjord Verksted AS",
                "is_company": True,
                "email": "post@fjord.example",
                "organisation_ids": [Command.set(cls.union.ids)],
            }
        )
        cls.payroll_office = cls.env["res.partner"].create(
            {
                "name": "Payroll office",
                "parent_id": cls.employer_partner.id,
                "type": "other",
                "email": "payroll@fjord.example",
                "organisation_ids": [Command.set(cls.union.ids)],
            }
        )
        cls.employer = cls.env["payroll.employer"].create(
            {
                "company_id": cls.union.id,
                "partner_id": cls.employer_partner.id,
                "contact_id": cls.payroll_office.id,
                "list_format": "csv",
            }
        )
        cls.insurance = cls._create_product(
            name="Income insurance", lst_price=50.0, taxes_id=[Command.clear()]
        )
        cls.rule = cls.env["payroll.deduction.rule"].create(
            {
                "name": "Deduction 2026",
                "company_id": cls.union.id,
                "period_id": cls.period_2026.id,
                "product_id": cls.dues.id,
                "kind": "percent",
                "percent": 1.55,
                "amount_min": 108,
                "amount_max": 781,
                "addon_ids": [Command.create({"product_id": cls.insurance.id, "amount": 50})],
            }
        )
        cls.anna = cls._person("Anna Aas", national_id=fnr(12, 3, 1985, 101))
        cls.bjorn = cls._person("Bjørn Berg", national_id=fnr(4, 7, 1979, 223))
        cls.cecilie = cls._person("Cecilie Dahl", national_id=fnr(30, 11, 1990, 346))
        cls.dag = cls._person("Dag Eide", national_id=fnr(1, 1, 1970, 456))
        for person in cls.anna | cls.bjorn | cls.cecilie | cls.dag:
            cls._member(person, cls.period_2026)
        cls.job_anna = cls._employ(cls.anna, 6000, "E-1")  # below the minimum: 108
        cls.job_bjorn = cls._employ(
            cls.bjorn, 30000, "E-2", addon_product_ids=[Command.set(cls.insurance.ids)]
        )  # 465 + 50
        cls.job_cecilie = cls._employ(cls.cecilie, 90000, "E-3")  # above the maximum: 781

    @classmethod
    def _user(cls, login, groups, company=None):
        company = company or cls.union
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _employ(cls, person, gross, number, start=date(2024, 1, 1), end=None, **vals):
        return cls.env["payroll.employment"].create(
            {
                "company_id": cls.union.id,
                "partner_id": person.id,
                "employer_id": vals.pop("employer_id", cls.employer.id),
                "employee_number": number,
                "date_start": start,
                "date_end": end,
                "gross_pay": gross,
                **vals,
            }
        )

    @classmethod
    def _run(cls, month, user=None, company=None):
        company = company or cls.union
        return (
            cls.env["account.billing.run"]
            .with_user(user or cls.treasurer)
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "source": "deduction",
                    "deduction_month": month,
                    "invoice_date": month + relativedelta(days=9),
                    "invoice_date_due": month + relativedelta(days=30),
                }
            )
        )

    @classmethod
    def _confirm_run(cls, run):
        if run.state == "draft":
            run.action_compute()
        with trap_jobs() as trap:
            run.action_confirm()
            trap.perform_enqueued_jobs()  # invoicing
            trap.perform_enqueued_jobs()  # sending invoices and lists
        return run

    def _confirm(self, run):
        self._confirm_run(run)
        self.assertEqual(run.state, "confirmed")
        return run

    def _list(self, run, employer=None):
        return run.deduction_list_ids.filtered(
            lambda record: record.employer_id == (employer or self.employer)
        )

    @staticmethod
    def _csv_rows(content):
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))

    def _pay(self, invoice, amount):
        """The employer's payment of ``amount`` on ``invoice``, registered by the
        treasurer."""
        self.env["account.payment.register"].with_user(self.treasurer).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": invoice.invoice_date}).action_create_payments()

    def _import(self, deduction_list, name, content, user=None):
        return (
            self.env["payroll.deduction.import"]
            .with_user(user or self.treasurer)
            .create(
                {
                    "company_id": deduction_list.company_id.id,
                    "list_id": deduction_list.id,
                    "name": name,
                    "file": base64.b64encode(content),
                }
            )
        )


class DeductionCommon(DeductionMixin, MembershipCommon):
    pass


class DeductionHttpCommon(DeductionMixin, MembershipHttpCommon):
    pass
