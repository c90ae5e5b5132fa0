from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    work_situation_id = fields.Many2one(
        "membership.work.situation",
        string="Work situation",
        help="Fee rules may depend on it (student, retired, unemployed ...).",
    )
