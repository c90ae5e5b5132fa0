from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PayrollEmployment(models.Model):
    """A member's employment with an employer that deducts the union's dues."""

    _name = "payroll.employment"
    _description = "Employment of a member"
    _order = "partner_id, date_start desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        domain="[('is_company', '=', False)]",
    )
    employer_id = fields.Many2one(
        "payroll.employer", string="Employer", required=True, index=True, check_company=True
    )
    employee_number = fields.Char(help="The member's number in the employer's payroll.")
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", help="Empty: still employed.")
    gross_pay = fields.Monetary(
        string="Monthly gross pay",
        groups="association_base.group_association_user",
        help="What a percentage deduction rule charges its percentage of.",
    )
    deduct_dues = fields.Boolean(
        string="Dues deducted from pay",
        default=True,
        help="The employer deducts the member's dues from their pay and pays them to the "
        "organisation: the member gets no dues invoice of their own in a period in which "
        "this employment runs.",
    )
    addon_product_ids = fields.Many2many(
        "product.product",
        string="Insurance add-ons",
        check_company=True,
        help="Add-ons deducted with the dues each month, at the price the period's deduction "
        "rule gives them.",
    )

    _sql_constraints = [
        (
            "dates",
            "CHECK (date_end IS NULL OR date_end >= date_start)",
            "An employment ends on or after its start.",
        ),
    ]

    @api.depends("partner_id", "employer_id")
    def _compute_display_name(self):
        for employment in self:
            employment.display_name = (
                f"{employment.partner_id.name} – {employment.employer_id.name}"
                if employment.employer_id
                else employment.partner_id.name
            )

    @api.constrains("partner_id")
    def _check_partner_visible(self):
        self.partner_id._check_visible()

    @api.constrains("partner_id", "company_id", "date_start", "date_end", "deduct_dues")
    def _check_one_deduction_at_a_time(self):
        """The dues of a month are deducted by one employer only."""
        for employment in self.filtered("deduct_dues"):
            domain = [
                ("id", "!=", employment.id),
                ("partner_id", "=", employment.partner_id.id),
                ("company_id", "=", employment.company_id.id),
                ("deduct_dues", "=", True),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", employment.date_start),
            ]
            if employment.date_end:
                domain.append(("date_start", "<=", employment.date_end))
            # sudo: an overlap is refused whoever may see the other employment
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(
                    _(
                        "%(person)s already has dues deducted by %(employer)s from %(start)s: "
                        "two employers cannot deduct the dues of the same days.",
                        person=employment.partner_id.display_name,
                        employer=other.employer_id.name,
                        start=other.date_start,
                    )
                )

    @api.model
    def _deducted_partner_ids(self, company, date_from, date_to):
        """Ids of the people of ``company`` whose dues an employer deducts on some day from
        ``date_from`` to ``date_to``."""
        # sudo: only decides whether dues are invoiced to the member; nothing of the
        # employments is shown
        employments = self.sudo().search_fetch(
            [
                ("company_id", "=", company.id),
                ("deduct_dues", "=", True),
                ("date_start", "<=", date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date_from),
            ],
            ["partner_id"],
        )
        return set(employments.partner_id.ids)
