from collections import defaultdict

from odoo import models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _import_incoming_payments(self, payments, file_name, file_data, file_format):
        """A bank file may report debits of this journal's collections among its payments
        (Nets' OCR giro: AvtaleGiro claims; BgMax: Autogiro debits). Each one matched with
        its debit (:meth:`_direct_debit_match_settlements`) pays that debit's invoice, and
        the debit is marked debited on the day it was paid."""
        settlements = [p for p in payments if self._direct_debit_is_settlement(p, file_format)]
        if settlements:
            # payments imported before are left to the import, which skips them
            known = self._payment_import_known_ids([p.unique_id for p in settlements])
            settlements = [p for p in settlements if p.unique_id not in known]
        if not settlements:
            return super()._import_incoming_payments(payments, file_name, file_data, file_format)
        debits, replaced = self._direct_debit_match_settlements(settlements, file_format)
        for payment in settlements:
            debit = debits.get(payment.unique_id)
            if debit:
                # the debit's invoice, whatever reference the bank gives (Nets: the payer's
                # KID, which may be another invoice's)
                move = debit.move_id
                replaced[payment.unique_id] = payment._replace(
                    references=(move.payment_reference or move.name,)
                )
        payments = [replaced.get(p.unique_id, p) for p in payments]
        log = super()._import_incoming_payments(payments, file_name, file_data, file_format)
        Line = self.env["account.payment.line"]
        by_date = defaultdict(lambda: Line)
        for payment in settlements:
            if payment.unique_id in debits:
                by_date[payment.date] |= debits[payment.unique_id]
        for date, lines in by_date.items():
            lines._direct_debit_paid(date)
        return log

    def _direct_debit_is_settlement(self, payment, file_format):
        """Whether ``payment`` (an IncomingPayment of a ``file_format`` file) is a debit a
        direct-debit scheme made. Format modules extend it."""
        return False

    def _direct_debit_match_settlements(self, payments, file_format):
        """``({unique id: payment line}, {unique id: IncomingPayment})`` for these new
        settlements: the debit of this journal's collections each one pays, and the
        payments to import otherwise than the file gives them (the debit's invoice
        reference is set by the caller for a matched one). Format modules implement it."""
        return {}, {}
