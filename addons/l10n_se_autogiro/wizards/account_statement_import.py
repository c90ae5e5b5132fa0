import base64

from odoo import models


class AccountStatementImport(models.TransientModel):
    """The statement import screen (account_payment_import's one path for bank files) also
    takes Bankgirot's Autogiro reports: they are imported as Autogiro files (a payment
    specification books its approved debits through account_payment_import itself)."""

    _inherit = "account.statement.import"

    def import_file_button(self):
        self.ensure_one()
        data = base64.b64decode(self.statement_file or b"")
        Files = self.env["autogiro.file"]
        if not Files._is_autogiro_report(data):
            return super().import_file_button()
        record = Files._import_report(data, self.statement_filename or "Autogiro")
        return {
            "type": "ir.actions.act_window",
            "res_model": "autogiro.file",
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
