import base64
import hashlib
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from nordic_formats._records import iter_records
from nordic_formats.exceptions import FormatError, NordicFormatError
from nordic_formats.no import nets
from nordic_formats.payments import MandateStatus

from .account_banking_mandate import OPEN_STATES

_logger = logging.getLogger(__name__)

# what a file to or from Nets carries (claims and cancellations to come with the collections)
KINDS = [("agreements", "Agreements")]
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
    line_ids = fields.One2many("avtalegiro.file.line", "file_id", string="Records", readonly=True)
    line_count = fields.Integer(string="Number of records", compute="_compute_counts")
    followup_count = fields.Integer(string="To follow up", compute="_compute_counts")

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
                    "date": fields.Date.context_today(self),
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
