from odoo import _, api, fields, models

from .account_billing_run import CHANNEL

DIRECT_DEBIT_STATES = [
    ("collecting", "Being collected"),
    ("retry", "Debit failed: retried in the next collection"),
    ("failed", "Debit failed: in reminders"),
    ("paid", "Debited"),
    ("withdrawn", "Withdrawn from direct debit"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    billing_channel = fields.Selection(selection_add=CHANNEL, ondelete={"direct_debit": "set null"})
    direct_debit_line_ids = fields.One2many(
        "account.payment.line", "move_id", string="Direct debits", readonly=True
    )
    direct_debit_state = fields.Selection(
        DIRECT_DEBIT_STATES,
        string="Direct debit",
        compute="_compute_direct_debit_state",
        store=True,
        index="btree_not_null",
        help="Where the invoice is in direct debit: its last debit decides. While it is being "
        "collected, or failed and is to be retried, it is not reminded.",
    )
    direct_debit_reason = fields.Char(
        string="Direct debit failed because",
        compute="_compute_direct_debit_state",
        store=True,
    )

    @api.depends(
        "direct_debit_line_ids.debit_state",
        "direct_debit_line_ids.debit_file_ref",
        "direct_debit_line_ids.order_id.payment_mode_id.direct_debit_retries",
        "direct_debit_line_ids.mandate_id.state",
    )
    def _compute_direct_debit_state(self):
        for move in self:
            lines = move.direct_debit_line_ids.filtered(
                # a debit withdrawn before it was sent is as if it never was
                lambda line: (
                    line.direct_debit and (line.debit_state != "withdrawn" or line.debit_file_ref)
                )
            ).sorted("id")
            last = lines[-1:]
            if last.debit_state == "withdrawn" and "paid" in lines.mapped("debit_state"):
                # a retry withdrawn because the debit before it was paid late
                last = lines.filtered(lambda line: line.debit_state == "paid")[-1]
            move.direct_debit_reason = last.debit_reason if last.debit_state == "failed" else False
            if not last:
                move.direct_debit_state = False
            elif last.debit_state in ("draft", "sent"):
                move.direct_debit_state = "collecting"
            elif last.debit_state == "failed":
                failures = len(lines.filtered(lambda line: line.debit_state == "failed"))
                retries = last.order_id.payment_mode_id.direct_debit_retries
                # retried while the mandate holds (a cancelled one cannot be debited again)
                retry = failures <= retries and last.mandate_id.state == "valid"
                move.direct_debit_state = "retry" if retry else "failed"
            else:
                move.direct_debit_state = last.debit_state

    def _direct_debit_next_text(self):
        """What happens next to an invoice whose debit failed, for the payer and staff."""
        self.ensure_one()
        if self.direct_debit_state == "retry":
            return _("It is debited again in the next collection.")
        return _("It is not debited again: please pay it as the invoice says.")

    # -- the billing run's direct-debit channel ------------------------------------------------
    def _get_mail_template(self):
        if self.billing_channel == "direct_debit" and self.move_type == "out_invoice":
            return self.env.ref("account_direct_debit.mail_template_debit_notice")
        return super()._get_mail_template()

    @api.model
    def _billing_send(self, moves):
        """Invoices of the direct-debit channel go into their organisation's next
        collection before they are e-mailed as the notice of the debit."""
        moves.filtered(lambda move: move.billing_channel == "direct_debit")._direct_debit_enqueue()
        return super()._billing_send(moves)

    def _direct_debit_enqueue(self):
        """Put these posted invoices in the next draft collection of their organisation
        unit and of their payer's mandate (one collection per payment mode); an invoice
        whose payer has no valid mandate any more, or whose organisation has no collection
        payment mode, says so in its chatter."""
        Order = self.env["account.payment.order"]
        added = self.browse()
        for company, moves in self.grouped("company_id").items():
            modes = self.env["account.payment.mode"].search(
                [
                    ("company_id", "=", company.id),
                    ("payment_order_ok", "=", True),
                    ("payment_type", "=", "inbound"),
                    ("payment_method_id.direct_debit_format", "!=", False),
                ],
                order="sequence, id",
            )
            for mode in modes.grouped("direct_debit_format").values():
                order = Order._direct_debit_next_collection(mode[0], company)
                added |= order._direct_debit_fill(moves - added).move_id
        for move in self - added:
            move._message_log(
                body=_(
                    "Not put in a direct-debit collection: the payer has no valid mandate "
                    "with %(unit)s, or %(unit)s has no collection payment mode.",
                    unit=move.company_id.name,
                )
            )
        return added
