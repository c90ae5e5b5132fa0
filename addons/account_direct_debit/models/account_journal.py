from collections import defaultdict

from odoo import _, models


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
        unbooked = Line
        records = {record.unique_id: record for record in log.line_ids}
        for payment in settlements:
            debit = debits.get(payment.unique_id)
            record = records.get(payment.unique_id)
            if not debit or not record:
                continue
            if debit.move_id in record.invoice_ids:
                by_date[payment.date] |= debit
            else:  # not booked on its invoice (not one of the journal's): to see to by hand
                unbooked |= debit
        for date, lines in by_date.items():
            lines._direct_debit_paid(date)
        for debit in unbooked:
            debit.move_id.message_post(
                body=_(
                    "The bank reports the direct debit of %(amount)s of this invoice in "
                    "%(file)s, but the payment could not be booked on it (it is paid already, "
                    "or %(journal)s does not book its organisation's invoices): the payment "
                    "waits unmatched in the import; reconcile it, or refund the payer.",
                    amount=debit.currency_id.format(debit.amount_currency),
                    file=file_name,
                    journal=self.display_name,
                )
            )
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
