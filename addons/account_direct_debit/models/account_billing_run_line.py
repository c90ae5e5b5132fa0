from odoo import fields, models

from .account_billing_run import CHANNEL


class AccountBillingRunLine(models.Model):
    _inherit = "account.billing.run.line"

    channel = fields.Selection(
        selection_add=CHANNEL,
        ondelete={"direct_debit": lambda lines: lines.write({"channel": "email"})},
    )
