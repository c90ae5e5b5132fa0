from odoo import models
from odoo.tools import create_index


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft)
        posted.filtered(lambda move: move.move_type == "out_invoice")._payment_import_use_credits()
        return posted

    def _payment_import_use_credits(self):
        """A customer who paid too much has a credit: their next invoices use it at once."""
        if not self:
            return
        # sudo: whoever posts an invoice (a billing-only user too) has the customer's own
        # unused credits of the invoice's company applied to it; the import log itself stays
        # the accountants'
        credits = (
            self.env["account.payment.import.line"]
            .sudo()
            .search(
                [
                    ("payment_match", "=", "overpaid"),
                    ("move_line_id.reconciled", "=", False),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                order="date, id",
            )
            .move_line_id.with_env(self.env)
        )
        for invoice in self.sorted(lambda move: (move.invoice_date or move.date, move.id)):
            receivable = invoice.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
            )
            usable = credits.filtered(
                lambda aml, invoice=invoice, receivable=receivable: (
                    not aml.reconciled
                    and aml.partner_id == invoice.commercial_partner_id
                    and aml.account_id == receivable.account_id
                )
            )
            if receivable and usable:
                (usable + receivable).reconcile()

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
