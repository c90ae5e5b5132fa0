from odoo import api, fields, models


class AccountPaymentImport(models.Model):
    """One imported payment file: what it held and what became of each payment.

    Kept for every import, also one that added nothing (a file imported twice), so the
    accountant can see who imported what and when, and download the original again.
    """

    _name = "account.payment.import"
    _description = "Payment file import"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    file = fields.Binary(string="Original file", attachment=True, readonly=True)
    file_hash = fields.Char(string="SHA-256", index=True, readonly=True)
    file_format = fields.Char(string="Format", readonly=True)
    journal_id = fields.Many2one(
        "account.journal", required=True, readonly=True, check_company=True, index=True
    )
    company_id = fields.Many2one(related="journal_id.company_id", store=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    statement_id = fields.Many2one("account.bank.statement", readonly=True)
    line_ids = fields.One2many(
        "account.payment.import.line", "import_id", string="Payments", readonly=True
    )
    count_total = fields.Integer(string="Payments in file", readonly=True)
    count_duplicate = fields.Integer(string="Already imported", readonly=True)
    count_matched = fields.Integer(string="Paid in full", readonly=True)
    count_partial = fields.Integer(string="Partially paid", readonly=True)
    count_overpaid = fields.Integer(string="Overpaid", readonly=True)
    count_unmatched = fields.Integer(string="Unmatched", readonly=True)
    amount_total = fields.Monetary(string="Amount in file", readonly=True)
    amount_new = fields.Monetary(string="Amount imported", readonly=True)
    amount_unmatched = fields.Monetary(string="Amount unmatched", readonly=True)
    summary = fields.Char(compute="_compute_summary")

    @api.depends("count_total", "count_duplicate", "count_unmatched")
    def _compute_summary(self):
        for record in self:
            record.summary = self.env._(
                "%(new)s new, %(duplicates)s already imported, %(unmatched)s unmatched",
                new=record.count_total - record.count_duplicate,
                duplicates=record.count_duplicate,
                unmatched=record.count_unmatched,
            )
