from odoo import _, models
from odoo.exceptions import UserError

from nordic_formats._records import decode
from nordic_formats.exceptions import FormatError
from nordic_formats.se import bgmax


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _parse_incoming_payment_file(self, data_file):
        # a BgMax file starts with its TK01 record: "01BGMAX"
        if decode(data_file[:80]).lstrip().startswith("01BGMAX"):
            parsed = bgmax.parse(data_file)
            if parsed.header.test:
                # TK01 position 45: "T" for Bankgirot's test files, "P" for production
                raise UserError(
                    _(
                        "%(file)s is a test file from Bankgirot (test mark T in its opening "
                        "record, not P): its payments are not real money. Nothing was imported.",
                        file=self.statement_filename,
                    )
                )
            receiving = {section.bankgiro for section in parsed.sections}
            if len(receiving) > 1:
                # one file per bankgiro number: Bankgirot delivers them so
                numbers = ", ".join(sorted(receiving))
                raise FormatError(
                    f"the file holds payments to several bankgiro numbers ({numbers})"
                )
            return "BgMax", receiving.pop() if receiving else "", bgmax.incoming_payments(parsed)
        return super()._parse_incoming_payment_file(data_file)
