from odoo import models
from odoo.tools import create_index


class AccountMove(models.Model):
    _inherit = "account.move"

    def init(self):
        super().init()
        # Payment files are matched on the payment reference (OCR, KID) of open customer
        # invoices; core only has a trigram index on it, which does not serve equality.
        create_index(
            self.env.cr,
            "account_move_open_payment_reference_idx",
            self._table,
            ["company_id", "payment_reference"],
            where="move_type IN ('out_invoice', 'out_receipt') AND state = 'posted' "
            "AND payment_state IN ('not_paid', 'partial') AND payment_reference IS NOT NULL",
        )
