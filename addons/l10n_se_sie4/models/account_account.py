from odoo import fields, models


class AccountAccount(models.Model):
    _inherit = "account.account"

    sie_sru_code = fields.Char(
        string="SRU code",
        help="Code of the tax return field (SRU) the account reports to; exported as #SRU.",
    )
