import base64
import hashlib
import logging
from collections import defaultdict
from decimal import Decimal

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, split_every

_logger = logging.getLogger(__name__)

# Statement lines are created and reconciled this many at a time: each is a posted move,
# and reconciling is the costly part; batches keep memory flat and queries few.
BATCH_SIZE = 50
QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _import_incoming_payments(self, payments, file_name, file_data, file_format):
        """Record the payments of one file on this bank journal and reconcile them.

        ``payments`` are :class:`nordic_formats.payments.IncomingPayment`. The whole file
        is imported in the current transaction, or nothing is (any error propagates).
        Payments imported before (same unique id in this company) are skipped. Returns
        the :class:`account.payment.import` record describing the import.
        """
        self.ensure_one()
        if self.type != "bank":
            raise UserError(
                _("Payment files are imported on a bank journal, not on %s.", self.name)
            )
        currency = self.currency_id or self.company_id.currency_id
        for payment in payments:
            if payment.currency != currency.name:
                raise UserError(
                    _(
                        "%(file)s, line %(line)s: the payment is in %(currency)s, journal "
                        "%(journal)s keeps %(journal_currency)s.",
                        file=file_name,
                        line=payment.source_line,
                        currency=payment.currency,
                        journal=self.name,
                        journal_currency=currency.name,
                    )
                )
        env = self.with_context(**QUIET).env
        import_ids = [self._payment_import_unique_id(payment) for payment in payments]
        known = set()
        for chunk in split_every(1000, import_ids):
            # sudo: a payment imported in a journal the user cannot read is still imported
            known.update(
                env["account.bank.statement.line"]
                .sudo()
                .search_fetch([("unique_import_id", "in", list(chunk))], ["unique_import_id"])
                .mapped("unique_import_id")
            )
        new = [(p, uid) for p, uid in zip(payments, import_ids, strict=True) if uid not in known]
        if len({uid for _p, uid in new}) != len(new):
            raise UserError(_("%s contains the same payment twice.", file_name))

        log = env["account.payment.import"].create(
            {
                "name": file_name,
                "file": base64.b64encode(file_data) if file_data else False,
                "file_hash": hashlib.sha256(file_data).hexdigest() if file_data else False,
                "file_format": file_format,
                "journal_id": self.id,
                "currency_id": currency.id,
                "count_total": len(payments),
                "count_duplicate": len(payments) - len(new),
                "amount_total": float(sum((p.amount for p in payments), Decimal(0))),
                "amount_new": float(sum((payment.amount for payment, _uid in new), Decimal(0))),
            }
        )
        if not new:
            return log
        statement = env["account.bank.statement"].create(
            {
                "name": file_name,
                "journal_id": self.id,
                "date": max(p.date for p, _uid in new),
            }
        )
        log.statement_id = statement
        allocations = self._payment_import_allocate([p for p, _uid in new])
        counts = defaultdict(int)
        unmatched_amount = 0.0
        for chunk in split_every(BATCH_SIZE, list(zip(new, allocations, strict=True))):
            lines_vals = []
            for (payment, unique_id), (invoices, state) in chunk:
                counts[state] += 1
                if state == "unmatched":
                    unmatched_amount += float(payment.amount)
                lines_vals.append(
                    self._payment_import_line_vals(
                        payment, unique_id, statement, log, invoices, state
                    )
                )
            lines = env["account.bank.statement.line"].create(lines_vals)
            self._payment_import_reconcile(lines, [allocation for _new, allocation in chunk])
        log.write(
            {
                "count_matched": counts["matched"],
                "count_partial": counts["partial"],
                "count_overpaid": counts["overpaid"],
                "count_unmatched": counts["unmatched"],
                "amount_unmatched": unmatched_amount,
            }
        )
        _logger.info("Imported %s into %s: %s", file_name, self.name, log.summary)
        return log

    def _receives_payment_file_account(self, account_number):
        """Whether payments to ``account_number`` (as the file gives it) arrive on this
        journal. Format modules extend it (Bankgiro number, Nets account)."""
        self.ensure_one()
        sanitized = "".join(ch for ch in account_number or "" if ch.isalnum())
        return bool(sanitized) and sanitized == (self.bank_account_id.sanitized_acc_number or "")

    def _payment_import_unique_id(self, payment):
        # unique in the company: the same file imported on another journal is a duplicate
        return f"{self.company_id.id}-{payment.unique_id}"

    # -- matching ------------------------------------------------------------------------------
    def _payment_import_allocate(self, payments):
        """For each payment, ``(invoices, state)``: the open customer invoices it pays, oldest
        first, and whether it pays them in full (matched), in part (partial), more than in
        full (overpaid) or matches nothing (unmatched). Invoices a payment pays in full are
        not offered to the next payment of the same file."""
        Move = self.env["account.move"]
        references = {ref for payment in payments for ref in payment.references}
        candidates = (
            Move.search_fetch(
                [
                    *self._payment_import_invoice_domain(),
                    ("payment_reference", "in", list(references)),
                ],
                ["payment_reference", "amount_residual", "partner_id", "invoice_date", "date"],
                order="invoice_date, date, id",
            )
            if references
            else Move
        )
        by_reference = defaultdict(list)
        for invoice in candidates:
            by_reference[invoice.payment_reference].append(invoice)
        residual = {invoice.id: invoice.amount_residual for invoice in candidates}
        rounding = (self.currency_id or self.company_id.currency_id).rounding
        result = []
        no_reference = []
        for index, payment in enumerate(payments):
            invoices = Move.union(*(inv for ref in payment.references for inv in by_reference[ref]))
            invoices = invoices.filtered(lambda inv: residual[inv.id] > 0).sorted(
                lambda inv: (inv.invoice_date or inv.date, inv.id)
            )
            if payment.amount_minor <= 0 or not invoices:
                result.append((Move, "unmatched"))
                if payment.amount_minor > 0:
                    no_reference.append(index)
                continue
            result.append(self._payment_import_consume(payment, invoices, residual, rounding))
        for index, invoice in self._payment_import_match_by_payer(
            [payments[i] for i in no_reference], residual
        ).items():
            payment = payments[no_reference[index]]
            result[no_reference[index]] = self._payment_import_consume(
                payment, invoice, residual, rounding
            )
        return result

    def _payment_import_consume(self, payment, invoices, residual, rounding):
        """Apply the payment to the invoices, oldest first; the invoices it reaches."""
        left = float(payment.amount)
        used = invoices.browse()
        for invoice in invoices:
            if float_compare(left, 0, precision_rounding=rounding) <= 0:
                break
            take = min(left, residual[invoice.id])
            residual[invoice.id] -= take
            left -= take
            used |= invoice
        if float_compare(left, 0, precision_rounding=rounding) > 0:
            state = "overpaid"
        elif any(
            float_compare(residual[inv.id], 0, precision_rounding=rounding) > 0 for inv in used
        ):
            state = "partial"
        else:
            state = "matched"
        return used, state

    def _payment_import_invoice_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("move_type", "in", ("out_invoice", "out_receipt")),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("currency_id", "=", (self.currency_id or self.company_id.currency_id).id),
        ]

    def _payment_import_match_by_payer(self, payments, residual):
        """Payments without a usable reference: ``{index: invoice}`` for those whose amount
        and payer name fit exactly one open invoice (and no other payment of the file)."""
        if not payments:
            return {}
        amounts = {float(p.amount) for p in payments}
        invoices = self.env["account.move"].search_fetch(
            [*self._payment_import_invoice_domain(), ("amount_residual", "in", list(amounts))],
            ["amount_residual", "partner_id"],
        )
        by_key = defaultdict(list)
        for invoice in invoices:
            if residual.get(invoice.id, invoice.amount_residual) == invoice.amount_residual:
                key = (
                    invoice.amount_residual,
                    invoice.partner_id.commercial_partner_id.name.casefold(),
                )
                by_key[key].append(invoice)
        wanted = defaultdict(list)
        for index, payment in enumerate(payments):
            if payment.payer_name:
                wanted[(float(payment.amount), payment.payer_name.casefold())].append(index)
        found = {}
        for key, indexes in wanted.items():
            if len(indexes) == 1 and len(by_key.get(key, [])) == 1:
                invoice = by_key[key][0]
                residual.setdefault(invoice.id, invoice.amount_residual)
                found[indexes[0]] = invoice
        return found

    # -- statement lines and reconciliation ----------------------------------------------------
    def _payment_import_line_vals(self, payment, unique_id, statement, log, invoices, state):
        partner = invoices[:1].commercial_partner_id
        vals = {
            "statement_id": statement.id,
            "journal_id": self.id,
            "date": payment.date,
            "amount": float(payment.amount),
            "payment_ref": payment.reference or payment.message or payment.payer_name or "/",
            "partner_name": payment.payer_name or False,
            "account_number": payment.payer_account or False,
            "unique_import_id": unique_id,
            "payment_import_id": log.id,
            "payment_match": state,
            "narration": payment.message or False,
        }
        if partner:
            receivable = invoices.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )[:1].account_id
            # the counterpart goes straight to the customer's receivable: no suspense line
            vals.update(partner_id=partner.id, counterpart_account_id=receivable.id)
        return vals

    def _payment_import_reconcile(self, lines, allocations):
        """Reconcile each line's receivable counterpart with its invoices, in one batch."""
        plan = []
        for line, (invoices, _state) in zip(lines, allocations, strict=True):
            if not invoices:
                continue
            _liquidity, _suspense, counterpart = line._seek_for_lines()
            receivable = counterpart.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            )
            account = receivable.account_id
            open_lines = invoices.line_ids.filtered(
                lambda aml, account=account: aml.account_id == account and not aml.reconciled
            ).sorted(lambda aml: (aml.date_maturity or aml.date, aml.id))
            plan.append(receivable + open_lines)
        if plan:
            self.env["account.move.line"]._reconcile_plan(plan)
