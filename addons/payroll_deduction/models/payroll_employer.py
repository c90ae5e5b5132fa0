from odoo import api, fields, models

LIST_FORMATS = [("xlsx", "Excel (XLSX)"), ("csv", "CSV")]


class PayrollEmployer(models.Model):
    """An employer that deducts the union's dues from its employees' pay, as seen by one
    organisation: the employer is a company of the shared address book; who receives its
    lists and in which format is the organisation's own business."""

    _name = "payroll.employer"
    _description = "Employer deducting dues"
    _order = "name, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Employer",
        required=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="The employer in the address book: its invoices for the deducted dues are made "
        "out to it.",
    )
    name = fields.Char(related="partner_id.name", store=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Payroll office contact",
        help="Receives the monthly deduction lists by e-mail. Empty: the employer's own "
        "e-mail address.",
    )
    list_format = fields.Selection(
        LIST_FORMATS,
        string="List format",
        required=True,
        default="xlsx",
        help="The format of the deduction lists sent to this employer.",
    )
    employment_ids = fields.One2many("payroll.employment", "employer_id", string="Employments")
    employment_count = fields.Integer(compute="_compute_employment_count", string="Employees")

    _sql_constraints = [
        (
            "partner_company_unique",
            "unique(partner_id, company_id)",
            "This employer is already registered for the organisation.",
        )
    ]

    @api.depends("employment_ids")
    def _compute_employment_count(self):
        counts = dict(
            self.env["payroll.employment"]._read_group(
                [("employer_id", "in", self.ids)], ["employer_id"], ["__count"]
            )
        )
        for employer in self:
            employer.employment_count = counts.get(employer, 0)

    def _list_recipient(self):
        """Who receives the lists: the payroll office contact, else the employer."""
        self.ensure_one()
        return self.contact_id or self.partner_id

    def action_open_employments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "payroll.employment",
            "view_mode": "list,form",
            "domain": [("employer_id", "=", self.id)],
            "context": {"default_employer_id": self.id, "default_company_id": self.company_id.id},
        }
