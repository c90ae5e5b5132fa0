from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PayrollDeductionRule(models.Model):
    """What an employer deducts each month for a member, in one membership period."""

    _name = "payroll.deduction.rule"
    _description = "Deduction rule"
    _order = "company_id, period_id desc, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_id = fields.Many2one(
        "membership.period",
        string="Period",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        help="The months of this period are deducted by this rule.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Dues product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        help="Invoiced to the employer for the deducted dues.",
    )
    kind = fields.Selection(
        [("fixed", "Fixed amount"), ("percent", "Percentage of gross pay")],
        required=True,
        default="percent",
    )
    amount = fields.Monetary(string="Monthly amount", help="For a fixed amount.")
    percent = fields.Float(
        string="Percentage", digits=(16, 4), help="Of the member's monthly gross pay."
    )
    amount_min = fields.Monetary(
        string="Monthly minimum", help="A percentage never deducts less. 0: no minimum."
    )
    amount_max = fields.Monetary(
        string="Monthly maximum", help="A percentage never deducts more. 0: no maximum."
    )
    addon_ids = fields.One2many("payroll.deduction.addon", "rule_id", string="Insurance add-ons")

    _sql_constraints = [
        ("period_unique", "unique(period_id)", "A period has one deduction rule."),
        (
            "amounts_positive",
            "CHECK (amount >= 0 AND percent >= 0 AND amount_min >= 0 AND amount_max >= 0)",
            "Amounts and percentages of a deduction rule are not negative.",
        ),
    ]

    @api.constrains("amount_min", "amount_max")
    def _check_min_max(self):
        for rule in self:
            if (
                rule.amount_max
                and rule.currency_id.compare_amounts(rule.amount_min, rule.amount_max) > 0
            ):
                raise ValidationError(
                    _("The monthly minimum of rule %s is above its maximum.", rule.name)
                )

    def _dues(self, gross_pay):
        """The monthly dues of a member with ``gross_pay``, rounded to the currency: the
        fixed amount, or the percentage of the gross pay raised to the minimum and cut to
        the maximum."""
        self.ensure_one()
        currency = self.currency_id
        if self.kind == "fixed":
            return currency.round(self.amount)
        dues = currency.round((gross_pay or 0.0) * self.percent / 100.0)
        if self.amount_min and currency.compare_amounts(dues, self.amount_min) < 0:
            dues = self.amount_min
        if self.amount_max and currency.compare_amounts(dues, self.amount_max) > 0:
            dues = self.amount_max
        return currency.round(dues)

    def _addon_prices(self):
        """``{product: monthly price}`` of the rule's add-ons."""
        self.ensure_one()
        return {addon.product_id: addon.amount for addon in self.addon_ids}

    @api.model
    def _find(self, company, day):
        """The rule of the period of ``company`` that contains ``day`` (empty if none)."""
        return self.search(
            [
                ("company_id", "=", company.id),
                ("period_id.date_start", "<=", day),
                ("period_id.date_end", ">=", day),
            ],
            limit=1,
        )
