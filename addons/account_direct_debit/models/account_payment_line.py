import logging
import threading

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..exceptions import DirectDebitNotWithdrawable

_logger = logging.getLogger(__name__)


def _testing():
    return getattr(threading.current_thread(), "testing", False)


DEBIT_STATES = [
    ("draft", "To send"),
    ("sent", "Sent to the bank"),
    ("paid", "Debited"),
    ("failed", "Failed"),
    ("withdrawn", "Withdrawn"),
]


class AccountPaymentLine(models.Model):
    """One debit of a collection: an invoice's open amount, from the payer's mandate, on a
    date. Its ``debit_state`` follows the bank: sent in a file, then debited or failed (with
    the bank's reason), or withdrawn before its date."""

    _inherit = "account.payment.line"

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        related="move_line_id.move_id",
        store=True,
        index="btree_not_null",
    )
    direct_debit = fields.Boolean(related="order_id.direct_debit")
    debit_state = fields.Selection(
        DEBIT_STATES,
        string="Debit",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    debit_attempt = fields.Integer(
        string="Attempt",
        default=1,
        readonly=True,
        help="1 for the first debit of the invoice, 2 for its first retry, ...",
    )
    debit_file_ref = fields.Char(
        string="Sent in file",
        readonly=True,
        copy=False,
        help="The file to the bank that carried this debit.",
    )
    debit_reason_code = fields.Char(string="Bank's code", readonly=True, copy=False)
    debit_reason = fields.Char(string="Reason", readonly=True, copy=False)
    debit_done_date = fields.Date(
        string="Settled on", readonly=True, copy=False, help="The day the bank reported it."
    )
    debit_paid_otherwise = fields.Boolean(
        string="Invoice paid otherwise",
        readonly=True,
        copy=False,
        help="The invoice was paid (or credited) otherwise while this debit was sent: it was "
        "withdrawn, or, too late for that, the invoice says so.",
    )

    def write(self, vals):
        res = super().write(vals)
        # record rules are checked before a write only: a debit is not moved into an order
        # (of another organisation, or a supplier payment order) out of the user's reach
        if not self.env.su and "order_id" in vals:
            self.check_access("write")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.filtered(lambda line: line.direct_debit and line.debit_file_ref):
            raise UserError(
                _("A debit sent to the bank is not deleted: withdraw it, and the bank is told.")
            )

    def action_direct_debit_withdraw(self):
        """Withdraw sent debits before their date: the country module writes the bank's
        cancellation file."""
        lines = self.filtered(lambda line: line.debit_state == "sent")
        if lines != self:
            raise UserError(_("Only debits sent to the bank and not reported yet are withdrawn."))
        lines._direct_debit_withdraw()
        return True

    def _direct_debit_withdraw(self):
        """Hook: the country module of the payment method tells the bank (a cancellation
        file), then calls :meth:`_direct_debit_withdrawn`; the list of the files written.
        :class:`DirectDebitNotWithdrawable` when the bank takes no withdrawal of them."""
        if not self:
            return []
        methods = self.order_id.payment_method_id
        raise DirectDebitNotWithdrawable(
            _(
                "Debits of %(method)s cannot be withdrawn here: ask the bank to stop them.",
                method=", ".join(methods.mapped("name")),
            )
        )

    def _direct_debit_withdrawn(self, reason=""):
        self.write({"debit_state": "withdrawn", "debit_reason": reason or False})
        for move, lines in self.grouped("move_id").items():
            move.message_post(
                body=_(
                    "Direct debit of %(amount)s withdrawn from collection %(order)s.",
                    amount=lines[0].currency_id.format(sum(lines.mapped("amount_currency"))),
                    order=lines[0].order_id.name,
                )
            )

    def _direct_debit_paid(self, date):
        """The bank debited these: their invoices are settled by the same report."""
        self.write({"debit_state": "paid", "debit_done_date": date})
        mandates = self.mandate_id.filtered(
            lambda mandate: not mandate.last_debit_date or mandate.last_debit_date < date
        )
        mandates.last_debit_date = date

    @api.model
    def _cron_direct_debit_paid_otherwise(self, limit=1000):
        """Sent debits of invoices paid or credited otherwise meanwhile (the payer paid
        from their bank, a late payment of an earlier debit, a credit note) are withdrawn,
        so that the payer is not debited twice, and whoever wrote the collection is asked
        to see that the bank gets the cancellation file; a debit the bank no longer lets
        withdraw is left to it, and its invoice says what to do. Each collection on its
        own: one that fails otherwise (a delivery folder that cannot be written) is logged
        and tried again by the next run."""
        lines = self.search(
            [
                ("debit_state", "=", "sent"),
                ("debit_paid_otherwise", "=", False),
                ("move_id.payment_state", "in", ("paid", "in_payment", "reversed")),
            ],
            order="date, id",
            limit=limit,
        )
        done = False
        for order, debits in lines.grouped("order_id").items():
            # in the organisation's language: the notes are for its staff
            debits = debits.with_company(order.company_id).with_context(
                lang=order.company_id.partner_id.lang or self.env.lang
            )
            try:
                with self.env.cr.savepoint():
                    debits._direct_debit_paid_otherwise_withdraw()
            except Exception:
                _logger.exception(
                    "Debits of collection %s paid otherwise could not be withdrawn", order.name
                )
                continue
            done = True
            if not _testing():
                self.env.cr.commit()  # what the bank was sent is kept, whatever comes next
        if done and len(lines) == limit:  # the rest (not again what just failed)
            self.env.ref("account_direct_debit.ir_cron_direct_debit_paid_otherwise")._trigger()

    def _direct_debit_paid_otherwise_withdraw(self):
        """Withdraw these sent debits of one collection, in one file, or each on its own
        when one of them can no longer be withdrawn."""
        order = self.order_id
        try:
            with self.env.cr.savepoint():
                files = self._direct_debit_withdraw()
        except DirectDebitNotWithdrawable:
            files = []
            for debit in self:
                try:
                    with self.env.cr.savepoint():
                        files += debit._direct_debit_withdraw()
                except DirectDebitNotWithdrawable as error:
                    debit.move_id.message_post(
                        body=_(
                            "The invoice is paid, but its direct debit of %(amount)s on "
                            "%(date)s was sent to the bank and cannot be withdrawn any more "
                            "(%(reason)s). If the bank debits it, refund the payer.",
                            amount=debit.currency_id.format(debit.amount_currency),
                            date=format_date(self.env, debit.date),
                            reason=error.args[0],
                        )
                    )
        self.debit_paid_otherwise = True
        withdrawn = self.filtered(lambda line: line.debit_state == "withdrawn")
        to_send = [file for file in files if not file._direct_debit_delivered()]
        if to_send:
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(order.generated_user_id or order.create_uid).id,
                summary=_("Send the withdrawal to the bank"),
                note=_(
                    "Debits of invoices paid otherwise were withdrawn (%(invoices)s): send "
                    "%(files)s to the bank before the debits' date, or they are debited.",
                    invoices=", ".join(withdrawn.move_id.mapped("name")),
                    files=", ".join(file.name for file in to_send),
                ),
            )

    def _direct_debit_failed(self, date, code, reason):
        """The bank did not debit these (no funds, mandate missing, ...): each invoice is
        marked with the reason and queued for the next collection, or, after the last
        retry, left to reminders; the payer is told by e-mail."""
        self.write(
            {
                "debit_state": "failed",
                "debit_done_date": date,
                "debit_reason_code": code,
                "debit_reason": reason,
            }
        )
        moves = self.move_id
        moves._message_log_batch(
            bodies={
                move.id: self.env._(
                    "Direct debit failed: %(reason)s. %(next)s",
                    reason=move.direct_debit_reason,
                    next=move._direct_debit_next_text(),
                )
                for move in moves
            }
        )
        # the payers are e-mailed in one batch, by the mail queue (not while the bank's
        # report is imported)
        to_mail = moves.filtered(lambda move: move.partner_id.email)
        if to_mail:
            self.env.ref("account_direct_debit.mail_template_debit_failed").send_mail_batch(
                to_mail.ids
            )
