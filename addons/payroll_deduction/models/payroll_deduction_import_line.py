from odoo import _, api, fields, models
from odoo.exceptions import AccessError

STATUSES = [
    ("ok", "As on the list"),
    ("differs", "Amount differs"),
    ("missing", "Member missing in the file"),
    ("unknown", "Unknown person"),
]


class PayrollDeductionImportLine(models.Model):
    """One member's amount in a returned deduction file, or a member of the list the file
    left out: what differs is followed up."""

    _name = "payroll.deduction.import.line"
    _description = "Returned deduction file line"
    _order = "import_id, row, id"
    _check_company_auto = True

    import_id = fields.Many2one(
        "payroll.deduction.import", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="import_id.currency_id")
    row = fields.Integer(readonly=True, help="Row in the file (0: not in the file).")
    list_line_id = fields.Many2one(
        "payroll.deduction.list.line", string="List line", readonly=True, ondelete="set null"
    )
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    name = fields.Char(readonly=True)
    national_id = fields.Char(
        string="National identity number",
        readonly=True,
        groups="association_base.group_association_user",
    )
    employee_number = fields.Char(readonly=True)
    amount_expected = fields.Monetary(string="On the list", readonly=True)
    amount_file = fields.Monetary(string="In the file", readonly=True)
    difference = fields.Monetary(compute="_compute_difference")
    status = fields.Selection(STATUSES, required=True, readonly=True)
    followed_up = fields.Boolean(help="The difference has been looked into.")
    note = fields.Char()

    @api.depends("amount_expected", "amount_file")
    def _compute_difference(self):
        for line in self:
            line.difference = line.currency_id.round(line.amount_file - line.amount_expected)

    # what the file said: set by the import only; users note their follow-up
    _PROTECTED_FIELDS = frozenset(
        (
            "import_id",
            "row",
            "list_line_id",
            "partner_id",
            "name",
            "national_id",
            "employee_number",
            "amount_expected",
            "amount_file",
            "status",
        )
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("The lines of a returned deduction file are made by importing it."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._PROTECTED_FIELDS.intersection(vals):
            raise AccessError(_("What a returned deduction file said is set by importing it."))
        return super().write(vals)
