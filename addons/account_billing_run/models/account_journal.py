from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    billing_payment_notice = fields.Boolean(
        string="Payment notices",
        help="Documents of this sales journal are payment notices, not invoices: the PDF is "
        "titled 'Payment notice' and shows no invoice number; the payment reference (OCR, "
        "KID) identifies the payment. For voluntary dues, which are not a legal claim. The "
        "entries keep their journal sequence number as voucher number for the books.",
    )
