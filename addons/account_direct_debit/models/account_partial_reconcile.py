from odoo import api, models

PENDING = "account_direct_debit.paid_otherwise"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """An invoice being collected that is paid (or credited) otherwise: the job that
        withdraws its sent debit is started when the transaction is saved (once, however
        many reconciliations it makes; not if it is rolled back)."""
        partials = super().create(vals_list)
        precommit = self.env.cr.precommit
        if PENDING not in precommit.data:
            moves = partials.debit_move_id.move_id | partials.credit_move_id.move_id
            if "collecting" in moves.mapped("direct_debit_state"):
                precommit.data[PENDING] = True
                # (ir.cron._trigger makes the trigger as superuser: any user may start it)
                cron = self.env.ref("account_direct_debit.ir_cron_direct_debit_paid_otherwise")
                precommit.add(cron._trigger)
        return partials
