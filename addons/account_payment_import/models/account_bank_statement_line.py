from odoo import fields, models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    payment_import_id = fields.Many2one(
        "account.payment.import", string="Payment import", readonly=True, index="btree_not_null"
    )
    payment_match = fields.Selection(
        [
            ("matched", "Paid in full"),
            ("partial", "Partially paid"),
            ("overpaid", "Overpaid (credit)"),
            ("unmatched", "Unmatched"),
        ],
        readonly=True,
        index="btree_not_null",
        help="What the import did with this payment. Unmatched payments wait in "
        "Accounting > Unmatched payments to be reconciled by hand.",
    )
