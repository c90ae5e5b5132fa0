from collections import Counter
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

# states of an invoice that a collection takes: never collected, or failed and retried
COLLECTABLE = (False, "retry")
BATCH = 2000


class AccountPaymentOrder(models.Model):
    """A direct-debit collection is an inbound payment order whose payment method collects
    by mandate (``direct_debit_format``). It differs from OCA's payment order in one point:
    sending the file does not book the invoices as paid. The bank debits the payers on the
    dates of the file and reports what it did; that report settles each invoice (through
    the country module's import) or marks its debit failed, to be retried in a later
    collection and then reminded."""

    _inherit = "account.payment.order"

    direct_debit = fields.Boolean(
        string="Direct-debit collection",
        compute="_compute_direct_debit",
        store=True,
    )
    direct_debit_until = fields.Date(
        string="Invoices due by",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=31),
        help="Add due invoices takes the open invoices due on or before this day of the "
        "payers with a valid mandate (and those whose debit failed and is to be retried).",
    )
    debit_draft_count = fields.Integer(string="To send", compute="_compute_debit_counts")
    debit_sent_count = fields.Integer(string="Sent", compute="_compute_debit_counts")
    debit_paid_count = fields.Integer(string="Debited", compute="_compute_debit_counts")
    debit_failed_count = fields.Integer(string="Failed", compute="_compute_debit_counts")
    debit_withdrawn_count = fields.Integer(string="Withdrawn", compute="_compute_debit_counts")

    @api.depends("payment_method_id.direct_debit_format", "payment_type")
    def _compute_direct_debit(self):
        for order in self:
            order.direct_debit = (
                order.payment_type == "inbound" and order.payment_method_id.direct_debit_format
            )

    @api.depends("payment_line_ids.debit_state")
    def _compute_debit_counts(self):
        counts = {
            (order.id, state): count
            for order, state, count in self.env["account.payment.line"]._read_group(
                [("order_id", "in", self.ids)], ["order_id", "debit_state"], ["__count"]
            )
        }
        for order in self:
            for state in ("draft", "sent", "paid", "failed", "withdrawn"):
                order[f"debit_{state}_count"] = counts.get((order.id, state), 0)

    def action_view_debits(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account_direct_debit.action_direct_debit_lines"
        )
        action["domain"] = [("order_id", "=", self.id)]
        state = self.env.context.get("debit_state")
        if state:
            action["domain"].append(("debit_state", "=", state))
        return action

    def write(self, vals):
        res = super().write(vals)
        # record rules are checked before a write only: a billing user must not turn a
        # collection into a supplier payment order (or move it out of their reach)
        if not self.env.su and {"payment_mode_id", "payment_type", "company_id"} & vals.keys():
            self.check_access("write")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent_collection(self):
        if self.filtered("direct_debit").payment_line_ids.filtered("debit_file_ref"):
            raise UserError(
                _(
                    "A collection sent to the bank is not deleted: withdraw it, and the bank "
                    "is told."
                )
            )

    # -- filling -------------------------------------------------------------------------------
    def action_direct_debit_fill(self):
        for order in self:
            order._direct_debit_check_draft()
            order._direct_debit_fill()
        return True

    def _direct_debit_check_draft(self):
        self.ensure_one()
        if not self.direct_debit:
            raise UserError(_("%s is not a direct-debit collection.", self.name))
        if self.state != "draft":
            raise UserError(
                _("Collection %s is no longer a draft: make a new collection.", self.name)
            )

    def _direct_debit_mandates(self, partners):
        """``{partner id: mandate}``: the valid mandate of each of ``partners`` with the
        order's organisation unit, in the format of its payment method (the newest when a
        payer has several)."""
        self.ensure_one()
        mandates = self.env["account.banking.mandate"].search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.company_id.id),
                ("format", "=", self.payment_method_id.direct_debit_format),
                ("state", "=", "valid"),
            ],
            ["partner_id", "partner_bank_id"],
            order="id",
        )
        return {mandate.partner_id.id: mandate for mandate in mandates}

    def _direct_debit_fill(self, moves=None):
        """Add to this draft collection the open receivable of ``moves`` (default: every
        customer invoice of the organisation unit due by ``direct_debit_until``) whose payer
        has a valid mandate and that no other collection takes (never collected, or failed
        and to be retried). Returns the new payment lines."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("move_id.move_type", "=", "out_invoice"),
            ("move_id.direct_debit_state", "in", COLLECTABLE),
        ]
        if moves is not None:
            domain.append(("move_id", "in", moves.ids))
        else:
            domain.append(("date_maturity", "<=", self.direct_debit_until))
        MoveLine = self.env["account.move.line"]
        items = MoveLine.search_fetch(
            domain,
            ["move_id", "partner_id", "amount_residual", "currency_id", "date_maturity"],
            order="date_maturity, id",
        )
        mandates = self._direct_debit_mandates(items.partner_id)
        items = items.filtered(lambda item: item.partner_id.id in mandates)
        if not items:
            return self.env["account.payment.line"]
        failures = self.env["account.payment.line"]._read_group(
            [("move_id", "in", items.move_id.ids), ("debit_state", "=", "failed")],
            ["move_id"],
            ["__count"],
        )
        attempts = {move.id: count + 1 for move, count in failures}
        lines = self.env["account.payment.line"]
        for batch in split_every(BATCH, items.ids, MoveLine.browse):
            lines |= self.env["account.payment.line"].create(
                [
                    {
                        "order_id": self.id,
                        "partner_id": item.partner_id.id,
                        "move_line_id": item.id,
                        "mandate_id": mandates[item.partner_id.id].id,
                        "partner_bank_id": mandates[item.partner_id.id].partner_bank_id.id,
                        "communication": item.move_id.payment_reference or item.move_id.name,
                        "communication_type": "normal",
                        "currency_id": item.currency_id.id,
                        "amount_currency": item.amount_residual,
                        "debit_attempt": attempts.get(item.move_id.id, 1),
                    }
                    for item in batch
                ]
            )
        return lines

    @api.model
    def _direct_debit_next_collection(self, mode, company):
        """The draft collection of ``mode`` for ``company`` that new invoices go into (a
        new one when there is none)."""
        order = self.search(
            [
                ("payment_mode_id", "=", mode.id),
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
            ],
            order="id",
            limit=1,
        )
        return order or self.create({"payment_mode_id": mode.id, "payment_type": "inbound"})

    # -- confirming ----------------------------------------------------------------------------
    def draft2open(self):
        collections = self.filtered("direct_debit")
        if self - collections:
            super(AccountPaymentOrder, self - collections).draft2open()
        for order in collections:
            order._direct_debit_confirm()
        return True

    def _direct_debit_debit_date(self, due_date):
        """The day a debit due on ``due_date`` is asked for. Country modules move it to the
        bank's calendar and lead time; here: the due date, never in the past."""
        self.ensure_one()
        return max(due_date or fields.Date.context_today(self), fields.Date.context_today(self))

    def _direct_debit_line_date(self, line):
        """The day the debit ``line`` is asked for: by default its invoice's due date as
        :meth:`_direct_debit_debit_date` moves it; a country module may move a debit
        further by what its payer's mandate asks (AvtaleGiro: the bank's notice)."""
        return self._direct_debit_debit_date(line.ml_maturity_date)

    def _direct_debit_confirm(self):
        """Check every debit against its invoice and mandate now (an invoice paid or
        credited since it was added leaves the collection; a partly paid one is debited
        for the rest) and give each debit its date. No payment is booked: the bank's
        report settles the invoices."""
        self.ensure_one()
        self._direct_debit_check_draft()
        if not self.journal_id:
            raise UserError(_("Collection %s has no bank journal.", self.name))
        lines = self.payment_line_ids
        if not lines:
            raise UserError(_("Collection %s has no debits.", self.name))
        errors = []
        paid = lines.filtered(lambda line: line.move_line_id.reconciled)
        if paid:
            self.message_post(
                body=_(
                    "Left out, paid or credited since they were added: %s",
                    ", ".join(paid.move_id.mapped("name")),
                )
            )
            paid.unlink()
            lines -= paid
        errors += self._direct_debit_check_payers(lines)
        by_date = {}
        for line in lines:
            mandate = line.mandate_id
            if not mandate or mandate.state != "valid":
                errors.append(
                    _(
                        "%(payer)s (%(invoice)s): the mandate is not valid any more.",
                        payer=line.partner_id.display_name,
                        invoice=line.move_id.name or line.communication,
                    )
                )
                continue
            residual = line.move_line_id.amount_residual
            if line.currency_id.compare_amounts(line.amount_currency, residual) > 0:
                line.amount_currency = residual
            if line.currency_id.compare_amounts(line.amount_currency, 0) <= 0:
                errors.append(
                    _("%(payer)s: the amount must be positive.", payer=line.partner_id.display_name)
                )
                continue
            date = self._direct_debit_line_date(line)
            by_date.setdefault(date, []).append(line.id)
        if errors:
            raise UserError(
                _("Collection %s cannot be confirmed:", self.name) + "\n" + "\n".join(errors)
            )
        for date, ids in by_date.items():
            self.env["account.payment.line"].browse(ids).date = date
        self.state = "open"

    def _direct_debit_check_payers(self, lines):
        """What is wrong with these debits as to who pays what: each debits the invoice's
        own customer by their own mandate, and an invoice is debited once at a time (the
        errors, empty when none)."""
        errors = []
        for line in lines:
            payer = line.move_id.commercial_partner_id
            if not line.move_id or not (
                line.partner_id.commercial_partner_id
                == line.mandate_id.partner_id.commercial_partner_id
                == payer
            ):
                errors.append(
                    _(
                        "%(invoice)s: the debit is not of the invoice's customer by their own "
                        "mandate.",
                        invoice=line.move_id.name or line.communication or line.name,
                    )
                )
        others = self.env["account.payment.line"].search(
            [
                ("move_id", "in", lines.move_id.ids),
                ("id", "not in", lines.ids),
                ("debit_state", "in", ("draft", "sent")),
                ("order_id.direct_debit", "=", True),
                ("order_id.state", "!=", "cancel"),
            ]
        )
        counts = Counter(line.move_id.id for line in lines | others)
        twice = [move for move, count in counts.items() if count > 1]
        for move in self.env["account.move"].browse(sorted(twice)):
            errors.append(_("%s is debited more than once.", move.name))
        return errors

    # -- the file --------------------------------------------------------------------------
    def open2generated(self):
        for order in self.filtered("direct_debit"):
            sent = order.payment_line_ids.filtered(lambda line: line.debit_state != "draft")
            if sent:
                raise UserError(
                    _(
                        "Collection %(order)s was written to a file already (%(count)s "
                        "debits): a collection is sent to the bank once.",
                        order=order.name,
                        count=len(sent),
                    )
                )
        action = super().open2generated()
        for order in self.filtered("direct_debit"):
            order.payment_line_ids.debit_state = "sent"
        return action

    def generated2uploaded(self):
        collections = self.filtered("direct_debit")
        if self - collections:
            super(AccountPaymentOrder, self - collections).generated2uploaded()
        # nothing is booked when the file is delivered: the bank's report settles
        collections.write({"state": "uploaded", "date_uploaded": fields.Date.context_today(self)})
        return True

    def action_cancel(self):
        for order in self.filtered("direct_debit"):
            sent = order.payment_line_ids.filtered(lambda line: line.debit_state == "sent")
            if sent:
                sent._direct_debit_withdraw()
            order.payment_line_ids.filtered(
                lambda line: line.debit_state == "draft"
            ).debit_state = "withdrawn"
        return super().action_cancel()

    def cancel2draft(self):
        for order in self.filtered("direct_debit"):
            if order.date_generated:
                raise UserError(
                    _(
                        "Collection %s was written to a file for the bank: make a new "
                        "collection rather than sending it again.",
                        order.name,
                    )
                )
            order.payment_line_ids.debit_state = "draft"
        return super().cancel2draft()
