from datetime import date

from odoo import Command

from odoo.addons.account.tests.common import (
    AccountTestInvoicingCommon,
    AccountTestInvoicingHttpCommon,
)


class MembershipMixin:
    """A club (the test company, with its chart of accounts) with yearly periods 2026 and
    2027, a dues product and fee rules by age: children free, youth 7–25 half fee after
    mid-year, adults by the months left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.club = cls.env.company
        # the accountant of the tests also runs the organisation
        cls.env.user.groups_id |= cls.env.ref("association_base.group_association_manager")
        cls.env = cls.env(context=dict(cls.env.context, membership_no_auto_invoice=False))
        cls.period_2026 = cls._period(cls.club, "2026", date(2026, 1, 1), date(2026, 12, 31))
        cls.period_2027 = cls._period(cls.club, "2027", date(2027, 1, 1), date(2027, 12, 31))
        cls.dues = cls._create_product(name="Dues", lst_price=600.0, taxes_id=[Command.clear()])
        cls.rule_children = cls._rule(cls.club, "Children", 0, sequence=1, age_max=6, free=True)
        cls.rule_youth = cls._rule(
            cls.club, "Youth", 250, sequence=2, age_min=7, age_max=25, proration="half"
        )
        cls.rule_adult = cls._rule(cls.club, "Adult", 600, sequence=10, proration="months")

    @classmethod
    def _period(cls, company, name, start, end, **vals):
        return cls.env["membership.period"].create(
            {"name": name, "company_id": company.id, "date_start": start, "date_end": end, **vals}
        )

    @classmethod
    def _rule(cls, company, name, amount, product=None, **vals):
        return cls.env["membership.fee.rule"].create(
            {
                "name": name,
                "company_id": company.id,
                "product_id": (product or cls.dues).id,
                "amount": amount,
                **vals,
            }
        )

    @classmethod
    def _person(cls, name, birthdate=None, company=None, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "birthdate": birthdate,
                "email": f"{name.lower().replace(' ', '.')}@example.se",
                "street": "Storgatan 1",
                "zip": "411 38",
                "city": "Göteborg",
                "organisation_ids": [Command.set((company or cls.club).ids)],
                **vals,
            }
        )

    @classmethod
    def _member(cls, partner, period, join_date=None):
        return cls.env["membership.membership_line"].create(
            {"partner": partner.id, "period_id": period.id, "date": join_date or period.date_start}
        )


class MembershipCommon(MembershipMixin, AccountTestInvoicingCommon):
    pass


class MembershipHttpCommon(MembershipMixin, AccountTestInvoicingHttpCommon):
    pass
