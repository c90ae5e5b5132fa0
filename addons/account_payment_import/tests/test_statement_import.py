import base64
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import PaymentImportCase


@tagged("post_install", "-at_install")
class TestStatementImport(PaymentImportCase):
    def test_file_no_payment_parser_knows_goes_through_the_standard_import_once(self):
        """A CAMT or OFX module extends OCA's _parse_file: stood in for by a parser of this
        test's own (Odoo's import itself runs for real)."""
        Import = self.registry["account.statement.import"]
        parsed = []

        def parse_file(wizard, data):
            parsed.append(data)
            day = date(2026, 3, 2)
            return (
                self.currency.name,
                None,
                [
                    {
                        "name": "Statement 7",
                        "date": day,
                        "transactions": [
                            {
                                "payment_ref": "Bank charges",
                                "date": day,
                                "amount": -25.0,
                                "unique_import_id": "STMT7:1",
                            }
                        ],
                    }
                ],
            )

        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=self.bank.id)
            .create(
                {
                    "statement_file": base64.b64encode(b"<Document>statement</Document>"),
                    "statement_filename": "statement.xml",
                }
            )
        )
        with patch.object(Import, "_parse_file", parse_file):
            action = wizard.import_file_button()
        self.assertEqual(len(parsed), 1, "parsed (and imported) once")
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank.id), ("payment_ref", "=", "Bank charges")]
        )
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.amount, -25.0)
        self.assertFalse(self.env["account.payment.import"].search([]))
        # OCA's own answer: the imported statements
        self.assertEqual(action["res_model"], "account.bank.statement")
        self.assertEqual(action["domain"], [("id", "in", lines.statement_id.ids)])
