import base64

from odoo import _, models
from odoo.exceptions import UserError

from nordic_formats.exceptions import NordicFormatError


class AccountStatementImport(models.TransientModel):
    """The standard statement import screen (OCA account_statement_import_file) also takes
    incoming-payment files: format modules teach it their formats through
    :meth:`_parse_incoming_payment_file`."""

    _inherit = "account.statement.import"

    def _parse_incoming_payment_file(self, data_file):
        """Chain of responsibility: a format module returns ``(format name, receiving
        account, [IncomingPayment])`` for a file it recognises, else calls super. Parsing
        errors are :class:`nordic_formats.exceptions.NordicFormatError`."""
        return None

    def _import_file(self):
        self.ensure_one()
        file_data = base64.b64decode(self.statement_file)
        try:
            parsed = self._parse_incoming_payment_file(file_data)
        except NordicFormatError as error:
            raise UserError(
                _(
                    "%(file)s cannot be imported, nothing was recorded: %(error)s",
                    file=self.statement_filename,
                    error=error,
                )
            ) from error
        if parsed is None:
            return super()._import_file()
        file_format, account_number, payments = parsed
        journal = self._match_payment_file_journal(account_number)
        log = journal._import_incoming_payments(
            payments, self.statement_filename, file_data, file_format
        )
        return {
            "statement_ids": log.statement_id.ids,
            "notifications": [log.summary],
            "payment_import_id": log.id,
        }

    def import_file_button(self):
        result = self._import_file()
        if "payment_import_id" not in result:
            return super().import_file_button()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": False,
                "message": result["notifications"][0],
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "account.payment.import",
                    "res_id": result["payment_import_id"],
                    "views": [(False, "form")],
                },
            },
        }

    def _match_payment_file_journal(self, account_number):
        """The bank journal the import was started from, which must receive payments on the
        file's account; without one, the only journal that does."""
        Journal = self.env["account.journal"]
        journal = Journal.browse(self.env.context.get("journal_id"))
        if not journal:
            journal = Journal.search(
                [("type", "=", "bank"), ("company_id", "in", self.env.companies.ids)]
            ).filtered(lambda j: j._receives_payment_file_account(account_number))
            if len(journal) != 1:
                raise UserError(
                    _(
                        "No single bank journal receives payments on account %s: start the import "
                        "from the bank journal, and set the account on it.",
                        account_number,
                    )
                )
        elif not journal._receives_payment_file_account(account_number):
            raise UserError(
                _(
                    "The file is for account %(account)s; journal %(journal)s does not receive "
                    "payments on it.",
                    account=account_number,
                    journal=journal.display_name,
                )
            )
        return journal
