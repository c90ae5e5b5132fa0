from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


def _zip_key(value):
    return (value or "").replace(" ", "").upper()


class MembershipFeeRule(models.Model):
    _name = "membership.fee.rule"
    _description = "Membership fee rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10,
        help="The first rule (lowest sequence) whose conditions a person meets sets the fee.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Dues product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        help="Invoiced for the membership: its income account, taxes and analytic distribution "
        "set how the dues are booked.",
    )
    amount = fields.Monetary(string="Fee", help="Fee for a whole period.")
    free = fields.Boolean(
        string="Free membership",
        help="Members under this rule pay nothing and get no invoice (honorary members, "
        "board, young children).",
    )
    age_min = fields.Integer(
        string="From age", help="Age at the start of the period, inclusive. 0: no lower limit."
    )
    age_max = fields.Integer(
        string="To age", help="Age at the start of the period, inclusive. 0: no upper limit."
    )
    work_situation_ids = fields.Many2many(
        "membership.work.situation", string="Work situations", help="Empty: any."
    )
    customer_type_ids = fields.Many2many(
        "association.customer.type",
        string="Customer types",
        help="Customer type on the day the period starts (or the member joins). Empty: any.",
    )
    zip_from = fields.Char(string="Postal code from", help="Location: postal codes from ... to.")
    zip_to = fields.Char(string="Postal code to")
    proration = fields.Selection(
        [
            ("none", "Full fee"),
            ("half", "Half fee when joining on or after the period's half-fee day"),
            ("months", "By the months left, counting the month of joining"),
        ],
        required=True,
        default="none",
    )

    @api.constrains("age_min", "age_max", "free", "amount")
    def _check_values(self):
        for rule in self:
            if rule.age_min < 0 or rule.age_max < 0:
                raise ValidationError(_("Rule %s: ages cannot be negative.", rule.name))
            if rule.age_max and rule.age_min > rule.age_max:
                raise ValidationError(_("Rule %s: 'from age' is above 'to age'.", rule.name))
            if rule.free and rule.amount:
                raise ValidationError(_("Rule %s: a free membership has no fee.", rule.name))
            if rule.amount < 0:
                raise ValidationError(_("Rule %s: the fee cannot be negative.", rule.name))

    def _matches(self, partner, age, customer_type):
        """Whether ``partner`` (``age`` at the reference day, ``customer_type`` that day)
        meets the rule's conditions."""
        self.ensure_one()
        if self.age_min or self.age_max:
            if age is None:
                return False
            if age < self.age_min or (self.age_max and age > self.age_max):
                return False
        if self.work_situation_ids and partner.work_situation_id not in self.work_situation_ids:
            return False
        if self.customer_type_ids and customer_type not in self.customer_type_ids:
            return False
        if self.zip_from or self.zip_to:
            code = _zip_key(partner.zip)
            if not code:
                return False
            if self.zip_from and code < _zip_key(self.zip_from):
                return False
            if self.zip_to and code > _zip_key(self.zip_to):
                return False
        return True

    def _prorated(self, period, join_date):
        """This rule's fee for a member joining ``period`` on ``join_date``."""
        self.ensure_one()
        if self.free:
            return 0.0
        amount = self.amount
        if join_date > period.date_start:
            if self.proration == "half" and join_date >= period._half_fee_day():
                amount = amount / 2
            elif self.proration == "months":
                amount = amount * period._months_left(join_date) / period._months()
        return self.currency_id.round(amount)

    @api.model
    def _match(self, partners, period, join_date):
        """``{partner: (rule, fee)}`` for joining ``period`` on ``join_date``: the first
        active rule of the period's organisation each person meets (``None`` for a person no
        rule fits)."""
        rules = self.search([("company_id", "=", period.company_id.id)])
        customer_types = partners._get_customer_types(
            max(period.date_start, join_date), period.company_id
        )
        result = {}
        for partner in partners:
            age = partner._age_on(period.date_start)
            customer_type = customer_types[partner.id]
            rule = next((r for r in rules if r._matches(partner, age, customer_type)), None)
            result[partner] = (rule, rule._prorated(period, join_date)) if rule else None
        return result

    @api.model
    def _fees(self, partners, period, join_date):
        """As :meth:`_match`, raising an error naming the people no rule fits."""
        result = self._match(partners, period, join_date)
        unfit = [partner.display_name for partner, fee in result.items() if fee is None]
        if unfit:
            raise UserError(
                _(
                    "No fee rule of %(organisation)s fits %(people)s. Add a rule (one without "
                    "conditions catches everybody).",
                    organisation=period.company_id.name,
                    people=", ".join(unfit[:10]) + (" …" if len(unfit) > 10 else ""),
                )
            )
        return result
