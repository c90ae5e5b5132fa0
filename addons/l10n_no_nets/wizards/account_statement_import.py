import base64

from odoo import models

from nordic_formats._records import decode
from nordic_formats.exceptions import FormatError
from nordic_formats.no import nets

from ..models.account_journal import NETS_OCR_GIRO


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
            return NETS_OCR_GIRO, accounts.pop() if accounts else "", payments
        return super()._parse_incoming_payment_file(data_file)

    def import_file_button(self):
        """Nets' AvtaleGiro agreement files come through the same screen: they move no
        money, so they are imported as AvtaleGiro files, not as statements."""
        self.ensure_one()
        data = base64.b64decode(self.statement_file or b"")
        Files = self.env["avtalegiro.file"]
        if not Files._is_agreement_file(data):
            return super().import_file_button()
        journal = self.env["account.journal"].browse(self.env.context.get("journal_id"))
        record = Files._import_agreements(
            data, self.statement_filename or "AvtaleGiro", journal=journal or None
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "avtalegiro.file",
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
