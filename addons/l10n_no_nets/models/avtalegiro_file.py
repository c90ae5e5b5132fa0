import base64
import hashlib
import logging
from collections import defaultdict
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from odoo.addons.account_direct_debit.exceptions import DirectDebitNotWithdrawable

from nordic_formats import bankdays
from nordic_formats._records import iter_records
from nordic_formats.exceptions import FormatError, NordicFormatError
from nordic_formats.no import nets
from nordic_formats.payments import MandateStatus

from .account_banking_mandate import OPEN_STATES

_logger = logging.getLogger(__name__)

# what a file to or from Nets carries
KINDS = [
    ("agreements", "Agreements"),
    ("claims", "Claims"),
    ("cancellations", "Cancellations of claims"),
]
# the first record of an assignment of AvtaleGiro agreements (service code 21, type 24)
AGREEMENTS_START = "NY212420"


class AvtaleGiroFile(models.Model):
    """A file to or from Nets of the AvtaleGiro service, kept as it was with its checksum:
    what each of its records asked for or reported is in its lines."""

    _name = "avtalegiro.file"
    _description = "AvtaleGiro file"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank journal",
        readonly=True,
        check_company=True,
        help="The bank journal of the agreement account: Nets' OCR giro files of what the "
        "agreements collect are imported there.",
    )
    direction = fields.Selection(
        [("out", "To Nets"), ("in", "From Nets")], required=True, readonly=True
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, help="The day the file was imported.")
    data = fields.Binary(string="File", attachment=True, readonly=True)
    checksum = fields.Char(string="SHA-256", readonly=True, index=True)
    payment_order_id = fields.Many2one(
        "account.payment.order",
        string="Collection",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The collection whose claims this claim file carries.",
    )
    line_ids = fields.One2many("avtalegiro.file.line", "file_id", string="Records", readonly=True)
    line_count = fields.Integer(string="Number of records", compute="_compute_counts")
    followup_count = fields.Integer(string="To follow up", compute="_compute_counts")

    def write(self, vals):
        # a file is kept as it was written or received
        if not self.env.su:
            raise AccessError(_("An AvtaleGiro file is kept as it was: it cannot be changed."))
        return super().write(vals)

    @api.depends("line_ids.needs_followup", "line_ids.followed_up")
    def _compute_counts(self):
        for record in self:
            record.line_count = len(record.line_ids)
            record.followup_count = len(
                record.line_ids.filtered(lambda line: line.needs_followup and not line.followed_up)
            )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/avtalegiro.file/{self.id}/data/{self.name}?download=true",
            "target": "self",
        }

    # -- files to Nets ---------------------------------------------------------------------------
    @api.model
    def _create_out_file(self, journal, kind, content, number, **vals):
        """A file to Nets of ``journal``'s agreement, kept with its checksum."""
        data = (content + "\n").encode("latin-1")
        name = {"claims": "CLAIMS", "cancellations": "CANCELLATIONS"}[kind]
        return self.create(
            {
                "name": f"AVTALEGIRO-{name}-{journal.l10n_no_nets_customer_unit}-{number}.txt",
                "company_id": journal.company_id.id,
                "journal_id": journal.id,
                "direction": "out",
                "kind": kind,
                "date": bankdays.today("NO"),
                "data": base64.b64encode(data),
                "checksum": hashlib.sha256(data).hexdigest(),
                **vals,
            }
        )

    @api.model
    def _lock_sent(self, lines):
        """Lock ``lines`` (debits), so that two users at once cannot send one twice, and
        read them again."""
        self.env.cr.execute(
            "SELECT id FROM account_payment_line WHERE id IN %s FOR UPDATE", [tuple(lines.ids)]
        )
        lines.invalidate_recordset(["debit_state", "debit_file_ref", "date"])

    @api.model
    def _claim_lines(self, record, lines, claims, action):
        """The file's records of ``claims`` (of ``lines``, in the same order): the line of
        each claim's first record, what it asked for."""
        numbers = [
            number
            for number, text in enumerate(
                base64.b64decode(record.data).decode("latin-1").splitlines(), 1
            )
            if text[6:8] == "30"
        ]
        return self.env["avtalegiro.file.line"].create(
            [
                {
                    "file_id": record.id,
                    "line_number": number,
                    "kid": claim.kid,
                    "account_id": line.mandate_id.l10n_no_avtalegiro_account_id.id,
                    "notify": bool(claim.bank_notification),
                    "mandate_id": line.mandate_id.id,
                    "partner_id": line.partner_id.id,
                    "payment_line_id": line.id,
                    "due_date": claim.due_date,
                    "amount": float(claim.amount),
                    "payer_name": claim.payer_name,
                    "reference": claim.reference,
                    "action": action,
                }
                for number, line, claim in zip(numbers, lines, claims, strict=True)
            ]
        )

    @api.model
    def _write_claims(self, order):
        """The claim file of a confirmed AvtaleGiro collection: one claim per debit, with
        the agreement's KID, on its date (moved to the earliest day Nets takes when the
        collection was confirmed days ago). The debits are locked and must not have been
        written before: a collection goes to Nets once."""
        journal = order.journal_id
        customer_unit, account = journal._l10n_no_avtalegiro_sender()
        lines = order.payment_line_ids
        self._lock_sent(lines)
        if lines.filtered("debit_file_ref"):
            raise UserError(
                _(
                    "Collection %s was written to a file meanwhile: it is not written twice.",
                    order.name,
                )
            )
        wrong = lines.mandate_id.filtered(
            lambda mandate: (
                mandate.format != "avtalegiro"
                or mandate.state != "valid"
                or mandate.company_id != order.company_id
            )
        )
        if wrong:
            raise UserError(
                _(
                    "Collection %(order)s has debits of agreements that are not open "
                    "AvtaleGiro agreements of %(unit)s: %(agreements)s. Nothing was written.",
                    order=order.name,
                    unit=order.company_id.name,
                    agreements=", ".join(wrong.mapped("display_name")),
                )
            )
        other = lines.mandate_id.filtered(
            lambda mandate: mandate.l10n_no_avtalegiro_account_id != journal.bank_account_id
        )
        if other:
            raise UserError(
                _(
                    "The AvtaleGiro agreements %(agreements)s are for another account than "
                    "%(account)s of journal %(journal)s: a claim file is for one agreement "
                    "account. Nothing was written.",
                    agreements=", ".join(other.mapped("display_name")),
                    account=journal.bank_account_id.acc_number,
                    journal=journal.display_name,
                )
            )
        errors = order._direct_debit_check_payers(lines)
        if errors:
            raise UserError("\n".join(errors))
        moved = defaultdict(lambda: self.env["account.payment.line"])
        for line in lines:
            earliest = order._l10n_no_avtalegiro_earliest(line)
            if line.date < earliest:
                moved[earliest] |= line
        for earliest, late in moved.items():
            late.date = earliest
            order.message_post(
                body=_(
                    "Debits moved to %(date)s, the earliest due date Nets takes now: %(invoices)s",
                    date=format_date(self.env, earliest),
                    invoices=", ".join(late.move_id.mapped("name")),
                )
            )
        lines = lines.sorted(
            lambda line: (line.date, line.mandate_id.l10n_no_avtalegiro_kid, line.id)
        )
        claims = [line._l10n_no_avtalegiro_claim() for line in lines]
        number = journal._l10n_no_avtalegiro_file_number()
        content = nets.avtalegiro_claims(
            claims,
            customer_id=customer_unit,
            transmission_number=number,
            assignment_number=number,
            account=account,
        )
        record = self._create_out_file(
            journal, "claims", content, number, payment_order_id=order.id
        )
        self._claim_lines(record, lines, claims, "claim")
        lines.debit_file_ref = record.name
        _logger.info("AvtaleGiro claim file %s written: %s claims", record.name, len(claims))
        return record

    @api.model
    def _write_cancellations(self, journal, lines):
        """Withdraw sent claims before their due date: a cancellation file (each claim as
        it was sent, transaction type 93). Nets takes a cancellation as late as a new claim
        with the same due date (its lead time)."""
        customer_unit, account = journal._l10n_no_avtalegiro_sender()
        self._lock_sent(lines)
        if lines.filtered(lambda line: line.debit_state != "sent"):
            raise UserError(
                _("These claims were withdrawn or reported meanwhile: nothing was written.")
            )
        earliest = lines.order_id[:1]._direct_debit_debit_date(False)
        late = lines.filtered(lambda line: line.date < earliest)
        if late:
            raise DirectDebitNotWithdrawable(
                _(
                    "Claims due before %(date)s can no longer be cancelled at Nets (a "
                    "cancellation must reach Nets as early as a claim: 4 days before the due "
                    "date, 5 after 14:00, Norwegian holidays not counted): %(claims)s. Ask the "
                    "payers to stop them in their online bank, or refund them when they are "
                    "paid. Nothing was written.",
                    date=format_date(self.env, earliest),
                    claims=", ".join(late.move_id.mapped("name")),
                )
            )
        sent = self.env["avtalegiro.file.line"].search(
            [("payment_line_id", "in", lines.ids), ("action", "=", "claim")]
        )
        by_line = {record.payment_line_id: record for record in sent}
        missing = lines.filtered(lambda line: line not in by_line)
        if missing:
            raise UserError(
                _(
                    "No claim file of these debits is kept here: %s. They are cancelled at "
                    "Nets by hand. Nothing was written.",
                    ", ".join(missing.move_id.mapped("name")),
                )
            )
        cancellations = [
            nets.Claim(
                kid=by_line[line].kid,
                due_date=by_line[line].due_date,
                amount=Decimal(round(by_line[line].amount * 100)).scaleb(-2),
                payer_name=by_line[line].payer_name or "",
                reference=by_line[line].reference or "",
            )
            for line in lines
        ]
        number = journal._l10n_no_avtalegiro_file_number()
        content = nets.avtalegiro_claims(
            [],
            cancellations=cancellations,
            customer_id=customer_unit,
            transmission_number=number,
            assignment_number=number,
            account=account,
        )
        record = self._create_out_file(journal, "cancellations", content, number)
        self._claim_lines(record, lines, cancellations, "claim_cancelled")
        lines._direct_debit_withdrawn(_("Withdrawn in %s", record.name))
        _logger.info("AvtaleGiro cancellation file %s written: %s", record.name, len(lines))
        return record

    def _direct_debit_delivered(self):
        """A file to Nets is sent by hand (downloaded and uploaded to Nets)."""
        return False

    # -- agreement files from Nets ----------------------------------------------------------------
    @api.model
    def _is_agreement_file(self, data):
        """Whether ``data`` is a Nets transmission with an assignment of AvtaleGiro
        agreements (a broken one too: its import says what is wrong)."""
        try:
            return any(text.startswith(AGREEMENTS_START) for _line, text in iter_records(data))
        except FormatError:
            return False

    @api.model
    def _format_error(self, filename, error):
        if error.line is not None:
            return _(
                "%(file)s, line %(line)s, field %(field)s: %(message)s. Nothing was imported.",
                file=filename,
                line=error.line,
                field=error.field or "-",
                message=error.message,
            )
        return _(
            "%(file)s: %(message)s. Nothing was imported.", file=filename, message=error.message
        )

    @api.model
    def _import_agreements(self, data, filename, journal=None):
        """Import Nets' AvtaleGiro agreement file (FBO) whole or not at all; a file imported
        before is refused. ``journal``: the bank journal the import was started from, which
        must have the file's agreement account."""
        # only those who may import (billing users) learn anything of the file
        self.browse().check_access("create")
        try:
            agreements = nets.avtalegiro_mandates(data)
        except NordicFormatError as error:
            raise UserError(self._format_error(filename, error)) from error
        if not agreements:
            raise UserError(_("%(file)s holds no agreements: nothing was imported.", file=filename))
        for item in agreements:
            if not item.payer_reference:
                raise UserError(
                    _(
                        "%(file)s, line %(line)s, field KID: an agreement without a KID. Nothing "
                        "was imported.",
                        file=filename,
                        line=item.source_line,
                    )
                )
        journals = {
            account: self._journal_of_account(account, filename, journal)
            for account in {item.payee_account for item in agreements}
        }
        company = next(iter(journals.values())).company_id
        if any(other.company_id != company for other in journals.values()):
            raise UserError(
                _(
                    "%(file)s holds agreements of several organisations (%(organisations)s): "
                    "nothing was imported.",
                    file=filename,
                    organisations=", ".join(sorted({j.company_id.name for j in journals.values()})),
                )
            )
        if not self.env["account.journal"]._l10n_no_kid_journals(company):
            raise UserError(
                _(
                    "%(organisation)s makes no KIDs: set the communication standard Norway on "
                    "its sales journal, with the KID settings agreed with Nets. Nothing was "
                    "imported.",
                    organisation=company.name,
                )
            )
        checksum = hashlib.sha256(data).hexdigest()
        earlier = self.search(
            [
                ("company_id", "=", company.id),
                ("checksum", "=", checksum),
                ("direction", "=", "in"),
            ],
            limit=1,
        )
        if earlier:
            raise UserError(
                _(
                    "%(file)s was imported already (%(earlier)s on %(date)s): nothing was "
                    "imported again.",
                    file=filename,
                    earlier=earlier.name,
                    date=earlier.create_date.date(),
                )
            )
        # whole or not at all, also for a caller that goes on after the error
        with self.env.cr.savepoint():
            record = self.create(
                {
                    "name": filename,
                    "company_id": company.id,
                    # the bank journal of the (first) agreement account
                    "journal_id": journals[agreements[0].payee_account].id,
                    "direction": "in",
                    "kind": "agreements",
                    "date": bankdays.today("NO"),
                    "data": base64.b64encode(data),
                    "checksum": checksum,
                }
            )
            record._import_agreement_records(agreements, journals)
        _logger.info("AvtaleGiro agreement file %s imported: %s records", filename, len(agreements))
        return record

    @api.model
    def _journal_of_account(self, account, filename, journal=None):
        """The bank journal of the user's organisations that receives Nets' files for the
        agreement account ``account`` (as the file gives it), else an error naming it."""
        if journal:
            if not journal._receives_payment_file_account(account):
                raise UserError(
                    _(
                        "%(file)s is for the agreement account %(account)s, not for the account "
                        "of journal %(journal)s: nothing was imported.",
                        file=filename,
                        account=account,
                        journal=journal.display_name,
                    )
                )
            return journal
        candidates = (
            self.env["account.journal"]
            .search(
                [
                    ("type", "=", "bank"),
                    ("bank_account_id", "!=", False),
                    ("company_id", "in", self.env.companies.ids),
                ],
                order="sequence, id",
            )
            .filtered(lambda j: j._receives_payment_file_account(account))
        )
        if not candidates:
            raise UserError(
                _(
                    "%(file)s is for the agreement account %(account)s: no bank journal of your "
                    "organisations has it. Set the account on the bank journal where Nets' files "
                    "for it are imported. Nothing was imported.",
                    file=filename,
                    account=account,
                )
            )
        if len(candidates.company_id) > 1:
            raise UserError(
                _(
                    "%(file)s is for the agreement account %(account)s, which bank journals of "
                    "several organisations have (%(organisations)s): choose the organisation "
                    "the file is of in the company switcher. Nothing was imported.",
                    file=filename,
                    account=account,
                    organisations=", ".join(candidates.company_id.mapped("name")),
                )
            )
        return candidates[0]

    def _open_agreements(self):
        """The organisation's AvtaleGiro agreements by KID: the open one, else the last."""
        by_kid = {}
        for mandate in self.env["account.banking.mandate"].search(
            [("format", "=", "avtalegiro"), ("company_id", "=", self.company_id.id)],
            order="id",
        ):
            number = mandate.l10n_no_avtalegiro_kid
            if number not in by_kid or by_kid[number].state not in OPEN_STATES:
                by_kid[number] = mandate
        return by_kid

    def _line(self, item, account, action, mandate=None, message="", followup=False):
        return {
            "file_id": self.id,
            "line_number": item.source_line,
            "kid": item.payer_reference,
            "account_id": account.id,
            "registration_type": item.info_code,
            "notify": bool(item.notify),
            "mandate_id": mandate.id if mandate else False,
            "partner_id": mandate.partner_id.id if mandate else False,
            "action": action,
            "message": message,
            "needs_followup": followup,
        }

    def _import_agreement_records(self, agreements, journals):
        """New and changed agreements become (or change) active agreements of the person
        with the KID; deleted ones end theirs; a list of all active agreements (registration
        type 0) also ends the open agreements of its accounts that it lacks."""
        self.ensure_one()
        Mandate = self.env["account.banking.mandate"]
        by_kid = self._open_agreements()
        people = self.env["res.partner"]._l10n_no_people_by_avtalegiro_kid(
            self.company_id,
            [item.payer_reference for item in agreements if item.status == MandateStatus.ACTIVE],
        )
        listed = {}  # account: KIDs of a list of all active agreements
        lines = []
        for item in agreements:
            number = item.payer_reference
            account = journals[item.payee_account].bank_account_id
            mandate = by_kid.get(number)
            if item.info_code == "0":
                listed.setdefault(account, set()).add(number)
            if item.status == MandateStatus.CANCELLED:
                lines.append(self._deleted_line(item, account, mandate))
                continue
            if mandate and mandate.state in OPEN_STATES:
                lines.append(self._changed_line(item, mandate, account))
                continue
            if (
                mandate
                and item.info_code == "0"
                and mandate.l10n_no_avtalegiro_cancelled_by == "payee"
            ):
                # the payee ended it; Nets keeps it until the payer deletes it
                lines.append(
                    self._line(
                        item,
                        account,
                        "cancelled_here",
                        mandate,
                        _("Active at Nets, cancelled here: nothing is claimed"),
                        followup=True,
                    )
                )
                continue
            found = people.get(number, self.env["res.partner"])
            if len(found) != 1:
                message = (
                    _("Nobody of the organisation has this KID")
                    if not found
                    else _(
                        "Several people of the organisation have this KID: %(people)s",
                        people=", ".join(found.mapped("name")),
                    )
                )
                lines.append(self._line(item, account, "unknown", message=message, followup=True))
                continue
            mandate = Mandate._l10n_no_avtalegiro_create(
                self.company_id, found, number, account, item.notify, self.date
            )
            by_kid[number] = mandate
            mandate._l10n_no_avtalegiro_note_on_person(
                _(
                    "AvtaleGiro agreement %(mandate)s (KID %(kid)s) registered by the payer: "
                    "active, notify payer: %(notify)s.",
                    mandate=mandate.display_name,
                    kid=number,
                    notify=self._yes_no(item.notify),
                )
            )
            lines.append(self._line(item, account, "new", mandate))
        for account, numbers in listed.items():
            missing = [
                mandate
                for number, mandate in by_kid.items()
                if number not in numbers
                and mandate.state in OPEN_STATES
                and mandate.l10n_no_avtalegiro_account_id == account
            ]
            for mandate in missing:
                message = _("Not in Nets' list of active agreements: ended")
                mandate._l10n_no_avtalegiro_end("nets", message)
                lines.append(
                    {
                        "file_id": self.id,
                        "kid": mandate.l10n_no_avtalegiro_kid,
                        "account_id": account.id,
                        "mandate_id": mandate.id,
                        "partner_id": mandate.partner_id.id,
                        "action": "missing",
                        "message": message,
                        "needs_followup": True,
                    }
                )
        self.env["avtalegiro.file.line"].create(lines)

    @api.model
    def _yes_no(self, value):
        return _("yes") if value else _("no")

    def _changed_line(self, item, mandate, account):
        """A new or changed agreement (or one of the list of all) of an open agreement: the
        notice wish and the account as Nets has them."""
        changes = []
        vals = {}
        if bool(item.notify) != mandate.l10n_no_avtalegiro_notify:
            changes.append(
                _(
                    "notify payer: %(old)s → %(new)s",
                    old=self._yes_no(mandate.l10n_no_avtalegiro_notify),
                    new=self._yes_no(item.notify),
                )
            )
            vals["l10n_no_avtalegiro_notify"] = bool(item.notify)
        if account != mandate.l10n_no_avtalegiro_account_id:
            changes.append(
                _(
                    "account %(old)s → %(new)s",
                    old=mandate.l10n_no_avtalegiro_account_id.acc_number,
                    new=account.acc_number,
                )
            )
            vals["l10n_no_avtalegiro_account_id"] = account.id
        if not changes:
            return self._line(item, account, "confirmed", mandate)
        mandate.write(vals)
        message = ", ".join(changes)
        mandate._l10n_no_avtalegiro_note_on_person(
            _(
                "AvtaleGiro agreement %(mandate)s (KID %(kid)s) changed: %(changes)s",
                mandate=mandate.display_name,
                kid=mandate.l10n_no_avtalegiro_kid,
                changes=message,
            )
        )
        return self._line(item, account, "changed", mandate, message)

    def _deleted_line(self, item, account, mandate):
        if mandate and mandate.state in OPEN_STATES:
            message = _("Deleted by the payer or the payer's bank")
            mandate._l10n_no_avtalegiro_end("payer", message)
            return self._line(item, account, "cancelled", mandate, message)
        if mandate:
            return self._line(item, account, "confirmed", mandate, _("Closed already"))
        return self._line(
            item, account, "unknown", message=_("No agreement with this KID: nothing to delete")
        )
