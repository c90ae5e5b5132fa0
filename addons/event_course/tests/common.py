from datetime import date, datetime, time, timedelta

from odoo import Command

from odoo.addons.membership_period.tests.common import MembershipCommon, MembershipHttpCommon


class CourseMixin:
    """A dance club whose members join per term (Autumn 2026, Spring 2027; membership 100),
    with a tango category of two levels, 200 off each additional course in a term, and this
    term's courses Tango Fortsättare (requires Tango 1) and Milonga, 1000 each. Maria is a
    member this term with a credit of 600 (an earlier cancellation); Anders is not a
    member. The dates are those of ``TODAY`` = 2027-01-10 (tests run frozen on that day; tests
    in the browser, which cannot be frozen, shift them to the real today)."""

    TODAY = "2027-01-10"

    @classmethod
    def _day(cls, days):
        """The day ``days`` after TODAY."""
        return date.fromisoformat(cls.TODAY) + timedelta(days=days)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.period_2026 | cls.period_2027).unlink()
        (cls.rule_children | cls.rule_youth | cls.rule_adult).active = False
        cls.autumn = cls._period(
            cls.club, "Autumn 2026", cls._day(-193), cls._day(-10), kind="term"
        )
        cls.spring = cls._period(cls.club, "Spring 2027", cls._day(-9), cls._day(171), kind="term")
        cls.rule_member = cls._rule(cls.club, "Everybody", 100)
        cls.income_dance = cls.company_data["default_account_revenue"].copy(
            {"code": "3010", "name": "Course fees, dance"}
        )
        cls.tango = cls.env["event.course.category"].create(
            {"name": "Tango", "company_id": cls.club.id, "income_account_id": cls.income_dance.id}
        )
        cls.tango_1, cls.tango_2, cls.tango_3 = cls.env["event.course.level"].create(
            [
                {"name": "Tango 1", "category_id": cls.tango.id, "sequence": 1},
                {"name": "Tango 2", "category_id": cls.tango.id, "sequence": 2},
                {"name": "Tango 3", "category_id": cls.tango.id, "sequence": 3},
            ]
        )
        cls.course_fee = cls._create_product(
            name="Course fee, dance", lst_price=1000.0, taxes_id=[Command.clear()]
        )
        cls.discount = cls.env["event.course.discount.rule"].create(
            {"name": "Second course", "company_id": cls.club.id, "amount": 200}
        )
        cls.fortsattare = cls._course("Tango Fortsättare", level=cls.tango_2, required=cls.tango_1)
        cls.milonga = cls._course("Milonga")
        cls.maria = cls._person("Maria Svensson", date(1990, 5, 5))
        cls.anders = cls._person("Anders Berg", date(1988, 3, 3))
        cls.env["event.course.level.approval"].create(
            [
                {"partner_id": cls.maria.id, "level_id": cls.tango_1.id},
                {"partner_id": cls.anders.id, "level_id": cls.tango_1.id},
            ]
        )
        cls._member(cls.maria, cls.spring)
        cls.credit_note = cls._credit(cls.maria, 600)

    @classmethod
    def _course(cls, name, level=None, required=None, company=None, **vals):
        company = company or cls.club
        return cls.env["event.event"].create(
            {
                "name": name,
                "is_course": True,
                "company_id": company.id,
                "date_begin": datetime.combine(cls._day(10), time(17, 0)),
                "date_end": datetime.combine(cls._day(73), time(18, 30)),
                "date_tz": "Europe/Stockholm",
                "course_category_id": cls.tango.id if company == cls.club else False,
                "course_level_id": level.id if level else False,
                "required_level_ids": [Command.set(required.ids if required else [])],
                "term_id": cls.spring.id if company == cls.club else False,
                "course_product_id": cls.course_fee.id,
                **vals,
            }
        )

    @classmethod
    def _credit(cls, partner, amount):
        """A posted credit note of ``amount`` to ``partner``, left open: their credit."""
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "invoice_date": cls._day(-70),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.course_fee.id, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        refund.action_post()
        return refund

    @staticmethod
    def _lines(quote):
        return [(line["kind"], line["amount"]) for line in quote["lines"]]


class CourseCase(CourseMixin, MembershipCommon):
    pass


class CourseHttpCase(CourseMixin, MembershipHttpCommon):
    TODAY = date.today().isoformat()
