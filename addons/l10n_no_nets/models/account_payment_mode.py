from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountPaymentMode(models.Model):
    _inherit = "account.payment.mode"

    direct_debit_settle_days = fields.Integer(
        string="Bank days to wait for the payment",
        default=3,
        help="AvtaleGiro: Nets reports the claims the payers' banks paid, never those they "
        "did not. A claim not paid when this many Norwegian bank days have passed after its "
        "due date is marked failed (and retried in the next collection, then reminded).",
    )

    @api.constrains("direct_debit_settle_days")
    def _check_direct_debit_settle_days(self):
        for mode in self:
            if mode.direct_debit_settle_days < 0:
                raise ValidationError(
                    _(
                        "Payment mode %s: the bank days to wait for the payment cannot be "
                        "negative.",
                        mode.name,
                    )
                )
