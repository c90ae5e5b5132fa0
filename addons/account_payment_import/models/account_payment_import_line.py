from odoo import fields, models

PAYMENT_MATCH = [
    ("matched", "Paid in full"),
    ("partial", "Partially paid"),
    ("overpaid", "Overpaid (credit)"),
    ("unmatched", "Unmatched"),
]


class AccountPaymentImportLine(models.Model):
    """One payment of an imported file, and what the import did with it.

    The record of "this payment was imported": its unique id (from the bank file) can be
    imported only once per company. Payments matched to invoices are booked together on
    one bank statement line per day (their reconciliation is per payment); an unmatched
    payment gets a statement line of its own, to be reconciled by hand.
    """

    _name = "account.payment.import.line"
    _description = "Imported payment"
    _order = "import_id desc, sequence, id"

    import_id = fields.Many2one(
        "account.payment.import", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="import_id.currency_id")
    sequence = fields.Integer(readonly=True)
    unique_id = fields.Char(string="Bank's payment id", required=True, readonly=True)
    source_line = fields.Integer(string="Line in file", readonly=True)
    date = fields.Date(required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    reference = fields.Char(readonly=True, index="btree_not_null")
    payer_name = fields.Char(readonly=True)
    payer_account = fields.Char(readonly=True)
    message = fields.Text(readonly=True)
    payment_match = fields.Selection(PAYMENT_MATCH, readonly=True, required=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    statement_line_id = fields.Many2one(
        "account.bank.statement.line", readonly=True, index="btree_not_null"
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Journal item",
        readonly=True,
        help="The customer's receivable line this payment was booked on.",
    )

    _sql_constraints = [
        (
            "unique_id_company_unique",
            "unique(company_id, unique_id)",
            "This payment has been imported already.",
        ),
    ]
