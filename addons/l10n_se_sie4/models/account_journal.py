from odoo import api, fields, models

# Series letters Swedish bookkeeping programs use by default (Visma, Fortnox): A manual,
# B customer invoices, C customer payments, D supplier invoices, E supplier payments.
DEFAULT_SERIES = {"general": "A", "sale": "B", "bank": "C", "cash": "C", "purchase": "D"}


class AccountJournal(models.Model):
    _inherit = "account.journal"

    sie_series = fields.Char(
        string="SIE voucher series",
        compute="_compute_sie_series",
        store=True,
        readonly=False,
        size=10,
        help="Series of this journal's entries in SIE files (#VER). Entries are numbered per "
        "series and fiscal year the first time they are exported; exporting again gives the "
        "same numbers.",
    )

    @api.depends("type")
    def _compute_sie_series(self):
        for journal in self:
            if not journal.sie_series:
                journal.sie_series = DEFAULT_SERIES.get(journal.type, "A")
