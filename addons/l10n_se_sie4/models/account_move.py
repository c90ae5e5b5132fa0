from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    sie_series = fields.Char(string="SIE series", readonly=True, copy=False)
    sie_voucher_number = fields.Integer(string="SIE voucher number", readonly=True, copy=False)

    def init(self):
        super().init()
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS account_move_sie_voucher_index
                ON account_move (company_id, sie_series, sie_voucher_number)
             WHERE sie_voucher_number IS NOT NULL
            """
        )
