from odoo import models


class AccountBankingMandate(models.Model):
    _inherit = "account.banking.mandate"

    def write(self, vals):
        res = super().write(vals)
        # record rules are checked before a write only: a mandate is not moved to an
        # organisation out of the user's reach
        if not self.env.su and "company_id" in vals:
            self.check_access("write")
        return res
