from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sie_chart_type = fields.Char(
        string="SIE chart type",
        default="BAS2014",
        help="#KPTYP of exported files: the chart of accounts (BAS2014, EUBAS97 ...).",
    )
    sie_cost_centre_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Cost centres (SIE dimension 1)",
        help="Analytic accounts of this plan are exported as cost centres (#DIM 1).",
    )
    sie_project_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Projects (SIE dimension 6)",
        help="Analytic accounts of this plan are exported as projects (#DIM 6).",
    )

    def _sie_dimension_plans(self):
        """``{SIE dimension: analytic plan}`` configured for this company."""
        self.ensure_one()
        return {
            dimension: plan
            for dimension, plan in (
                (1, self.sie_cost_centre_plan_id),
                (6, self.sie_project_plan_id),
            )
            if plan
        }
