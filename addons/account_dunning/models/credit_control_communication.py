from collections import defaultdict

import psycopg2

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, plaintext2html

QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


class CreditControlCommunication(models.Model):
    """One reminder to one person: every overdue invoice of theirs in a run, at the highest
    level reached, sent once on each of the level's channels."""

    _inherit = "credit.control.communication"

    partner_id = fields.Many2one(string="Person")
    company_id = fields.Many2one(string="Organisation")
    run_id = fields.Many2one(
        "credit.control.run", string="Run", index=True, readonly=True, check_company=True
    )
    dunning_state = fields.Selection(
        [
            ("draft", "To send"),
            ("queued", "Sending"),
            ("done", "Sent"),
            ("cancelled", "Not sent"),
        ],
        string="Reminder",
        default="draft",
        required=True,
        index=True,
        readonly=True,
    )
    send_email = fields.Boolean("E-mail", readonly=True)
    send_sms = fields.Boolean("SMS", readonly=True)
    send_letter = fields.Boolean("Letter", readonly=True)
    sms_number = fields.Char("Mobile number", readonly=True)
    note = fields.Char(readonly=True, help="What the run noticed about this person.")
    error = fields.Text(readonly=True, help="Why this reminder could not be sent yet.")
    invoice_count = fields.Integer("Invoices", readonly=True)
    amount_due_total = fields.Monetary(
        "Amount due", currency_field="currency_id", readonly=True, aggregator="sum"
    )
    fee_amount = fields.Monetary(
        "Fee", currency_field="currency_id", readonly=True, aggregator="sum"
    )
    fee_move_id = fields.Many2one(
        "account.move", string="Fee invoice", readonly=True, check_company=True
    )
    date_sent = fields.Date("Sent on", readonly=True, index=True)
    # the reminders' period in reports: the day of their run (its fee invoices' date), even
    # when the run was sent later
    run_date = fields.Date(related="run_id.date", store=True, string="Run date")
    level = fields.Integer(
        "Level number", related="policy_level_id.level", store=True, aggregator="max"
    )

    # -- grouping ------------------------------------------------------------------------------
    @api.model
    def _aggregate_credit_lines(self, lines):
        """One reminder per person, currency and organisation unit, whatever the levels of
        their invoices: the reminder has the highest level reached."""
        if not lines:
            return []
        groups = defaultdict(lambda: self.env["credit.control.line"])
        for line in lines:
            key = (line.partner_id.id, line.currency_id.id, line.company_id.id)
            groups[key] |= line
        datas = []
        for (partner_id, currency_id, company_id), group_lines in groups.items():
            company = self.env["res.company"].browse(company_id)
            level = group_lines.policy_level_id.sorted("level")[-1]
            datas.append(
                {
                    "credit_control_line_ids": [Command.set(group_lines.ids)],
                    "partner_id": partner_id,
                    "policy_level_id": level.id,
                    "currency_id": currency_id or company.currency_id.id,
                    "company_id": company_id,
                }
            )
        return datas

    def _dunning_plan(self):
        """What each reminder will be: channels, mobile number, fee, the note the preview
        shows. Recomputed before sending, with the invoices' amounts of that moment."""
        for comm in self:
            lines = comm.credit_control_line_ids
            if lines and comm.policy_level_id != lines.policy_level_id.sorted("level")[-1]:
                comm.policy_level_id = lines.policy_level_id.sorted("level")[-1]
            level = comm.policy_level_id
            partner = comm.contact_address_id or comm.partner_id
            email = bool(comm.get_emailing_contact().email)
            # a number without a country code is read in the reminding organisation's country
            number = (
                partner.with_company(comm.company_id)._mobile_e164() if level.send_sms else False
            )
            notes = []
            if level.send_email and not email:
                notes.append(_("No e-mail address: a letter is printed."))
            if level.send_sms and not number:
                notes.append(
                    _("No mobile number: e-mail only.")
                    if email
                    else _("No mobile number: letter only.")
                )
            comm.write(
                {
                    "send_email": level.send_email and email,
                    "send_sms": bool(number),
                    "sms_number": number or False,
                    "send_letter": level.send_letter or (level.send_email and not email),
                    "note": " ".join(notes) or False,
                    "invoice_count": len(lines.invoice_id),
                    "amount_due_total": sum(lines.mapped("balance_due")),
                    "fee_amount": level._fee_for(lines),
                }
            )

    # -- sending -------------------------------------------------------------------------------
    def _dunning_send(self):
        """Send these reminders: all at once; if that fails, one by one, so that one person
        who cannot be reminded (the database refuses a second reminder of an invoice and
        level, a fee invoice cannot be posted) does not hold up the others. Returns the
        reminders sent."""
        comms = self.filtered(lambda c: c.dunning_state in ("draft", "queued"))
        try:
            with self.env.cr.savepoint():
                return comms._dunning_send_batch()
        except (UserError, psycopg2.IntegrityError):
            self.env.invalidate_all()
        sent = self.browse()
        for comm in comms:
            try:
                with self.env.cr.savepoint():
                    sent |= comm._dunning_send_batch()
            except (UserError, psycopg2.IntegrityError) as error:
                self.env.invalidate_all()
                comm.error = self._dunning_error_text(error)
        return sent

    @api.model
    def _dunning_error_text(self, error):
        if isinstance(error, psycopg2.IntegrityError):
            return _(
                "Not sent: the database refused it (a reminder of the same invoice and level "
                "exists already): %s",
                error.pgerror,
            )
        return _("Not sent: %s", error.args[0] if error.args else str(error))

    def _dunning_check_consistent(self):
        """Refuse reminders whose records do not hang together. What a reminder sends
        (invoices attached, fee invoice, sender, mobile number, notes) is read from them,
        and whoever may write reminders can write their fields over RPC: the lines must be
        of the run's organisation and of the reminded person, each about the invoice of its
        journal item, at that organisation's levels, and the contact one of the person's
        own addresses."""
        for comm in self:
            company, person = comm.run_id.company_id, comm.partner_id.commercial_partner_id
            contact = comm.contact_address_id
            if (
                comm.company_id != company
                or comm.policy_level_id.policy_id.company_id != company
                or (contact and contact.commercial_partner_id != person)
                or any(
                    line.run_id != comm.run_id
                    or line.move_line_id.move_id.company_id != company
                    or line.policy_level_id.policy_id.company_id != company
                    or line.move_line_id.partner_id.commercial_partner_id != person
                    or line.invoice_id != line.move_line_id.move_id
                    for line in comm.credit_control_line_ids
                )
            ):
                raise UserError(
                    _(
                        "The reminder of %s has been changed: its invoices, person, contact, "
                        "level or organisation do not belong together. Compute the run again.",
                        comm.partner_id.display_name,
                    )
                )

    def _dunning_send_batch(self):
        self = self.with_context(**QUIET)
        today = fields.Date.context_today(self)
        self._dunning_check_consistent()
        self._dunning_drop_settled_lines()
        empty = self.filtered(lambda c: not c.credit_control_line_ids)
        empty.write({"dunning_state": "cancelled", "note": _("Paid before the reminder went.")})
        comms = self - empty
        if not comms:
            return comms
        comms._dunning_plan()
        lines = comms.credit_control_line_ids
        lines.write({"state": "sent", "date_sent": today})
        lines.flush_recordset()  # the unique index decides here, before anything is sent
        comms._dunning_create_fee_invoices()
        comms.filtered("send_email")._dunning_send_emails()
        comms.filtered("send_sms")._dunning_send_sms()
        comms._dunning_log_on_invoices()
        comms.write({"dunning_state": "done", "date_sent": today, "error": False})
        return comms

    def _dunning_drop_settled_lines(self):
        """A payment, a credit note or a hold since the run was computed stops the reminder
        of that invoice; a partial payment reminds the rest only."""
        lines = self.credit_control_line_ids
        remindable = self.env["account.move.line"].search(
            [
                ("id", "in", lines.move_line_id.ids),
                *self.env["account.move"]._dunning_remindable_line_domain(),
            ]
        )
        tolerance = {c: c.credit_control_tolerance for c in lines.company_id}
        settled = self.env["credit.control.line"]
        for line in lines:
            move_line = line.move_line_id
            residual = (
                move_line.amount_residual_currency
                if move_line.currency_id != line.company_id.currency_id
                else move_line.amount_residual
            )
            if (
                line.state not in ("draft", "to_be_sent")  # left for a later run's line
                or move_line.reconciled
                or move_line not in remindable
                or residual < tolerance[line.company_id]
            ):
                settled |= line
            elif line.balance_due != residual:
                line.balance_due = residual
        settled.write({"state": "ignored", "communication_id": False})

    def _dunning_create_fee_invoices(self):
        charged = self.filtered(lambda c: c.fee_amount > 0 and not c.fee_move_id)
        if not charged:
            return
        Move = self.env["account.move"]
        vals_list = []
        for comm in charged:
            level = comm.policy_level_id
            company = comm.company_id
            journal = company._billing_journal()
            if not journal:
                raise UserError(_("%s has no sales journal for the reminder fees.", company.name))
            # the fee is of the run's day (today for the daily job)
            day = comm.run_id.date or fields.Date.context_today(self)
            reminded = ", ".join(comm.credit_control_line_ids.invoice_id.mapped("name"))
            vals = Move._billing_invoice_vals(
                journal,
                comm.partner_id,
                [(level.fee_product_id, f"{level.name} – {reminded}", comm.fee_amount)],
                day,
                fields.Date.add(day, days=level.fee_payment_days),
                f"dunning:{comm.id}",
                "email" if comm.send_email else "paper",
                company=company,
            )
            vals_list.append({**vals, "dunning_communication_id": comm.id})
        moves = Move._billing_create_invoices(vals_list)
        for comm, move in zip(charged, moves, strict=True):
            comm.fee_move_id = move

    def _dunning_attachments(self):
        """The PDF of each reminded invoice: the one it was sent with, else one printed
        now and kept on the invoice for the next reminder."""
        invoices = self.credit_control_line_ids.move_line_id.move_id
        pdfs = {inv: inv.invoice_pdf_report_id for inv in invoices if inv.invoice_pdf_report_id}
        missing = invoices.filtered(lambda inv: inv not in pdfs)
        if missing:
            # sudo: attachments of invoices this user reminds; read to reuse a printed one
            Attachment = self.env["ir.attachment"].sudo()
            kept = Attachment.search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", missing.ids),
                    ("description", "=", "account_dunning"),
                ]
            )
            pdfs.update({invoices.browse(a.res_id): a for a in kept})
            for inv in missing.filtered(lambda inv: inv not in pdfs):
                pdf, _type = (
                    self.env["ir.actions.report"]
                    .with_company(inv.company_id)
                    ._render_qweb_pdf("account.account_invoices", inv.ids)
                )
                pdfs[inv] = Attachment.create(
                    {
                        "name": inv._get_invoice_report_filename(),
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": "account.move",
                        "res_id": inv.id,
                        "description": "account_dunning",
                    }
                )
        return pdfs

    def _dunning_send_emails(self):
        pdfs = self._dunning_attachments()
        for template, comms in self.grouped(lambda c: c.policy_level_id.email_template_id).items():
            mails = template.send_mail_batch(
                comms.ids, email_layout_xmlid="mail.mail_notification_light"
            )
            for comm, mail in zip(comms, mails, strict=True):
                files = [pdfs[inv].id for inv in comm.credit_control_line_ids.move_line_id.move_id]
                if files:
                    mail.attachment_ids = [Command.link(a) for a in files]

    def _dunning_send_sms(self):
        """Queue one SMS per reminder, sent by the SMS queue with the organisation's SMS
        provider (Odoo's IAP or one configured per organisation)."""
        for template, comms in self.grouped(lambda c: c.policy_level_id.sms_template_id).items():
            if not template:
                continue
            bodies = template._render_field("body", comms.ids, compute_lang=True)
            # sudo: technical records of the SMS queue, for these reminders only
            messages = (
                self.env["mail.message"]
                .sudo()
                .create(
                    [
                        {
                            "model": comm._name,
                            "res_id": comm.id,
                            "message_type": "sms",
                            "body": plaintext2html(bodies[comm.id]),
                            "subtype_id": self.env.ref("mail.mt_note").id,
                            "record_company_id": comm.company_id.id,
                        }
                        for comm in comms
                    ]
                )
            )
            self.env["sms.sms"].sudo().create(
                [
                    {
                        "number": comm.sms_number,
                        "body": bodies[comm.id],
                        "partner_id": comm.partner_id.id,
                        "mail_message_id": message.id,
                        "state": "outgoing",
                    }
                    for comm, message in zip(comms, messages, strict=True)
                ]
            )

    def _dunning_channels_text(self):
        self.ensure_one()
        fields_ = self._fields
        names = [
            fields_[name]._description_string(self.env)
            for name in ("send_email", "send_sms", "send_letter")
            if self[name]
        ]
        return ", ".join(names)

    def _dunning_log_on_invoices(self):
        """The invoice's history: one note per reminded invoice, in one insert."""
        note = self.env.ref("mail.mt_note")
        vals_list = []
        for comm in self:
            text = _(
                "Reminder “%(level)s” sent (%(channels)s) on %(date)s.",
                level=comm.policy_level_id.name,
                channels=comm._dunning_channels_text() or _("no channel"),
                date=format_date(self.env, fields.Date.context_today(self)),
            )
            if comm.fee_move_id:
                text += " " + _(
                    "Reminder fee %(fee)s: invoice %(invoice)s.",
                    fee=format_amount(self.env, comm.fee_amount, comm.currency_id),
                    invoice=comm.fee_move_id.name,
                )
            for invoice in comm.credit_control_line_ids.invoice_id:
                vals_list.append(
                    {
                        "model": "account.move",
                        "res_id": invoice.id,
                        "message_type": "notification",
                        "subtype_id": note.id,
                        "body": plaintext2html(text),
                        "author_id": self.env.user.partner_id.id,
                        "record_company_id": comm.company_id.id,
                    }
                )
        # sudo: notes on the invoices being reminded, written by the run
        self.env["mail.message"].sudo().create(vals_list)

    def _dunning_payment_lines(self):
        """Rows of the reminder's table: invoice, reference to pay with, due date, open
        amount (the template shows them)."""
        self.ensure_one()
        return [
            {
                "name": line.invoice_id.name or line.move_line_id.name,
                "reference": line.invoice_id.payment_reference or line.invoice_id.name,
                "date_due": format_date(self.env, line.date_due),
                "amount": format_amount(self.env, line.balance_due, line.currency_id),
            }
            for line in self.credit_control_line_ids.sorted("date_due")
        ]
