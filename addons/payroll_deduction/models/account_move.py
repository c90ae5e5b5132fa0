from odoo import models

from .payroll_deduction_list import BILLING_KEY_PREFIX


class AccountMove(models.Model):
    _inherit = "account.move"

    def _deduction_lists(self):
        """The deduction lists these invoices were made for."""
        moves = self.filtered(lambda move: (move.billing_key or "").startswith(BILLING_KEY_PREFIX))
        if not moves:
            return self.env["payroll.deduction.list"]
        # sudo: the lists of the invoices the user cancels, resets or deletes, of the
        # invoices' own organisations; who may cancel an invoice may not read lists, and what
        # is written on them is only what happened to their invoice
        return self.env["payroll.deduction.list"].sudo().search([("invoice_id", "in", moves.ids)])

    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        lists = self._deduction_lists()
        if vals["state"] == "cancel":
            result = super().write(vals)
            sent = lists.filtered(lambda record: record.state == "done")
            sent._invoice_gone({record.id: record.invoice_id.name for record in sent}, False)
            return result
        # a cancelled invoice reset to draft is its list's invoice again
        restored = lists.filtered(
            lambda record: record.state == "cancelled" and record.invoice_id.state == "cancel"
        )
        restored._check_restorable()
        result = super().write(vals)
        restored._invoice_restored()
        return result

    def unlink(self):
        lists = self._deduction_lists().filtered(lambda record: record.state == "done")
        names = {record.id: record.invoice_id.name for record in lists}
        result = super().unlink()
        lists._invoice_gone(names, True)
        return result
