from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        # every way of paying ends here: a card payment on the portal, a bank file, a
        # payment registered by hand, a credit note
        (partials.debit_move_id.move_id | partials.credit_move_id.move_id)._receipt_mark_pending()
        return partials
