from odoo import fields, models

CHANNEL = [("direct_debit", "Direct debit")]


class AccountBillingRun(models.Model):
    _inherit = "account.billing.run"

    default_channel = fields.Selection(
        selection_add=CHANNEL, ondelete={"direct_debit": "set default"}
    )
