from odoo import models


class AccountPaymentLine(models.Model):
    _inherit = "account.payment.line"

    def _autogiro_reference(self):
        """The reference of the debit in the payment file (16 characters): the invoice's
        payment reference when it fits, else its number. The bank's report gives it back."""
        self.ensure_one()
        reference = (self.communication or "").replace(" ", "")
        if len(reference) > 16:
            reference = "".join(ch for ch in self.move_id.name or "" if ch.isalnum())[-16:]
        return reference

    def _autogiro_amount(self):
        """The amount in öre."""
        self.ensure_one()
        return round(self.currency_id.round(self.amount_currency) * 100)

    def _direct_debit_withdraw(self):
        autogiro = self.filtered(lambda line: line.order_id.payment_method_id.code == "autogiro")
        files = super(AccountPaymentLine, self - autogiro)._direct_debit_withdraw()
        Files = self.env["autogiro.file"]
        for payee, lines in autogiro.grouped(
            lambda line: line.mandate_id.autogiro_payee_id
        ).items():
            files.append(Files._write_withdrawal_file(payee, lines))
        return files
