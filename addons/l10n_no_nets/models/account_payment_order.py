import base64
import datetime

from odoo import fields, models

from nordic_formats import bankdays
from nordic_formats.no import nets


def earliest_due_date():
    """The earliest due date of an AvtaleGiro claim sent to Nets now (Nets' lead time and
    cut-off, Norwegian time and holidays)."""
    return nets.earliest_due_date(datetime.datetime.now(datetime.timezone.utc))


class AccountPaymentOrder(models.Model):
    """An AvtaleGiro collection: its claims are due at the earliest on the day Nets' lead
    time allows (4 days, 5 after 14:00, Norwegian holidays not counted), on a Norwegian
    bank day, and its file is the claim file of the collection's bank journal."""

    _inherit = "account.payment.order"

    avtalegiro_file_ids = fields.One2many(
        "avtalegiro.file", "payment_order_id", string="AvtaleGiro files", readonly=True
    )

    def _direct_debit_debit_date(self, due_date):
        if self.payment_method_id.code != "avtalegiro":
            return super()._direct_debit_debit_date(due_date)
        earliest = earliest_due_date()
        return bankdays.next_bank_day(max(due_date or earliest, earliest), "NO")

    def _direct_debit_line_date(self, line):
        date = super()._direct_debit_line_date(line)
        if self.payment_method_id.code == "avtalegiro":
            date = max(date, self._l10n_no_avtalegiro_earliest(line))
        return date

    def _l10n_no_avtalegiro_earliest(self, line):
        """The earliest day Nets takes the claim ``line`` now: its lead time, or, when the
        payer's bank notifies the payer of it, Nets' monthly deadline of such claims (by
        14:00 on the last working day of a month for due dates from the 15th of the next
        month); on a Norwegian bank day."""
        earliest = self._direct_debit_debit_date(False)
        if line.mandate_id.l10n_no_avtalegiro_notify:
            notified = nets.earliest_due_date_notified(datetime.datetime.now(datetime.timezone.utc))
            earliest = max(earliest, bankdays.next_bank_day(notified, "NO"))
        return earliest

    def generate_payment_file(self):
        if self.payment_method_id.code != "avtalegiro":
            return super().generate_payment_file()
        record = self.env["avtalegiro.file"]._write_claims(self)
        return base64.b64decode(record.data), record.name

    def open2generated(self):
        action = super().open2generated()
        if len(self) == 1 and self.payment_method_id.code == "avtalegiro":
            # the AvtaleGiro file (its download, what it carries), not OCA's bare attachment
            return {
                "type": "ir.actions.act_window",
                "res_model": "avtalegiro.file",
                "res_id": self.avtalegiro_file_ids[:1].id,
                "views": [(False, "form")],
                "target": "current",
            }
        return action
