from odoo import fields, models


class AccountPaymentMethod(models.Model):
    _inherit = "account.payment.method"

    direct_debit_format = fields.Char(
        help="The mandate format (of the payers' direct-debit mandates) this method collects "
        "by. A payment order of such a method is a direct-debit collection: its invoices are "
        "settled by the bank's report of what was debited, not booked as paid when the file "
        "is sent.",
    )
