from odoo import api, models

# the signers' day: Stockholm's and Oslo's (the same)
SIGNERS_TIME_ZONE = "Europe/Stockholm"


class AccountBankingMandate(models.Model):
    _inherit = "account.banking.mandate"

    def write(self, vals):
        res = super().write(vals)
        # record rules are checked before a write only: a mandate is not moved to an
        # organisation out of the user's reach
        if not self.env.su and "company_id" in vals:
            self.check_access("write")
        return res

    @api.constrains("signature_date", "last_debit_date")
    def _check_dates(self):
        # A date of signature is in the future when it is after today in Stockholm and
        # Oslo, where the mandates are signed: that day is still tomorrow for a user or a
        # job in UTC (OCA checks it against the day in the time zone of whoever writes the
        # mandate, also when only a debit is recorded on it).
        return super(AccountBankingMandate, self.with_context(tz=SIGNERS_TIME_ZONE))._check_dates()
