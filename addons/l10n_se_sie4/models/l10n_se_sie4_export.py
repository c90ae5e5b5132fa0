from odoo import fields, models


class L10nSeSie4Export(models.Model):
    """What was exported, by whom and when: the treasurer downloads earlier files again."""

    _name = "l10n_se_sie4.export"
    _description = "SIE export"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    fiscal_year_start = fields.Date(required=True, readonly=True)
    fiscal_year_end = fields.Date(required=True, readonly=True)
    voucher_count = fields.Integer(string="Vouchers", readonly=True)
    line_count = fields.Integer(string="Transactions", readonly=True)
    locked = fields.Boolean(
        string="Period locked", readonly=True, help="The export set the lock date to its end."
    )
    file = fields.Binary(attachment=True, readonly=True)
    file_size = fields.Integer(readonly=True)
    checksum = fields.Char(string="KSUMMA", readonly=True)
