from odoo import models

from nordic_formats._records import decode
from nordic_formats.exceptions import FormatError
from nordic_formats.no import nets


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _parse_incoming_payment_file(self, data_file):
        # a Nets OCR giro file starts with its transmission start: NY000010
        if decode(data_file[:80]).lstrip().startswith("NY000010"):
            payments = nets.incoming_payments(data_file)
            accounts = {payment.receiving_account for payment in payments}
            if len(accounts) > 1:
                raise FormatError(
                    f"the file holds payments to several accounts ({', '.join(sorted(accounts))})"
                )
            return "Nets OCR giro", accounts.pop() if accounts else "", payments
        return super()._parse_incoming_payment_file(data_file)
