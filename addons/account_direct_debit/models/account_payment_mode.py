from odoo import fields, models


class AccountPaymentMode(models.Model):
    _inherit = "account.payment.mode"

    direct_debit_format = fields.Char(related="payment_method_id.direct_debit_format")
    direct_debit_retries = fields.Integer(
        string="Retries of a failed debit",
        default=2,
        help="How many times an invoice whose debit failed (insufficient funds, for example) "
        "is debited again in the next collections before it is handed to reminders.",
    )
