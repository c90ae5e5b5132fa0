import base64

from odoo import fields, models

from nordic_formats import bankdays


class AccountPaymentOrder(models.Model):
    """An Autogiro collection: its debits are asked for on Swedish bank days, at the
    earliest the bank day after the file is written (Bankgirot takes payment files up to
    the bank day before the payment day), and its file is the payee's sealed payment file."""

    _inherit = "account.payment.order"

    autogiro_file_ids = fields.One2many(
        "autogiro.file", "payment_order_id", string="Autogiro files", readonly=True
    )

    def _direct_debit_debit_date(self, due_date):
        if self.payment_method_id.code != "autogiro":
            return super()._direct_debit_debit_date(due_date)
        earliest = bankdays.add_bank_days(bankdays.today("SE"), 1, "SE")
        return bankdays.next_bank_day(max(due_date or earliest, earliest), "SE")

    def generate_payment_file(self):
        if self.payment_method_id.code != "autogiro":
            return super().generate_payment_file()
        record = self.env["autogiro.file"]._write_payment_file(self)
        # sudo: the file just written, returned to the user who wrote it (OCA keeps it as
        # the order's attachment)
        return base64.b64decode(record.sudo().data), record.name

    def open2generated(self):
        action = super().open2generated()
        if len(self) == 1 and self.payment_method_id.code == "autogiro":
            # the Autogiro file (its download, its delivery, what it carries), not OCA's
            # bare attachment
            return {
                "type": "ir.actions.act_window",
                "res_model": "autogiro.file",
                "res_id": self.autogiro_file_ids[:1].id,
                "views": [(False, "form")],
                "target": "current",
            }
        return action
