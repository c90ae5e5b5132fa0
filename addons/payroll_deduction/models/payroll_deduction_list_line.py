from odoo import fields, models

CHANGES = [
    ("new", "Starter"),
    ("changed", "Changed"),
    ("unchanged", "Unchanged"),
    ("left", "Leaver"),
]


class PayrollDeductionListLine(models.Model):
    """One member on an employer's deduction list: what was known when the list was made
    (name, identity number, employee number, amounts), not what the member's record says
    later."""

    _name = "payroll.deduction.list.line"
    _description = "Deduction list line"
    _order = "list_id, name, id"
    _check_company_auto = True

    list_id = fields.Many2one(
        "payroll.deduction.list", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="list_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Member", required=True, index=True)
    employment_id = fields.Many2one(
        "payroll.employment", string="Employment", ondelete="set null", check_company=True
    )
    name = fields.Char(required=True)
    national_id = fields.Char(
        string="National identity number",
        # as on the person: only users who may see identity numbers read them
        groups="association_base.group_association_user",
    )
    employee_number = fields.Char()
    gross_pay = fields.Monetary(
        string="Monthly gross pay", groups="association_base.group_association_user"
    )
    dues_amount = fields.Monetary(string="Dues")
    addon_product_ids = fields.Many2many("product.product", string="Add-ons")
    addon_amount = fields.Monetary(string="Add-ons amount")
    amount = fields.Monetary(help="Deducted this month: the dues and the add-ons.")
    previous_amount = fields.Monetary(help="Deducted according to the previous list.")
    change = fields.Selection(CHANGES, required=True, default="new")
