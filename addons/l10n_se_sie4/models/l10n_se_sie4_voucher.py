from odoo import fields, models


class L10nSeSie4Voucher(models.Model):
    """The SIE voucher number of a journal entry, given the first time it is exported (or
    taken from the file it was imported from) and kept: exporting the same period again
    gives the same numbers. A narrow table of its own, so that numbering a year of a large
    association's books is one quick insert, not an update of every journal entry."""

    _name = "l10n_se_sie4.voucher"
    _description = "SIE voucher number"
    _log_access = False
    _rec_name = "number"

    move_id = fields.Many2one("account.move", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    fiscal_year = fields.Date(string="Fiscal year start", required=True, readonly=True)
    series = fields.Char(required=True, readonly=True)
    number = fields.Integer(required=True, readonly=True)

    _sql_constraints = [
        ("move_unique", "unique(move_id)", "A journal entry has one SIE voucher number."),
        (
            "number_unique",
            "unique(company_id, fiscal_year, series, number)",
            "A SIE voucher number is used once per series and fiscal year.",
        ),
    ]
