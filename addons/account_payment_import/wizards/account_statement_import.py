import base64

from odoo import _, models
from odoo.exceptions import UserError

from nordic_formats.exceptions import NordicFormatError


class AccountStatementImport(models.TransientModel):
    """The standard statement import screen (OCA account_statement_import_file) also takes
    incoming-payment files: format modules teach it their formats through
    :meth:`_parse_incoming_payment_file`. A file none of them recognises goes through OCA's
    standard import (CAMT, OFX ... modules), exactly once."""

    _inherit = "account.statement.import"

    def _parse_incoming_payment_file(self, data_file):
        """Chain of responsibility: a format module returns ``(format name, receiving
        account, [IncomingPayment])`` for a file it recognises, else calls super. Parsing
        errors are :class:`nordic_formats.exceptions.NordicFormatError`."""
        return None

    def _parse_payment_file(self):
        """``(file content, parsed payment file or None)`` of the uploaded file."""
        self.ensure_one()
        file_data = base64.b64decode(self.statement_file)
        try:
            return file_data, self._parse_incoming_payment_file(file_data)
        except NordicFormatError as error:
            raise UserError(
                _(
                    "%(file)s cannot be imported, nothing was recorded: %(error)s",
                    file=self.statement_filename,
                    error=error,
                )
            ) from error

    def _import_payment_file(self, file_data, parsed):
        file_format, account_number, payments = parsed
        journal = self._match_payment_file_journal(account_number)
        return journal._import_incoming_payments(
            payments, self.statement_filename, file_data, file_format
        )

    def _import_file(self):
        self.ensure_one()
        if self.env.context.get("payment_import_not_a_payment_file"):
            # import_file_button() found no payment format: OCA's import, without asking again
            return super()._import_file()
        file_data, parsed = self._parse_payment_file()
        if parsed is None:
            return super()._import_file()
        log = self._import_payment_file(file_data, parsed)
        return {
            "statement_ids": log.statement_id.ids,
            "notifications": [log.summary],
            "payment_import_id": log.id,
        }

    def import_file_button(self):
        self.ensure_one()
        file_data, parsed = self._parse_payment_file()
        if parsed is None:
            # not a payment file: OCA's button imports it (its _import_file, once)
            return super(
                AccountStatementImport,
                self.with_context(payment_import_not_a_payment_file=True),
            ).import_file_button()
        log = self._import_payment_file(file_data, parsed)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": False,
                "message": log.summary,
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "account.payment.import",
                    "res_id": log.id,
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
