from collections import defaultdict

from odoo import models

from nordic_formats.se import bgmax

# the format name of BgMax files in the payment import (l10n_se_bankgiro)
BGMAX = "BgMax"


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _direct_debit_is_settlement(self, payment, file_format):
        # the payment specification in its BgMax form: the debits Autogiro made (channel 4)
        return super()._direct_debit_is_settlement(payment, file_format) or (
            file_format == BGMAX and payment.transaction_type == bgmax.CHANNEL_AUTOGIRO
        )

    def _direct_debit_match_settlements(self, payments, file_format):
        """The debits sent from the collections of the Autogiro payees booking on this
        journal, matched by the reference of the payment file, the amount and the day; a
        debit the bank made on another day than asked for (a renewed coverage check) by
        the reference and the amount if only one such debit is sent. The BgMax form gives
        no payer number (Bankgirot's technical manual, section 10); a payment no debit
        matches is imported as any other: matched by its reference, or left to a person."""
        if file_format != BGMAX:
            return super()._direct_debit_match_settlements(payments, file_format)
        self.ensure_one()
        lines = self.env["account.payment.line"].search(
            [
                ("order_id.payment_method_id.code", "=", "autogiro"),
                ("mandate_id.autogiro_payee_id.journal_id", "=", self.id),
                ("debit_state", "=", "sent"),
            ],
            order="date, id",
        )
        by_day = defaultdict(list)
        by_reference = defaultdict(list)
        for line in lines:
            key = (line._autogiro_reference().lstrip("0"), line._autogiro_amount())
            by_day[(*key, line.date)].append(line)
            by_reference[key].append(line)
        debits = {}
        for payment in payments:
            key = (payment.reference.lstrip("0"), payment.amount_minor)
            same_day = by_day.get((*key, payment.date))
            if same_day:
                line = same_day[0]
            elif len(by_reference.get(key, ())) == 1:
                line = by_reference[key][0]
            else:
                continue
            debits[payment.unique_id] = line
            for index in (by_day[(*key, line.date)], by_reference[key]):
                index.remove(line)
        return debits, {}
