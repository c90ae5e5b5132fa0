from odoo import Command, _, api, fields, models

from .res_partner import BILLING_CHANNELS

QUIET_CREATE = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


class AccountMove(models.Model):
    _inherit = "account.move"

    billing_run_line_id = fields.Many2one(
        "account.billing.run.line",
        string="Billing run line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    billing_run_id = fields.Many2one(
        related="billing_run_line_id.run_id", string="Billing run", store=False
    )
    billing_key = fields.Char(
        readonly=True,
        copy=False,
        help="What this invoice bills, for example the membership of one person in one "
        "period. At most one invoice that is not cancelled per key and company: a billing run "
        "resumed after a crash, or run twice, cannot invoice anybody twice.",
    )
    billing_channel = fields.Selection(
        BILLING_CHANNELS, string="Sent by", readonly=True, copy=False
    )
    billing_payment_notice = fields.Boolean(related="journal_id.billing_payment_notice")

    def init(self):
        super().init()
        # The guarantee behind "one invoice per recipient and period": enforced by
        # PostgreSQL, so that no interleaving of jobs, retries or users can break it.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_billing_key_unique
                ON account_move (company_id, billing_key)
             WHERE billing_key IS NOT NULL AND state != 'cancel'
            """
        )
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_billing_run_line_unique
                ON account_move (billing_run_line_id)
             WHERE billing_run_line_id IS NOT NULL AND state != 'cancel'
            """
        )

    def _get_mail_template(self):
        if self.billing_channel == "portal":
            return self.env.ref("account_billing_run.mail_template_portal_invoice")
        if self.billing_payment_notice and self.move_type == "out_invoice":
            return self.env.ref("account_billing_run.mail_template_payment_notice")
        return super()._get_mail_template()

    def _get_invoice_report_filename(self, extension="pdf"):
        if self.billing_payment_notice and self.move_type == "out_invoice":
            # the number is not shown on a payment notice; name the file by the reference
            reference = self.payment_reference or self.name
            return f"{_('Payment notice')} {reference}.{extension}".replace("/", "_")
        return super()._get_invoice_report_filename(extension)

    @api.model
    def _billing_invoice_vals(self, journal, partner, items, invoice_date, due_date, key, channel):
        """Values of one billed invoice. ``items``: ``[(product, text, amount)]``."""
        return {
            "move_type": "out_invoice",
            "company_id": journal.company_id.id,
            "journal_id": journal.id,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due_date,
            "billing_key": key,
            "billing_channel": channel,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "name": text, "quantity": 1, "price_unit": amount}
                )
                for product, text, amount in items
            ],
        }

    @api.model
    def _billing_create_invoices(self, vals_list):
        """Create and post billed invoices in one batch."""
        moves = self.with_context(**QUIET_CREATE).create(vals_list)
        moves.action_post()
        return moves

    @api.model
    def _billing_send(self, moves):
        """Send posted invoices by their billing channel: PDF by e-mail (portal: an e-mail
        with the link to pay by card), paper: the PDF only, for the print batch. Errors of
        one invoice (no e-mail address) are posted on that invoice, not raised."""
        send = self.env["account.move.send"]
        for channel, channel_moves in moves.grouped("billing_channel").items():
            methods = {"manual"} if channel == "paper" else {"email"}
            send._generate_and_send_invoices(
                channel_moves,
                from_cron=True,  # errors go to the invoice's chatter, the others are sent
                allow_fallback_pdf=True,
                sending_methods=methods,
                author_user_id=self.env.user.id,
                author_partner_id=self.env.user.partner_id.id,
            )
