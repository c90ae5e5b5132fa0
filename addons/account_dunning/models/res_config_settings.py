from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_receipt = fields.Boolean(related="company_id.dunning_receipt", readonly=False)
    dunning_receipt_template_id = fields.Many2one(
        related="company_id.dunning_receipt_template_id", readonly=False
    )
