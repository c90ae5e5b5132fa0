import base64
import datetime
import hashlib
import logging
import os
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.account_direct_debit.exceptions import DirectDebitNotWithdrawable

from nordic_formats import bankdays
from nordic_formats.exceptions import NordicFormatError
from nordic_formats.payments import MandateStatus
from nordic_formats.se import autogiro, bankgiro

from .account_banking_mandate import BANK_ENDED
from .autogiro_file_line import CANCEL_TEXTS, CHANGE_TEXTS, REJECTION_TEXTS, STATUS_TEXTS

_logger = logging.getLogger(__name__)

OPEN_STATES = ("draft", "sent", "valid")
REPORTS = {
    "AG-MEDAVI": "mandate_advice",
    "AG-EMEDGIV": "emandates",
    "BET. SPEC & STOPP TK": "specification",
    "AVVISADE BET UPPDR": "rejected",
    "MAKULERING/ÄNDRING": "changes",
}


class AutogiroFile(models.Model):
    """A file to or from Bankgirot, kept as it was with its checksum: what each of its
    records asked for or reported is in its lines."""

    _name = "autogiro.file"
    _description = "Autogiro file"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    payee_id = fields.Many2one(
        "autogiro.payee", required=True, readonly=True, index=True, ondelete="restrict"
    )
    # a file to Bankgirot is of the organisation unit whose mandates or collection it
    # carries (a branch's, under its parent's payee), a report from Bankgirot of the
    # payee's organisation
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    direction = fields.Selection(
        [("out", "To Bankgirot"), ("in", "From Bankgirot")], required=True, readonly=True
    )
    kind = fields.Selection(
        [
            ("mandates", "Mandates"),
            ("mandate_advice", "Mandate advice"),
            ("emandates", "Internet-bank mandates"),
            ("register", "Mandate register extract"),
            ("payments", "Payments"),
            ("withdrawals", "Cancellations and date changes"),
            ("specification", "Payment specification"),
            ("rejected", "Rejected payments"),
            ("changes", "Cancellations and changes report"),
        ],
        required=True,
        readonly=True,
    )
    date = fields.Date(required=True, readonly=True, help="The date the file was written.")
    data = fields.Binary(
        string="File",
        attachment=True,
        readonly=True,
        # mandate files and reports carry the payers' personnummer
        groups="association_base.group_association_user",
    )
    checksum = fields.Char(string="SHA-256", readonly=True, index=True)
    sealed = fields.Boolean(readonly=True, help="Sealed with the payee's HMAC key.")
    delivered_to = fields.Char(string="Put in folder", readonly=True)
    payment_order_id = fields.Many2one(
        "account.payment.order",
        string="Collection",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The collection whose debits this payment file carries.",
    )
    payment_import_id = fields.Many2one(
        "account.payment.import",
        string="Payments booked",
        readonly=True,
        help="The approved debits of this payment specification, booked and reconciled.",
    )
    line_ids = fields.One2many("autogiro.file.line", "file_id", string="Records", readonly=True)
    line_count = fields.Integer(string="Number of records", compute="_compute_counts")
    followup_count = fields.Integer(string="To follow up", compute="_compute_counts")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("company_id") and vals.get("payee_id"):
                # a file of no unit of its own is its payee's organisation's (sudo: a
                # branch's users may not read their parent company; its id only)
                payee = self.env["autogiro.payee"].browse(vals["payee_id"]).sudo()
                vals["company_id"] = payee.company_id.id
        return super().create(vals_list)

    def write(self, vals):
        # a file is kept as it was written or received: only where it was delivered and
        # what its payments were booked as are set afterwards
        if not self.env.su and set(vals) - {"delivered_to", "payment_import_id"}:
            raise AccessError(_("An Autogiro file is kept as it was: it cannot be changed."))
        return super().write(vals)

    @api.depends("line_ids.needs_followup", "line_ids.followed_up")
    def _compute_counts(self):
        for record in self:
            record.line_count = len(record.line_ids)
            record.followup_count = len(
                record.line_ids.filtered(lambda line: line.needs_followup and not line.followed_up)
            )

    # -- files to Bankgirot -------------------------------------------------------------------
    @api.model
    def _write_mandate_file(self, payee, mandates):
        """The mandate file of the pending requests of ``mandates`` (all of ``payee``): the
        mandates are locked first, so that two exports at once cannot send one twice."""
        if not mandates:
            raise UserError(_("No mandate to send."))
        self.env.cr.execute(
            "SELECT id FROM account_banking_mandate WHERE id IN %s FOR UPDATE",
            [tuple(mandates.ids)],
        )
        mandates.invalidate_recordset(["autogiro_pending", "state"])
        mandates = mandates.filtered("autogiro_pending").sorted(
            lambda m: m.autogiro_payer_number.zfill(16)
        )
        if not mandates:
            raise UserError(_("These mandates were sent meanwhile: nothing is left to send."))
        today = bankdays.today("SE")
        requests = [mandate._autogiro_request() for mandate in mandates]
        content = autogiro.write_mandates(
            payee.bankgiro_digits, int(payee.customer_number), today, requests
        )
        actions = {
            "new": "request_new",
            "accept": "request_accept",
            "reject": "request_reject",
            "cancel": "request_cancel",
        }
        unit = mandates.company_id if len(mandates.company_id) == 1 else payee.company_id
        record = self._create_out_file(payee, "mandates", content, today, company_id=unit.id)
        # after the opening record (and the seal's opening record)
        first = 3 if record.sealed else 2
        self.env["autogiro.file.line"].create(
            [
                {
                    "file_id": record.id,
                    "line_number": number,
                    "payer_number": mandate.autogiro_payer_number,
                    "mandate_id": mandate.id,
                    "action": actions[mandate.autogiro_pending],
                }
                for number, mandate in enumerate(mandates, first)
            ]
        )
        for pending, group in mandates.grouped("autogiro_pending").items():
            vals = {"autogiro_pending": False}
            if pending in ("new", "accept"):
                vals["state"] = "sent"
            group.write(vals)
        record._deliver()
        return record

    @api.model
    def _create_out_file(self, payee, kind, content, today, **vals):
        """A file to Bankgirot, sealed with the payee's key (when it has one), kept with
        its checksum (not delivered yet: :meth:`_deliver`)."""
        content, sealed = payee._seal(content, today)
        data = content.encode("latin-1")
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        # Bankgirot's file names tell files apart by the second they were written: a second
        # file of the same second takes the next free second
        # sudo: the names of the payee's files of all its units (a branch's files and its
        # parent's share the names), compared only
        taken = set(
            self.sudo()
            .search([("payee_id", "=", payee.id), ("direction", "=", "out")], limit=50)
            .mapped("name")
        )
        while True:
            name = f"BFEP.IAGAG.K0{int(payee.customer_number):06d}.D{now:%y%m%d}.T{now:%H%M%S}"
            if name not in taken:
                break
            now += datetime.timedelta(seconds=1)
        record = self.create(
            {
                "name": name,
                "payee_id": payee.id,
                "company_id": payee.company_id.id,
                "direction": "out",
                "kind": kind,
                "date": today,
                "checksum": hashlib.sha256(data).hexdigest(),
                "sealed": sealed,
                **vals,
            }
        )
        record._keep_data(data)
        return record

    def _keep_data(self, data):
        """The file's content, kept once: files about mandates carry the payers' identity
        numbers, so the content is readable by the organisation's users only (field
        groups); sudo: it is set here once, by whoever writes or imports the file."""
        self.ensure_one()
        self.sudo().data = base64.b64encode(data)

    @api.model
    def _write_payment_file(self, order):
        """The payment file of a confirmed Autogiro collection: one debit (TK82) per
        payment line on its date. The lines are locked and must not have been written
        before: a collection goes to Bankgirot once."""
        payee = self.env["autogiro.payee"]._of_company(order.company_id)
        if not payee:
            raise UserError(
                _(
                    "%(unit)s has no Autogiro payee (Accounting → Configuration → Autogiro "
                    "payees): collection %(order)s cannot be written.",
                    unit=order.company_id.name,
                    order=order.name,
                )
            )
        lines = order.payment_line_ids
        if not lines:
            raise UserError(_("Collection %s has no debits.", order.name))
        self.env.cr.execute(
            "SELECT id FROM account_payment_line WHERE id IN %s FOR UPDATE", [tuple(lines.ids)]
        )
        lines.invalidate_recordset(["debit_state", "debit_file_ref"])
        if lines.filtered("debit_file_ref"):
            raise UserError(
                _(
                    "Collection %s was written to a file meanwhile: it is not written twice.",
                    order.name,
                )
            )
        others = lines.mandate_id.filtered(
            lambda mandate: mandate.autogiro_payee_id != payee or mandate.state != "valid"
        )
        if others:
            raise UserError(
                _(
                    "Not valid Autogiro mandates of %(payee)s: %(mandates)s.",
                    payee=payee.name,
                    mandates=", ".join(others.mapped("display_name")),
                )
            )
        errors = order._direct_debit_check_payers(lines)
        if errors:
            raise UserError("\n".join(errors))
        today = bankdays.today("SE")
        lines = lines.sorted(
            lambda line: (line.date, line.mandate_id.autogiro_payer_number, line.id)
        )
        content = autogiro.write_payments(
            payee.bankgiro_digits,
            int(payee.customer_number),
            today,
            [
                autogiro.PaymentOrder(
                    payer_number=line.mandate_id.autogiro_payer_number,
                    amount=line._autogiro_amount(),
                    date=line.date,
                    reference=line._autogiro_reference(),
                )
                for line in lines
            ],
        )
        record = self._create_out_file(
            payee,
            "payments",
            content,
            today,
            payment_order_id=order.id,
            company_id=order.company_id.id,
        )
        lines.debit_file_ref = record.name
        record._deliver()
        return record

    @api.model
    def _write_withdrawal_file(self, payee, lines):
        """Withdraw sent debits before their date: one cancellation (TK25: one payment,
        by payer number, date, amount and reference) each. Bankgirot's cancellations
        report confirms them."""
        today = bankdays.today("SE")
        late = lines.filtered(lambda line: line.date <= today)
        if late:
            raise DirectDebitNotWithdrawable(
                _(
                    "Debits on or before today cannot be withdrawn any more (Bankgirot takes "
                    "cancellations up to the bank day before): %s.",
                    ", ".join(late.mapped("communication")),
                )
            )
        content = autogiro.write_amendments(
            payee.bankgiro_digits,
            int(payee.customer_number),
            today,
            [
                autogiro.Amendment(
                    code="25",
                    payer_number=line.mandate_id.autogiro_payer_number,
                    date=line.date,
                    amount=line._autogiro_amount(),
                    payout=False,
                    reference=line._autogiro_reference(),
                )
                for line in lines
            ],
        )
        unit = lines.company_id if len(lines.company_id) == 1 else payee.company_id
        record = self._create_out_file(payee, "withdrawals", content, today, company_id=unit.id)
        first = 3 if record.sealed else 2
        self.env["autogiro.file.line"].create(
            [
                {
                    "file_id": record.id,
                    "line_number": number,
                    "payer_number": line.mandate_id.autogiro_payer_number,
                    "mandate_id": line.mandate_id.id,
                    "partner_id": line.partner_id.id,
                    "payment_line_id": line.id,
                    "action": "request_withdraw",
                }
                for number, line in enumerate(lines, first)
            ]
        )
        lines._direct_debit_withdrawn(_("Withdrawn in %s", record.name))
        record._deliver()
        return record

    def _direct_debit_delivered(self):
        """Whether the file was put in the payee's delivery folder (else it is sent by
        hand)."""
        self.ensure_one()
        return bool(self.delivered_to)

    def _deliver(self):
        """Put the file in the payee's delivery folder, when it has one."""
        self.ensure_one()
        # sudo: the file goes where it was written for, whoever writes it
        data = base64.b64decode(self.sudo().data)
        folder = self.payee_id._delivery_folder()
        if not folder:
            return
        if not os.path.isdir(folder):
            raise UserError(
                _(
                    "The delivery folder of %(payee)s does not exist on the server: the file "
                    "was not written.",
                    payee=self.payee_id.name,
                )
            )
        path = os.path.join(folder, self.name)
        if os.path.exists(path):
            raise UserError(
                _(
                    "%(file)s is in the delivery folder already: write the file again in a second.",
                    file=self.name,
                )
            )
        # written under a temporary name and renamed: the transfer never takes half a file
        with open(path + ".part", "xb") as handle:
            handle.write(data)
        os.rename(path + ".part", path)
        self.delivered_to = folder
        _logger.info("Autogiro file %s put in the delivery folder", self.name)

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/autogiro.file/{self.id}/data/{self.name}?download=true",
            "target": "self",
        }

    # -- reports from Bankgirot ------------------------------------------------------------------
    @api.model
    def _import_report(self, data, filename):
        """Import a report of Bankgirot (mandate advice, internet-bank mandates, mandate
        register extract, payment specification, rejected payments, cancellations and
        changes) whole or not at all; a file imported before is refused."""
        try:
            kind, payee_digits, customer_number, report = self._parse_report(data)
        except NordicFormatError as error:
            raise UserError(self._format_error(filename, error)) from error
        if not kind:
            raise UserError(
                _(
                    "%(file)s is Bankgirot's %(content)s, the payments waiting for their "
                    "date: it changes nothing here. Nothing was imported.",
                    file=filename,
                    content=report.content.strip(),
                )
            )
        payee = self._payee_of_report(payee_digits, customer_number, filename)
        checksum = hashlib.sha256(data).hexdigest()
        earlier = self.search(
            [("payee_id", "=", payee.id), ("checksum", "=", checksum), ("direction", "=", "in")],
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
        # the register extract has no date of its own: the day it is imported
        date = bankdays.today("SE") if kind == "register" else self._report_date(report)
        # whole or not at all, also for a caller that goes on after the error (a savepoint:
        # a record refused half-way leaves nothing of the file behind)
        with self.env.cr.savepoint():
            record = self.create(
                {
                    "name": filename,
                    "payee_id": payee.id,
                    "company_id": payee.company_id.id,
                    "direction": "in",
                    "kind": kind,
                    "date": date,
                    "checksum": checksum,
                }
            )
            record._keep_data(data)
            handler = {
                "mandate_advice": record._import_advice,
                "emandates": record._import_emandates,
                "register": record._import_register,
                "specification": record._import_specification,
                "rejected": record._import_rejected,
                "changes": record._import_changes,
            }[kind]
            handler(report)
        return record

    @api.model
    def _is_autogiro_report(self, data):
        """Whether ``data`` opens like one of Bankgirot's Autogiro reports."""
        first = next((line for line in data.splitlines() if line[:2].isdigit()), b"")
        return (first[:2] == b"01" and b"AUTOGIRO" in first[:30]) or (
            first[:2] == b"51" and b"AG-EMEDGIV" in first
        )

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
    def _parse_report(self, data):
        """``(kind, payee bankgiro, customer number or None, report)``, the kind False for a
        report about payments; NordicFormatError for a broken file. A mandate register
        extract has no opening record: its lines begin with the payee bankgiro."""
        first = next((line for line in data.splitlines() if line[:2].isdigit()), b"")
        if first[:2] in (b"01", b"51"):
            report = autogiro.read_report(data)
            kind = REPORTS.get(report.content, False)
            return kind, report.payee_bankgiro, report.customer_number, report
        mandates = autogiro.read_mandate_register(data)
        payees = {mandate.payee_account for mandate in mandates}
        if len(payees) != 1:
            raise NordicFormatError(
                "a mandate register extract is of one payee bankgiro, this one has "
                f"{len(payees) or 'none'}",
                line=mandates[-1].source_line if mandates else None,
                field="payee bankgiro",
            )
        return "register", payees.pop(), None, _Register(mandates)

    @api.model
    def _report_date(self, report):
        """The day the report was written (its opening record: YYYYMMDD..., or ISO)."""
        written = report.written.replace("-", "")
        return datetime.date(int(written[:4]), int(written[4:6]), int(written[6:8]))

    @api.model
    def _payee_of_report(self, payee_digits, customer_number, filename):
        payees = self.env["autogiro.payee"].search([])
        payee = payees.filtered(lambda p: p.bankgiro_digits == payee_digits)
        if len(payee) != 1:
            raise UserError(
                _(
                    "%(file)s is for the payee bankgiro %(bankgiro)s: none of your "
                    "organisations' Autogiro payees has it.",
                    file=filename,
                    bankgiro=bankgiro.format(payee_digits),
                )
            )
        if customer_number is not None and customer_number != int(payee.customer_number):
            raise UserError(
                _(
                    "%(file)s is for Bankgirot customer number %(number)s, not %(payee)s's "
                    "%(ours)s: nothing was imported.",
                    file=filename,
                    number=customer_number,
                    payee=payee.name,
                    ours=payee.customer_number,
                )
            )
        return payee

    def _payee_mandates(self):
        """The payee's Autogiro mandates, of every organisation unit the user works in, by
        payer number (the open one first)."""
        Mandate = self.env["account.banking.mandate"].with_context(
            allowed_company_ids=self.env.user.company_ids.ids
        )
        by_number = defaultdict(lambda: Mandate)
        for mandate in Mandate.search(
            [("format", "=", "autogiro"), ("autogiro_payee_id", "=", self.payee_id.id)],
            order="id desc",
        ):
            by_number[mandate.autogiro_payer_number] |= mandate
        return {
            number: group.sorted(lambda m: m.state not in OPEN_STATES)[0]
            for number, group in by_number.items()
        }

    def _line(self, report_mandate, action, mandate=None, message="", followup=False, **extra):
        return {
            "file_id": self.id,
            "line_number": report_mandate.source_line,
            "payer_number": report_mandate.payer_reference,
            "mandate_id": mandate.id if mandate else False,
            "partner_id": mandate.partner_id.id if mandate else False,
            "action": action,
            "info_code": report_mandate.info_code,
            "comment_code": report_mandate.comment,
            "message": message,
            "needs_followup": followup,
            **extra,
        }

    def _unknown_payer_error(self, report_mandate):
        number = report_mandate.payer_reference
        units = self._units_elsewhere(number)
        if units:
            return self._elsewhere_error(report_mandate.source_line, number, units)
        return UserError(
            _(
                "%(file)s, line %(line)s, field payer number: payer number %(number)s has no "
                "Autogiro mandate of %(payee)s. Nothing was imported.",
                file=self.name,
                line=report_mandate.source_line,
                number=report_mandate.payer_reference,
                payee=self.payee_id.name,
            )
        )

    def _units_elsewhere(self, number, states=None, mandate_states=None):
        """The organisation units, of those collecting under the payee, that the user does
        not work in or has not selected, whose mandate of payer number ``number`` (in
        ``mandate_states`` when given; or, with ``states``, whose debits of it in these
        states) the user does not see: a record of the report that is about them is not the
        user's to import."""
        if states is None:
            # the mandates the import sees are those of every unit the user works in
            # (_payee_mandates)
            domain = [
                ("format", "=", "autogiro"),
                ("autogiro_payee_id", "=", self.payee_id.id),
                ("autogiro_payer_number", "=", number),
                ("company_id", "not in", self.env.user.company_ids.ids),
            ]
            if mandate_states:
                domain.append(("state", "in", list(mandate_states)))
            model = "account.banking.mandate"
        else:
            # the debits it sees are those of the units selected (_debits)
            domain = [
                ("order_id.payment_method_id.code", "=", "autogiro"),
                ("mandate_id.autogiro_payee_id", "=", self.payee_id.id),
                ("mandate_id.autogiro_payer_number", "=", number),
                ("debit_state", "in", list(states)),
                ("company_id", "not in", self.env.companies.ids),
            ]
            model = "account.payment.line"
        # sudo: the mandates and debits of the payee's units hidden from the user are only
        # looked for, to name their unit in the error (nothing of them is shown or changed)
        return self.env[model].sudo().search(domain).company_id

    def _elsewhere_error(self, line, number, units):
        """The error of a record about payer number ``number`` of organisation ``units``
        (sudo records) whose mandates and debits the user does not see: the report is
        refused whole, saying whose the payer is and who imports it."""
        names = ", ".join(units.mapped("name"))
        if units <= self.env.user.company_ids:
            return UserError(
                _(
                    "%(file)s, line %(line)s, field payer number: payer number %(number)s is "
                    "collected by %(units)s, which is not selected: select it as well in the "
                    "company switcher and import the file again. Nothing was imported.",
                    file=self.name,
                    line=line,
                    number=number,
                    units=names,
                )
            )
        return UserError(
            _(
                "%(file)s, line %(line)s, field payer number: payer number %(number)s is "
                "collected by %(units)s, an organisation unit you do not work in: its mandates "
                "and debits are not yours to see. The file is imported by someone who works "
                "in every unit it reports on. Nothing was imported.",
                file=self.name,
                line=line,
                number=number,
                units=names,
            )
        )

    def _import_advice(self, report):
        """Bankgirot's answers: accepted, rejected (with the reason), cancelled (by payee,
        payer or bank), payer number changed. A payer number we do not know refuses the file."""
        report_mandates = report.mandates
        mandates = self._payee_mandates()
        lines = []
        # a changed payer number comes as the new number (info 05, comment 32) and the old
        # one (05/33) with the same account and identity number
        changed = [item for item in report_mandates if item.info_code == "05"]
        replaced = {  # old payer number: new payer number
            old.payer_reference: new.payer_reference
            for old in changed
            if old.status == MandateStatus.CANCELLED
            for new in changed
            if new.status == MandateStatus.ACTIVE
            and (new.account, new.payer_org_no) == (old.account, old.payer_org_no)
        }
        renamed = {new: old for old, new in replaced.items()}
        for item in report_mandates:
            number = item.payer_reference
            if item.info_code == "05" and number in replaced:
                mandate = mandates.get(number) or mandates.get(replaced[number])
                if not mandate:
                    raise self._unknown_payer_error(item)
                lines.append(
                    self._line(item, "confirmed", mandate, _("Old payer number, replaced"))
                )
                continue
            mandate = mandates.get(number)
            if not mandate and number in renamed and mandates.get(renamed[number]):
                mandate = mandates[renamed[number]]
                message = _("Payer number %(old)s → %(new)s", old=renamed[number], new=number)
                mandate.autogiro_payer_number = number
                mandates[number] = mandate
                mandate._autogiro_note_on_person(message)
                lines.append(self._line(item, "changed", mandate, message))
                continue
            if not mandate:
                raise self._unknown_payer_error(item)
            lines.append(self._advice_line(item, mandate))
        self.env["autogiro.file.line"].create(lines)

    def _advice_line(self, item, mandate):
        Mandate = self.env["account.banking.mandate"]
        if item.status == MandateStatus.ACTIVE:
            was_valid = mandate.state == "valid"
            changes = mandate._autogiro_activate(item.date, item.account)
            if was_valid and not changes:
                return self._line(item, "confirmed", mandate, Mandate._autogiro_reason_text("32"))
            mandate._autogiro_note_on_person(
                _("Autogiro mandate %(mandate)s is active.", mandate=mandate.display_name)
            )
            return self._line(item, "activated", mandate, ", ".join(changes))
        reason = Mandate._autogiro_reason_text(item.comment)
        if item.status == MandateStatus.CANCELLED:
            if mandate.state == "cancel":
                mandate.autogiro_pending = False
                return self._line(item, "confirmed", mandate, reason)
            if item.info_code == "03":
                mandate.write(
                    {"state": "cancel", "autogiro_cancelled_by": "payee", "autogiro_pending": False}
                )
                mandate._autogiro_note_on_person(reason)
                return self._line(item, "cancelled", mandate, reason)
            if item.info_code == "46":
                mandate.write(
                    {
                        "state": "cancel",
                        "autogiro_cancelled_by": "payer",
                        "autogiro_pending": False,
                        "autogiro_reason_code": item.comment,
                    }
                )
                mandate._autogiro_note_on_person(reason)
                return self._line(item, "cancelled", mandate, reason)
            by = "bank" if item.info_code in BANK_ENDED or item.comment in ("07", "98") else "payer"
            mandate._autogiro_fail("cancel", item.comment, by)
            return self._line(item, "cancelled", mandate, reason, followup=True)
        # rejected: a request of ours Bankgirot did not carry out
        if item.info_code == "03" or item.comment == "10":
            # a refused cancellation, a mandate Bankgirot has already: it stays as it is
            return self._line(item, "refused", mandate, reason, followup=True)
        mandate._autogiro_fail("rejected", item.comment)
        return self._line(item, "rejected", mandate, reason, followup=True)

    def _import_emandates(self, report):
        """Mandates payers gave in their internet bank: linked to the person by identity
        number, to be approved in the next mandate file; unknown ones listed."""
        report_mandates = report.mandates
        mandates = self._payee_mandates()
        people = self._people_by_id_number([item.payer_org_no for item in report_mandates])
        Mandate = self.env["account.banking.mandate"]
        lines = []
        unknown = []
        for item in report_mandates:
            extra = {
                "payer_name": item.extra.get("name", ""),
                "payer_address": item.extra.get("address", "").replace("\n", ", "),
                "account": item.account,
            }
            mandate = mandates.get(item.payer_reference)
            if mandate and mandate.state in OPEN_STATES:
                lines.append(self._line(item, "confirmed", mandate, _("Known already"), **extra))
                continue
            if not mandate:
                # an open mandate of the payer number in a unit the user does not see: a
                # new one would be refused as a second open mandate of the payer number
                units = self._units_elsewhere(item.payer_reference, mandate_states=OPEN_STATES)
                if units:
                    raise self._elsewhere_error(item.source_line, item.payer_reference, units)
            partner = people.get(item.payer_org_no)
            if not partner:
                lines.append(
                    self._line(
                        item,
                        "unknown",
                        message=_("Nobody of the organisation has this identity number"),
                        followup=True,
                        **extra,
                    )
                )
                unknown.append((len(lines) - 1, item.payer_org_no))
                continue
            mandate = Mandate._autogiro_create_from_bank(
                self.payee_id, partner, item.payer_reference, item.account, self.date
            )
            mandates[item.payer_reference] = mandate
            mandate._autogiro_note_on_person(
                _(
                    "Autogiro mandate %(mandate)s given in the internet bank, to approve.",
                    mandate=mandate.display_name,
                )
            )
            lines.append(self._line(item, "new_mandate", mandate, item.comment, **extra))
        created = self.env["autogiro.file.line"].create(lines)
        for index, number in unknown:
            # sudo: the identity number is kept for the follow-up, readable by the
            # organisation's staff only (field groups), whoever imported the file
            created[index].sudo().id_number = number

    def _people_by_id_number(self, numbers):
        """{Bankgirot's 12-digit identity number: person or company} among those connected
        to the payee's organisation: personnummer YYYYMMDDNNNN, organisation numbers
        00NNNNNNNNNN (99...: a bankgiro payer, not an identity)."""
        people, companies = {}, {}
        for number in numbers:
            if len(number) != 12 or not number.isdigit() or number.startswith("99"):
                continue
            if number.startswith("00"):
                companies[number[2:]] = number
                companies[f"{number[2:8]}-{number[8:]}"] = number
            else:
                people[f"{number[:8]}-{number[8:]}"] = number
        if not people and not companies:
            return {}
        # sudo: identity numbers are searchable by the organisation's staff only, and the
        # organisations of a person by platform administrators; the search is limited to
        # the people of the payee's organisation and its units, who are the user's to see
        Partner = self.env["res.partner"].sudo()
        ours = [("organisation_ids", "child_of", self.payee_id.company_id.id)]
        found = {}
        if people:
            for partner in Partner.search([*ours, ("national_id", "in", list(people))]):
                found[people[partner.national_id]] = partner.sudo(False)
        if companies:
            for partner in Partner.search(
                [*ours, ("is_company", "=", True), ("company_registry", "in", list(companies))]
            ):
                found.setdefault(companies[partner.company_registry], partner.sudo(False))
        return found

    def _import_register(self, report):
        """Bankgirot's register of the payee's mandates: ours are set to what it says, what
        differs is listed, and open mandates it lacks are cancelled."""
        mandates = self._payee_mandates()
        lines = []
        seen = set()
        for item in report.mandates:
            mandate = mandates.get(item.payer_reference)
            seen.add(item.payer_reference)
            if not mandate:
                # the register is of every unit collecting under the payee: it is synced by
                # someone who sees them all
                units = self._units_elsewhere(item.payer_reference)
                if units:
                    raise self._elsewhere_error(item.source_line, item.payer_reference, units)
                lines.append(
                    self._line(
                        item,
                        "unknown",
                        message=_("In Bankgirot's register, not here"),
                        followup=True,
                        account=item.account,
                    )
                )
                continue
            if item.status == MandateStatus.ACTIVE:
                old_state = mandate.state
                changes = mandate._autogiro_activate(item.date, item.account)
                if changes:
                    if old_state in ("cancel", "rejected"):
                        mandate.write({"autogiro_cancelled_by": False})
                    lines.append(
                        self._line(item, "corrected", mandate, ", ".join(changes), followup=True)
                    )
                else:
                    lines.append(self._line(item, "confirmed", mandate))
            elif mandate.state != "sent":
                message = _("state %(old)s → sent (under inquiry at the bank)", old=mandate.state)
                mandate.write({"state": "sent", "autogiro_pending": False})
                lines.append(self._line(item, "corrected", mandate, message, followup=True))
            else:
                lines.append(self._line(item, "confirmed", mandate))
        for number, mandate in mandates.items():
            if number in seen or mandate.state not in ("sent", "valid"):
                continue
            message = _("Not in Bankgirot's mandate register: cancelled")
            mandate.write(
                {
                    "state": "cancel",
                    "autogiro_cancelled_by": "bank",
                    "autogiro_reason_note": message,
                    "autogiro_pending": False,
                }
            )
            mandate._autogiro_note_on_person(message)
            lines.append(
                {
                    "file_id": self.id,
                    "payer_number": number,
                    "mandate_id": mandate.id,
                    "partner_id": mandate.partner_id.id,
                    "action": "missing",
                    "message": message,
                    "needs_followup": True,
                }
            )
        self.env["autogiro.file.line"].create(lines)

    # -- reports about payments --------------------------------------------------------------
    def _debits(self, states=("sent",)):
        """The payee's debits in these states, by what the bank reports of a debit: payer
        number, date, amount in öre, reference (without leading zeros)."""
        lines = self.env["account.payment.line"].search(
            [
                ("order_id.payment_method_id.code", "=", "autogiro"),
                ("mandate_id.autogiro_payee_id", "=", self.payee_id.id),
                ("debit_state", "in", list(states)),
            ],
            order="id",
        )
        index = defaultdict(list)
        for line in lines:
            key = (
                line.mandate_id.autogiro_payer_number,
                line.date,
                line._autogiro_amount(),
                line._autogiro_reference().lstrip("0"),
            )
            index[key].append(line)
        return index

    def _take_debit(self, index, payment, states=("sent",)):
        """The debit ``payment`` (of a report) is about, taken out of ``index`` (the debits
        in ``states``); a payment no debit of ours matches refuses the file: it was not sent
        from here, or it was reported already, or it is of a unit the user does not see."""
        key = (payment.payer_number, payment.date, payment.amount, payment.reference.lstrip("0"))
        candidates = index.get(key)
        if not candidates:
            # the bank may report another date than asked for (a renewed coverage check, a
            # date it moved): the same payer, amount and reference, if only one is sent
            same = [
                k
                for k, lines in index.items()
                if lines and (k[0], k[2], k[3]) == (key[0], key[2], key[3])
            ]
            candidates = index[same[0]] if len(same) == 1 else None
        if not candidates:
            units = self._units_elsewhere(payment.payer_number, states)
            if units:
                raise self._elsewhere_error(payment.line, payment.payer_number, units)
            amount = f"{payment.amount / 100:.2f}"
            raise UserError(
                _(
                    "%(file)s, line %(line)s, field payer number: no debit of payer number "
                    "%(number)s of %(amount)s on %(date)s was sent from here (or it was "
                    "reported already). Nothing was imported.",
                    file=self.name,
                    line=payment.line,
                    number=payment.payer_number,
                    amount=amount,
                    date=payment.date or "-",
                )
            )
        return candidates.pop(0)

    def _code_text(self, texts, code):
        """One of Bankgirot's codes in words, in the user's language (the code itself when
        it is not one we know)."""
        text = texts.get(code)
        return text._translate(self.env.lang) if text else _("Bankgirot's code %s", code)

    def _payment_line(self, payment, debit, action, message="", followup=False, code=False):
        return {
            "file_id": self.id,
            "line_number": payment.line,
            "payer_number": payment.payer_number,
            "mandate_id": debit.mandate_id.id if debit else False,
            "partner_id": debit.partner_id.id if debit else False,
            "payment_line_id": debit.id if debit else False,
            "action": action,
            "comment_code": code or False,
            "message": message,
            "needs_followup": followup,
        }

    def _import_specification(self, report):
        """Bankgirot's payment specification: the approved debits are booked on the
        payee's bank journal and reconciled with their invoices through
        account_payment_import (its unique ids, log and matching); the stopped ones fail
        with Bankgirot's reason (retried in the next collection, then reminded); a
        renewed coverage check waits for the next report; a refund (the payer's bank took
        a debit back) is booked and listed to follow up."""
        if not (self.env.su or self.env.user.has_group("account.group_account_user")):
            raise AccessError(
                _(
                    "%(file)s is a payment specification: it books the debits on the bank "
                    "journal, which an accountant does. Nothing was imported.",
                    file=self.name,
                )
            )
        journal = self.payee_id.journal_id
        if not journal:
            raise UserError(
                _(
                    "Autogiro payee %s has no bank journal to book the debits on: set it "
                    "first. Nothing was imported.",
                    self.payee_id.name,
                )
            )
        index = self._debits()
        approved = {}  # source line: debit
        failed = defaultdict(lambda: self.env["account.payment.line"])
        lines = []
        for payment in report.payments:
            if payment.payout:
                raise UserError(
                    _(
                        "%(file)s, line %(line)s: a payout (TK32) to payer number %(number)s; "
                        "payouts are not sent from here. Nothing was imported.",
                        file=self.name,
                        line=payment.line,
                        number=payment.payer_number,
                    )
                )
            debit = self._take_debit(index, payment)
            if payment.status == "0":
                approved[payment.line] = debit
            elif payment.status == "9":
                lines.append(
                    self._payment_line(
                        payment,
                        debit,
                        "debit_waiting",
                        self._code_text(STATUS_TEXTS, "9"),
                        code=payment.status,
                    )
                )
            else:
                failed[payment.status] |= debit
                lines.append(
                    self._payment_line(
                        payment,
                        debit,
                        "debit_failed",
                        self._code_text(STATUS_TEXTS, payment.status),
                        code=payment.status,
                    )
                )
        incoming = []
        for item in report.incoming_payments():
            debit = approved.get(item.source_line)
            if debit:
                reference = debit.move_id.payment_reference or debit.move_id.name
                item = item._replace(references=(reference,))
            else:  # a refund
                refunded = f"{-item.amount:.2f}"
                lines.append(
                    {
                        "file_id": self.id,
                        "line_number": item.source_line,
                        "payer_number": item.payer_account,
                        "action": "refund",
                        "message": _(
                            "%(amount)s refunded to the payer by their bank (%(why)s): "
                            "reconcile it by hand",
                            amount=refunded,
                            why=item.message,
                        ),
                        "needs_followup": True,
                    }
                )
            incoming.append(item)
        if incoming:
            # sudo: the report's own content, kept in the payment import's log
            data = base64.b64decode(self.sudo().data)
            self.payment_import_id = journal._import_incoming_payments(
                incoming, self.name, data, "autogiro"
            )
        by_date = defaultdict(list)
        for payment in report.payments:
            if payment.line in approved:
                by_date[payment.date].append(approved[payment.line].id)
        for date, ids in by_date.items():
            self.env["account.payment.line"].browse(ids)._direct_debit_paid(date)
        for status, debits in failed.items():
            debits._direct_debit_failed(self.date, status, self._code_text(STATUS_TEXTS, status))
        self.env["autogiro.file.line"].create(lines)

    def _import_rejected(self, report):
        """Bankgirot's rejected payments: debits it did not take (no mandate, a date
        passed, ...) fail with its reason."""
        index = self._debits()
        lines = []
        failed = defaultdict(lambda: self.env["account.payment.line"])
        for payment in report.payments:
            debit = self._take_debit(index, payment)
            reason = self._code_text(REJECTION_TEXTS, payment.status)
            failed[payment.status] |= debit
            lines.append(
                self._payment_line(
                    payment, debit, "debit_rejected", reason, followup=True, code=payment.status
                )
            )
        for code, debits in failed.items():
            debits._direct_debit_failed(self.date, code, self._code_text(REJECTION_TEXTS, code))
        self.env["autogiro.file.line"].create(lines)

    def _import_changes(self, report):
        """Bankgirot's cancellations and changes: our withdrawals confirmed (or refused: the
        debit stands), debits it cancelled itself (mandate removed, cancelled by the payer)
        fail, moved dates are taken over."""
        index = self._debits(("sent", "withdrawn"))
        lines = []
        for change in report.changes:
            if not change.payer_number.strip() or change.payout:
                # about all payments of the payee, or a payout: none of ours to change
                lines.append(
                    {
                        "file_id": self.id,
                        "line_number": change.line,
                        "action": "unknown",
                        "comment_code": change.comment_code,
                        "message": self._code_text(CHANGE_TEXTS, change.comment_code),
                        "needs_followup": True,
                    }
                )
                continue
            debit = self._take_debit(index, change, ("sent", "withdrawn"))
            reason = self._code_text(CHANGE_TEXTS, change.comment_code)
            if change.code in ("23", "24", "25"):
                if change.done:
                    lines.append(self._payment_line(change, debit, "withdrawn", reason))
                else:
                    debit.write({"debit_state": "sent", "debit_reason": reason})
                    lines.append(
                        self._payment_line(
                            change,
                            debit,
                            "refused",
                            _("Not withdrawn: %s. It is debited.", reason),
                            followup=True,
                            code=change.comment_code,
                        )
                    )
            elif change.code in ("03", "11", "21"):
                why = self._code_text(CANCEL_TEXTS, change.code)
                debit._direct_debit_failed(self.date, change.code, why)
                lines.append(
                    self._payment_line(
                        change, debit, "debit_cancelled", why, followup=True, code=change.code
                    )
                )
            elif change.done and change.new_date:
                debit.date = change.new_date
                lines.append(
                    self._payment_line(
                        change, debit, "date_changed", _("New date %s", change.new_date)
                    )
                )
            else:
                lines.append(
                    self._payment_line(
                        change, debit, "refused", reason, followup=True, code=change.comment_code
                    )
                )
        self.env["autogiro.file.line"].create(lines)


class _Register:
    """The mandate register extract as read (it has no opening or closing record)."""

    def __init__(self, mandates):
        self.mandates = mandates
