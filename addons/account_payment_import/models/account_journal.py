import base64
import hashlib
import logging
import threading
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from odoo.addons.base.models.res_bank import sanitize_account_number

_logger = logging.getLogger(__name__)

# Matched payments are booked on one statement line (one move) per day and at most this
# many payments, and reconciled together: Odoo's cost is per move and per reconciliation
# round, so few large batches are what makes a 10,000-payment file fast.
BATCH_SIZE = 1000
QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}
# The folder import takes a file only once it has not changed for this long (seconds;
# system parameter), and never one named as a file still being transferred.
SETTLE_PARAMETER = "account_payment_import.folder_settle_seconds"
DEFAULT_SETTLE_SECONDS = 120
PARTIAL_SUFFIXES = (
    ".tmp",
    ".temp",
    ".part",
    ".partial",
    ".filepart",
    ".crdownload",
    ".download",
    ".swp",
    ".lock",
    ".lck",
    "~",
)


def _is_partial_name(name):
    """Whether a file name is that of a file being written or transferred: hidden files
    (an upload in progress, ".x.txt.XXXX"), temporary and partial names."""
    lower = name.lower()
    return lower.startswith((".", "~")) or lower.endswith(PARTIAL_SUFFIXES)


def _testing():
    return getattr(threading.current_thread(), "testing", False)


def _to_minor(amount, currency):
    """An amount of ``currency`` (a float as Odoo keeps it) in integer minor units."""
    return round(amount * 10**currency.decimal_places)


def _payment_minor(payment, currency):
    """The amount of an :class:`~nordic_formats.payments.IncomingPayment` in minor units of
    ``currency`` (the file gives hundredths: öre, øre)."""
    return int(payment.amount.scaleb(currency.decimal_places))


def _from_minor(minor, currency):
    return float(Decimal(minor).scaleb(-currency.decimal_places))


class AccountJournal(models.Model):
    _inherit = "account.journal"

    payment_import_folder = fields.Char(
        string="Payment file folder",
        groups="base.group_system",
        help="A folder on the server where the bank (or a file transfer) drops payment files "
        "for this journal. A scheduled job imports each file as the import screen would, once "
        "it has not changed for a while (system parameter "
        "account_payment_import.folder_settle_seconds, default 120 seconds; files named as "
        "still in transfer, such as .part, .tmp or hidden files, wait), and moves it to the "
        "subfolder 'done', or to 'failed' with the reason in the journal's chatter.",
    )

    @api.model
    def _cron_import_payment_folders(self):
        # sudo: the folder setting is readable by administrators only; the job reads it.
        for journal in self.sudo().search([("payment_import_folder", "!=", False)]):
            try:
                journal.with_company(journal.company_id)._import_payment_folder()
            except Exception:
                # one journal's folder (unreadable, gone) does not stop the others' files
                _logger.exception(
                    "Payment file folder %s of journal %s could not be read",
                    journal.payment_import_folder,
                    journal.name,
                )
                if not _testing():
                    # every imported file is committed already: only this journal's last,
                    # failed step is undone, so that the next journal starts clean
                    self.env.cr.rollback()

    @api.model
    def _payment_folder_settle_seconds(self):
        """How long a file must have stayed unchanged before the folder import takes it: the
        bank (or the file transfer) may still be writing it."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()  # sudo: a technical setting, read by the import job
            .get_param(SETTLE_PARAMETER, DEFAULT_SETTLE_SECONDS)
        )
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            _logger.warning(
                "System parameter %s is %r, not a number of seconds: %s s used",
                SETTLE_PARAMETER,
                value,
                DEFAULT_SETTLE_SECONDS,
            )
            return DEFAULT_SETTLE_SECONDS

    @api.model
    def _payment_folder_ready_files(self, folder):
        """The files of ``folder`` ready to import, by name: not named as a file being
        transferred (temporary, partial, hidden) and unchanged for the settle time."""
        settle = self._payment_folder_settle_seconds()
        now = time.time()
        ready = []
        for path in sorted(folder.iterdir()):
            if _is_partial_name(path.name):
                _logger.debug("Payment file folder %s: %s is not complete yet", folder, path.name)
                continue
            try:
                if not path.is_file():
                    continue
                stat = path.stat()
            except OSError:  # gone meanwhile (taken by someone else)
                continue
            if now - stat.st_mtime < settle:
                _logger.info(
                    "Payment file %s in %s changed less than %s s ago: left for the next run",
                    path.name,
                    folder,
                    settle,
                )
                continue
            ready.append((path, stat))
        return ready

    def _import_payment_folder(self):
        """Import every settled file of the journal's folder, each whole or not at all, each
        on its own: a file that fails is moved to 'failed' with the reason in the journal's
        chatter and the log, and the others go on."""
        self.ensure_one()
        folder = Path(self.payment_import_folder)
        if not folder.is_dir():
            _logger.warning(
                "Payment file folder %s of journal %s does not exist", folder, self.name
            )
            return
        for path, stat in self._payment_folder_ready_files(folder):
            try:
                data = path.read_bytes()
                after = path.stat()
            except FileNotFoundError:
                continue  # taken by someone else meanwhile
            except OSError as error:
                self._payment_file_failed(path, str(error), error)
                continue
            if len(data) != after.st_size or (after.st_size, after.st_mtime_ns) != (
                stat.st_size,
                stat.st_mtime_ns,
            ):
                _logger.info(
                    "Payment file %s in %s changed while it was read: left for the next run",
                    path.name,
                    folder,
                )
                continue
            try:
                with self.env.cr.savepoint():
                    wizard = (
                        self.env["account.statement.import"]
                        .with_context(journal_id=self.id)
                        .create(
                            {
                                "statement_file": base64.b64encode(data),
                                "statement_filename": path.name,
                            }
                        )
                    )
                    summary = "\n".join(wizard._import_file()["notifications"])
            except UserError as error:
                self._payment_file_failed(path, error.args[0])
                continue
            except Exception as error:  # any other error fails this file only, not the job
                self._payment_file_failed(path, f"{type(error).__name__}: {error}", error)
                continue
            self._commit_payment_file(path, "done")
            _logger.info("Payment file %s imported from %s: %s", path.name, folder, summary)

    def _payment_file_failed(self, path, reason, error=None):
        """The file's import was rolled back: say why, on the journal and in the log, and
        move it to 'failed'."""
        self.env.invalidate_all()  # what the failed import left in the cache is gone
        if error is None:
            _logger.warning("Payment file %s was refused: %s", path, reason)
        else:
            _logger.error("Payment file %s could not be imported: %s", path, reason, exc_info=error)
        self.message_post(
            body=_(
                "Payment file %(file)s was refused: %(error)s",
                file=path.name,
                error=reason,
            )
        )
        self._commit_payment_file(path, "failed")

    def _commit_payment_file(self, path, subfolder):
        """Make what the file did permanent, then move it away: a crash in between leaves
        the file in place, and importing it again adds nothing twice."""
        if not _testing():
            self.env.cr.commit()  # the job's own transaction: one file at a time
        self._move_payment_file(path, subfolder)

    @api.model
    def _move_payment_file(self, path, subfolder):
        target = path.parent / subfolder
        target.mkdir(exist_ok=True)
        destination = target / path.name
        if destination.exists():  # the same name again: keep both
            destination = target / f"{path.stem}-{int(time.time())}{path.suffix}"
        path.rename(destination)

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
        known = self._payment_import_known_ids([payment.unique_id for payment in payments])
        new = [payment for payment in payments if payment.unique_id not in known]
        if len({payment.unique_id for payment in new}) != len(new):
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
                "amount_new": float(sum((p.amount for p in new), Decimal(0))),
            }
        )
        if not new:
            return log
        statement = env["account.bank.statement"].create(
            {"name": file_name, "journal_id": self.id, "date": max(p.date for p in new)}
        )
        log.statement_id = statement
        allocations = self._payment_import_allocate(new)
        records = env["account.payment.import.line"].create(
            [
                {
                    "import_id": log.id,
                    "sequence": index,
                    "unique_id": payment.unique_id,
                    "source_line": payment.source_line,
                    "date": payment.date,
                    "amount": float(payment.amount),
                    "reference": payment.reference or False,
                    "payer_name": payment.payer_name or False,
                    "payer_account": payment.payer_account or False,
                    "message": payment.message or False,
                    "payment_match": state,
                    "invoice_ids": [Command.set(invoices.ids)],
                    "partner_id": invoices[:1].commercial_partner_id.id,
                }
                for index, (payment, (invoices, state)) in enumerate(
                    zip(new, allocations, strict=True)
                )
            ]
        )
        matched = records.filtered(lambda record: record.payment_match != "unmatched")
        for day, day_records in matched.grouped("date").items():
            for chunk in split_every(BATCH_SIZE, day_records.ids, records.browse):
                self._payment_import_book_matched(statement, day, chunk)
        unmatched = records - matched
        payers = self._payment_import_payers_by_account(unmatched.mapped("payer_account"))
        # skip_retrieve_partner: the reconciliation models still run on unmatched lines, but
        # without account_reconcile_model_oca's guess of the partner from the line's texts (a
        # regular-expression scan of every journal item, per line); the payer is looked up
        # above, by bank account, for the whole file at once.
        lines = (
            env["account.bank.statement.line"]
            .with_context(skip_retrieve_partner=True)
            .create(
                [
                    {
                        **self._payment_import_unmatched_line_vals(statement, record),
                        "partner_id": payers.get(record.payer_account, False),
                    }
                    for record in unmatched
                ]
            )
        )
        for record, line in zip(unmatched, lines, strict=True):
            record.statement_line_id = line
        counts = defaultdict(int)
        for record in records:
            counts[record.payment_match] += 1
        log.write(
            {
                "count_matched": counts["matched"],
                "count_partial": counts["partial"],
                "count_overpaid": counts["overpaid"],
                "count_unmatched": counts["unmatched"],
                "amount_unmatched": _from_minor(
                    sum(_to_minor(amount, currency) for amount in unmatched.mapped("amount")),
                    currency,
                ),
            }
        )
        _logger.info("Imported %s into %s: %s", file_name, self.name, log.summary)
        return log

    def _payment_import_known_ids(self, unique_ids):
        """The set of these unique payment ids imported before in the journal's company."""
        known = set()
        for chunk in split_every(1000, unique_ids):
            # sudo: a payment imported on a journal the user cannot read is still imported
            known.update(
                self.env["account.payment.import.line"]
                .sudo()
                .search_fetch(
                    [("company_id", "=", self.company_id.id), ("unique_id", "in", list(chunk))],
                    ["unique_id"],
                )
                .mapped("unique_id")
            )
        return known

    def _receives_payment_file_account(self, account_number):
        """Whether payments to ``account_number`` (as the file gives it) arrive on this
        journal. Format modules extend it (Bankgiro number, Nets account)."""
        self.ensure_one()
        sanitized = "".join(ch for ch in account_number or "" if ch.isalnum())
        return bool(sanitized) and sanitized == (self.bank_account_id.sanitized_acc_number or "")

    # -- matching ------------------------------------------------------------------------------
    def _payment_import_allocate(self, payments):
        """For each payment, ``(invoices, state)``: the open customer invoices it pays, oldest
        first, and whether it pays them in full (matched), in part (partial), more than in
        full (overpaid) or matches nothing (unmatched). Invoices a payment pays in full are
        not offered to the next payment of the same file.

        Only the payment's references match: a payment without one (whatever its amount and
        payer name), and one whose references reach invoices of several customers, waits
        unmatched for a person. Amounts are counted in integer minor units (öre, øre), as
        the files give them: no float drift."""
        Move = self.env["account.move"]
        currency = self.currency_id or self.company_id.currency_id
        references = {ref for payment in payments for ref in payment.references}
        candidates = (
            Move.search_fetch(
                [
                    *self._payment_import_invoice_domain(),
                    ("id", "in", self._payment_import_reference_ids(references)),
                ],
                [
                    "payment_reference",
                    "amount_residual",
                    "commercial_partner_id",
                    "invoice_date",
                    "date",
                ],
                order="invoice_date, date, id",
            )
            if references
            else Move
        )
        by_reference = defaultdict(list)
        for invoice in candidates:
            by_reference[invoice.payment_reference].append(invoice)
        residual = {
            invoice.id: _to_minor(invoice.amount_residual, currency) for invoice in candidates
        }
        unmatched = (Move, "unmatched")
        result = []
        for payment in payments:
            amount = _payment_minor(payment, currency)
            reached = Move.union(*(inv for ref in payment.references for inv in by_reference[ref]))
            if amount <= 0 or len(reached.commercial_partner_id) != 1:
                # nothing to pay with, no open invoice with its references, or invoices of
                # several customers: which customer paid what is for a person to say
                result.append(unmatched)
                continue
            invoices = reached.filtered(lambda inv: residual[inv.id] > 0).sorted(
                lambda inv: (inv.invoice_date or inv.date, inv.id)
            )
            result.append(
                self._payment_import_consume(amount, invoices, residual) if invoices else unmatched
            )
        return result

    def _payment_import_reference_ids(self, references):
        """The ids of the open customer invoices of the journal's company (and its branches)
        with one of these payment references (a superset: the caller's search applies the rest).

        In SQL because of the plan: for ``payment_reference IN (thousands of values)``
        PostgreSQL picks core's trigram index, one bitmap lookup per value (4.7 s for 2,000
        references, 40 s for 10,000); joined with the list it uses the btree index of open
        invoices by reference (account_move.init), a few milliseconds."""
        self.env["account.move"].flush_model(
            ["company_id", "move_type", "state", "payment_state", "payment_reference"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id
                  FROM unnest(%s::varchar[]) AS r(reference)
                  JOIN account_move m ON m.payment_reference = r.reference
                 WHERE m.company_id = ANY(%s)
                   AND m.move_type IN ('out_invoice', 'out_receipt')
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                """,
                list(references),
                self._payment_import_companies().ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _payment_import_consume(self, amount, invoices, residual):
        """Apply ``amount`` (minor units) to the invoices, oldest first, taking it off their
        ``residual`` (minor units); the invoices it reaches and the payment's state."""
        left = amount
        used = invoices.browse()
        for invoice in invoices:
            if left <= 0:
                break
            take = min(left, residual[invoice.id])
            residual[invoice.id] -= take
            left -= take
            used |= invoice
        if left > 0:
            state = "overpaid"
        elif any(residual[invoice.id] > 0 for invoice in used):
            state = "partial"
        else:
            state = "matched"
        return used, state

    def _payment_import_companies(self):
        """The organisation units whose invoices are paid on this journal: its company and
        the company's branches (a branch without a bank account of its own is paid on its
        parent's, whose number its invoices give). The user's own companies of them are
        searched (record rules)."""
        # sudo: only the ids of the branches, for the search that applies the user's rules
        return self.env["res.company"].sudo().search([("id", "child_of", self.company_id.id)])

    def _payment_import_invoice_domain(self):
        return [
            ("company_id", "child_of", self.company_id.id),
            ("move_type", "in", ("out_invoice", "out_receipt")),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("currency_id", "=", (self.currency_id or self.company_id.currency_id).id),
        ]

    # -- statement lines and reconciliation ----------------------------------------------------
    def _payment_import_book_matched(self, statement, day, records):
        """One statement line for these matched payments of one day: the bank received
        them together. Its move credits each payer's receivable with their payment, and
        each such line is reconciled with the payment's invoices (the rest of an
        over-payment stays open: the customer's credit)."""
        currency = self.currency_id or self.company_id.currency_id
        line = self.env["account.bank.statement.line"].create(
            {
                "statement_id": statement.id,
                "journal_id": self.id,
                "date": day,
                "amount": _from_minor(
                    sum(_to_minor(amount, currency) for amount in records.mapped("amount")),
                    currency,
                ),
                "payment_ref": _(
                    "%(count)s payments matched to invoices (%(file)s)",
                    count=len(records),
                    file=statement.name,
                ),
                "payment_match": "matched",
                "payment_import_id": records.import_id.id,
            }
        )
        _liquidity, suspense, _other = line._seek_for_lines()
        move = line.move_id
        vals_list = []
        for record in records:
            receivable = self._payment_import_receivable_lines(record.invoice_ids)[:1].account_id
            vals_list.append(
                {
                    "move_id": move.id,
                    "account_id": receivable.id,
                    "partner_id": record.partner_id.id,
                    "name": record.reference or record.payer_name or record.unique_id,
                    "currency_id": currency.id,
                    "amount_currency": -record.amount,
                    "balance": -record.amount,
                    # a receivable line has no analytic distribution: not looked up per line
                    "analytic_distribution": False,
                }
            )
        container = {"records": move, "self": move}
        with move._check_balanced(container):
            move.with_context(
                skip_account_move_synchronization=True,
                force_delete=True,
                skip_invoice_sync=True,
                skip_readonly_check=True,
            ).write({"line_ids": [Command.delete(suspense.id)]})
            booked = (
                self.env["account.move.line"]
                .with_context(
                    check_move_validity=False, skip_invoice_sync=True, skip_readonly_check=True
                )
                .create(vals_list)
            )
        records.statement_line_id = line
        plan = []
        for record, booked_line in zip(records, booked, strict=True):
            record.move_line_id = booked_line
            open_lines = (
                self._payment_import_receivable_lines(record.invoice_ids)
                .filtered(
                    lambda aml, account=booked_line.account_id: (
                        aml.account_id == account and not aml.reconciled
                    )
                )
                .sorted(lambda aml: (aml.date_maturity or aml.date, aml.id))
            )
            plan.append(booked_line + open_lines)
        # skip_invoice_sync: reconciling changes no invoice line that Odoo's sync of
        # payment terms, taxes and rounding would redo (a fifth of the booking time)
        self.env["account.move.line"].with_context(skip_invoice_sync=True)._reconcile_plan(plan)

    @api.model
    def _payment_import_receivable_lines(self, invoices):
        return invoices.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )

    def _payment_import_payers_by_account(self, accounts):
        """``{account number as the file gives it: partner id}`` for the accounts that
        belong to exactly one partner (of this company or shared)."""
        by_sanitized = defaultdict(set)
        for account in filter(None, accounts):
            sanitized = sanitize_account_number(account)
            if sanitized:
                by_sanitized[sanitized].add(account)
        if not by_sanitized:
            return {}
        partners = defaultdict(set)
        for bank in self.env["res.partner.bank"].search_fetch(
            [
                ("sanitized_acc_number", "in", list(by_sanitized)),
                ("company_id", "in", [False, self.company_id.id]),
            ],
            ["sanitized_acc_number", "partner_id"],
        ):
            partners[bank.sanitized_acc_number].add(bank.partner_id.id)
        return {
            account: next(iter(partners[sanitized]))
            for sanitized, accounts_ in by_sanitized.items()
            if len(partners[sanitized]) == 1
            for account in accounts_
        }

    def _payment_import_unmatched_line_vals(self, statement, record):
        return {
            "statement_id": statement.id,
            "journal_id": self.id,
            "date": record.date,
            "amount": record.amount,
            "payment_ref": record.reference or record.message or record.payer_name or "/",
            "partner_name": record.payer_name,
            "account_number": record.payer_account,
            "unique_import_id": f"{self.company_id.id}-{record.unique_id}",
            "payment_import_id": record.import_id.id,
            "payment_match": "unmatched",
            "narration": record.message,
        }
