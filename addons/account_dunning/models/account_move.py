from odoo import api, fields, models

RECEIPT_PAID_STATES = ("paid", "in_payment")


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_hold = fields.Boolean(
        "No reminders",
        copy=False,
        tracking=True,
        groups="account_credit_control.group_account_credit_control_user",
        help="No reminder is sent for this invoice (for example while a payment plan is agreed).",
    )
    dunning_communication_id = fields.Many2one(
        "credit.control.communication",
        string="Fee of reminder",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This invoice is the fee of that reminder.",
    )
    receipt_state = fields.Selection(
        [("pending", "To send when paid"), ("sent", "Sent")],
        string="Receipt",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A receipt is e-mailed once when the invoice is paid in full, whatever paid it.",
    )

    def _dunning_official_pdf(self):
        """A fee invoice goes out with its reminder (the reminder lists it with its
        reference), not through Odoo's *Send*, so it has no official PDF yet: the first time
        one is asked for (the member's download on the portal) it is made and kept, as
        *Send* would, rather than a proforma."""
        pending = self.filtered(
            lambda move: (
                move.state == "posted"
                and move.dunning_communication_id
                and not move.invoice_pdf_report_id
            )
        )
        if pending:
            # sudo: the official PDF of these posted invoices, which their reader may see
            # (the portal reads them under sudo already); attachments are technical records
            self.env["account.move.send"].sudo()._generate_and_send_invoices(
                pending.sudo(), sending_methods=["manual"]
            )

    def _get_invoice_legal_documents(self, filetype, allow_fallback=False):
        if filetype == "pdf":
            self._dunning_official_pdf()
        return super()._get_invoice_legal_documents(filetype, allow_fallback=allow_fallback)

    def _get_invoice_legal_documents_all(self, allow_fallback=False):
        self._dunning_official_pdf()
        return super()._get_invoice_legal_documents_all(allow_fallback=allow_fallback)

    @api.model
    def _dunning_remindable_domain(self):
        """Invoices that may be reminded (a domain on ``account.move``): not on hold, not a
        reminder fee, not being collected by direct debit (account_direct_debit's state of the
        invoice, when that module is installed: it does not depend on this one).
        Written with ``= False`` so that empty values count as False in SQL."""
        domain = [("dunning_hold", "=", False), ("dunning_communication_id", "=", False)]
        if "direct_debit_state" in self._fields:
            # account_direct_debit: not while a debit is under way or is to be retried
            domain.append(("direct_debit_state", "not in", ("collecting", "retry")))
        return domain

    @api.model
    def _dunning_remindable_line_domain(self):
        """The journal items that may be reminded (a domain on ``account.move.line``)."""
        return [("move_id", "any", self._dunning_remindable_domain())]

    # -- receipts ------------------------------------------------------------------------------
    def _receipt_mark_pending(self):
        """Called when a payment is reconciled with these moves: customer invoices of an
        organisation that sends receipts wait for their receipt (sent once they are paid in
        full)."""
        invoices = self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "posted"
                and not m.receipt_state
                and m.company_id.dunning_receipt
            )
        )
        if invoices:
            # sudo: a technical flag, set whoever reconciles (a portal payment, a bank file)
            invoices.sudo().write({"receipt_state": "pending"})
            self.env.ref("account_dunning.ir_cron_receipts")._trigger()

    @api.model
    def _cron_send_receipts(self, limit=500):
        invoices = self.search(
            [("receipt_state", "=", "pending"), ("payment_state", "in", RECEIPT_PAID_STATES)],
            limit=limit,
            order="id",
        )
        invoices._receipt_send()
        left = self.search_count(
            [("receipt_state", "=", "pending"), ("payment_state", "in", RECEIPT_PAID_STATES)]
        )
        self.env["ir.cron"]._notify_progress(done=len(invoices), remaining=left)

    def _receipt_send(self):
        """E-mail the receipt of these paid invoices, once each: the flag is written in
        the same transaction as the e-mail is queued."""
        invoices = self.filtered(
            lambda m: m.receipt_state == "pending" and m.payment_state in RECEIPT_PAID_STATES
        )
        for company, moves in invoices.grouped("company_id").items():
            template = company.dunning_receipt_template_id or self.env.ref(
                "account_dunning.mail_template_receipt"
            )
            with_email = moves.filtered(lambda m: m.partner_id.email)
            if with_email:
                template.with_company(company).send_mail_batch(
                    with_email.ids, email_layout_xmlid="mail.mail_notification_light"
                )
            moves.write({"receipt_state": "sent"})
        return invoices

    def _receipt_paid_date(self):
        """The date of the last payment of this invoice (for the receipt)."""
        self.ensure_one()
        dates = [
            partial.max_date
            for line in self.line_ids
            for partial in (line.matched_debit_ids | line.matched_credit_ids)
        ]
        return max(dates) if dates else fields.Date.context_today(self)
