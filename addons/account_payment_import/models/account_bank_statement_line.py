from odoo import fields, models

from .account_payment_import_line import PAYMENT_MATCH


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    payment_import_id = fields.Many2one(
        "account.payment.import", string="Payment import", readonly=True, index="btree_not_null"
    )
    payment_match = fields.Selection(
        PAYMENT_MATCH,
        readonly=True,
        index="btree_not_null",
        help="What the import did with this payment. Unmatched payments wait in "
        "Accounting > Unmatched payments to be reconciled by hand.",
    )

    def _auto_reconcile(self):
        # account_reconcile_oca applies the reconciliation models to every new line; the
        # payments an import matched are reconciled by the import itself (right after
        # creating them), only its unmatched ones are left to the models.
        return super(
            AccountBankStatementLine,
            self.filtered(lambda line: line.payment_match in (False, "unmatched")),
        )._auto_reconcile()
