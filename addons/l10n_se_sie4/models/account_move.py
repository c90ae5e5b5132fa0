from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    sie_voucher_ids = fields.One2many("l10n_se_sie4.voucher", "move_id", readonly=True)
    sie_series = fields.Char(string="SIE series", compute="_compute_sie_voucher")
    sie_voucher_number = fields.Integer(string="SIE voucher number", compute="_compute_sie_voucher")

    @api.depends("sie_voucher_ids")
    def _compute_sie_voucher(self):
        for move in self:
            voucher = move.sie_voucher_ids[:1]
            move.sie_series = voucher.series
            move.sie_voucher_number = voucher.number
