from odoo import fields, models


class PayrollDeductionAddon(models.Model):
    """An insurance (or other) add-on deducted each month with the dues of the members who
    have it."""

    _name = "payroll.deduction.addon"
    _description = "Deduction add-on"
    _order = "rule_id, id"
    _check_company_auto = True

    rule_id = fields.Many2one(
        "payroll.deduction.rule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="rule_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Add-on",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        help="Members with this product among their employment's add-ons pay it each month; "
        "it is invoiced to the employer on a line of its own.",
    )
    amount = fields.Monetary(string="Monthly price", required=True)

    _sql_constraints = [
        ("product_unique", "unique(rule_id, product_id)", "A rule prices each add-on once."),
        ("amount_positive", "CHECK (amount >= 0)", "An add-on's price is not negative."),
    ]
