from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_receipt = fields.Boolean(
        "Send receipts",
        help="E-mail a receipt when an invoice is paid in full, whatever paid it.",
    )
    dunning_receipt_template_id = fields.Many2one(
        "mail.template",
        string="Receipt e-mail",
        domain=[("model", "=", "account.move")],
    )
