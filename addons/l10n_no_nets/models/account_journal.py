from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from nordic_formats.exceptions import InvalidLength
from nordic_formats.no import kid, nets

# the format name of Nets' OCR giro files in the payment import (its log and the settlement
# of AvtaleGiro claims)
NETS_OCR_GIRO = "Nets OCR giro"


class AccountJournal(models.Model):
    _inherit = "account.journal"

    l10n_no_kid_algorithm = fields.Selection(
        [("mod10", "MOD10 (Luhn)"), ("mod11", "MOD11")],
        string="KID check digit",
        default="mod10",
        help="As agreed with Nets for the OCR giro / AvtaleGiro agreement.",
    )
    l10n_no_kid_length = fields.Integer(
        string="KID length",
        help="Total length of the KID including the check digit (zero-padded on the left); "
        "0: as long as the composition needs.",
    )
    l10n_no_kid_composition = fields.Selection(
        [("partner_invoice", "Customer number + invoice number"), ("invoice", "Invoice number")],
        string="KID made of",
        default="partner_invoice",
    )
    l10n_no_kid_prefix = fields.Char(
        string="KID prefix",
        size=4,
        copy=False,
        help="Digits every KID of this journal starts with (1 to 4 digits, not starting with "
        "0). Needed when a company has more than one sales journal making KIDs: their invoice "
        "numbers have the same digits (INV/2026/00001, MEM/2026/00001), the prefix keeps "
        "their KIDs apart. No prefix may be the start of another one.",
    )

    l10n_no_nets_customer_unit = fields.Char(
        string="Nets customer unit ID",
        size=8,
        copy=False,
        help="The customer unit ID (kundeenhet-ID, 8 digits) Nets gave with the AvtaleGiro "
        "agreement of this journal's bank account: the data transmitter of the AvtaleGiro "
        "files (claims, cancellations) sent for it.",
    )
    l10n_no_avtalegiro_sequence_id = fields.Many2one(
        "ir.sequence",
        string="AvtaleGiro file numbers",
        readonly=True,
        copy=False,
        help="Numbers the AvtaleGiro files to Nets (their transmission and assignment "
        "numbers): each file takes the next one, a number is never used twice. Journals of "
        "the same customer unit ID share it.",
    )
    l10n_no_avtalegiro_next_number = fields.Integer(
        string="Next AvtaleGiro file number",
        compute="_compute_l10n_no_avtalegiro_next_number",
        inverse="_inverse_l10n_no_avtalegiro_next_number",
        help="The transmission and assignment number of the next AvtaleGiro file to Nets. "
        "Raise it to go on after the numbers another system sent under the customer unit ID; "
        "it never goes back (Nets refuses a number it had).",
    )

    @api.depends("l10n_no_avtalegiro_sequence_id")
    def _compute_l10n_no_avtalegiro_next_number(self):
        for journal in self:
            # sudo: the sequence is the journal's numbering, read for its next number
            sequence = journal.l10n_no_avtalegiro_sequence_id.sudo()
            journal.l10n_no_avtalegiro_next_number = sequence.number_next_actual if sequence else 0

    def _inverse_l10n_no_avtalegiro_next_number(self):
        for journal in self:
            sequence = journal.l10n_no_avtalegiro_sequence_id
            number = journal.l10n_no_avtalegiro_next_number
            if not sequence:
                continue
            # sudo: users who set up journals may not change sequences; only the journal's
            # own numbering is moved, and only forward
            sequence = sequence.sudo()
            sequence.invalidate_recordset(["number_next_actual"])
            if number < sequence.number_next_actual:
                raise ValidationError(
                    _(
                        "The next AvtaleGiro file number of journal %(journal)s is %(next)s: it "
                        "does not go back to %(number)s (Nets refuses a number it had).",
                        journal=journal.display_name,
                        next=sequence.number_next_actual,
                        number=number,
                    )
                )
            sequence.number_next_actual = number

    @api.constrains("l10n_no_nets_customer_unit")
    def _check_l10n_no_nets_customer_unit(self):
        for journal in self:
            unit = journal.l10n_no_nets_customer_unit
            if unit and not (unit.isascii() and unit.isdigit() and len(unit) == 8):
                raise ValidationError(
                    _(
                        "The Nets customer unit ID of journal %(journal)s is %(unit)s: it has 8 "
                        "digits, as Nets gave it.",
                        journal=journal.display_name,
                        unit=unit,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        journals = super().create(vals_list)
        journals.filtered("l10n_no_nets_customer_unit")._l10n_no_avtalegiro_number_files()
        return journals

    def write(self, vals):
        result = super().write(vals)
        if vals.get("l10n_no_nets_customer_unit"):
            self._l10n_no_avtalegiro_number_files()
        return result

    def _l10n_no_avtalegiro_number_files(self):
        """Give these journals (with a customer unit ID) the numbering of their AvtaleGiro
        files: the one of another journal of the same customer unit ID (one data
        transmitter numbers its files once), else a new one."""
        # sudo: the numbering is technical; users who set up journals may not create
        # sequences, and journals of other organisation units of the same customer unit ID
        # (Nets' data transmitter) are looked at only for theirs
        Journal = self.sudo().with_context(active_test=False)
        for journal in self:
            unit = journal.l10n_no_nets_customer_unit
            other = Journal.search(
                [
                    ("l10n_no_nets_customer_unit", "=", unit),
                    ("l10n_no_avtalegiro_sequence_id", "!=", False),
                    ("id", "!=", journal.id),
                ],
                limit=1,
            )
            sequence = other.l10n_no_avtalegiro_sequence_id
            if journal.l10n_no_avtalegiro_sequence_id and (
                not sequence or sequence == journal.l10n_no_avtalegiro_sequence_id
            ):
                continue
            if not sequence:
                sequence = (
                    self.env["ir.sequence"]
                    .sudo()
                    .create(
                        {
                            "name": _("AvtaleGiro files of Nets customer unit %s", unit),
                            "code": "l10n_no_nets.avtalegiro",
                            "implementation": "standard",
                            "padding": 7,
                            "number_increment": 1,
                            "company_id": False,
                        }
                    )
                )
            journal.sudo().l10n_no_avtalegiro_sequence_id = sequence

    def _l10n_no_avtalegiro_sender(self):
        """``(customer unit ID, agreement account)`` of the AvtaleGiro files of this bank
        journal, as Nets' records have them, else an error saying what to set up."""
        self.ensure_one()
        account = self.bank_account_id.sanitized_acc_number or ""
        if not self.l10n_no_nets_customer_unit or not self.l10n_no_avtalegiro_sequence_id:
            raise UserError(
                _(
                    "Journal %s has no Nets customer unit ID: set the one of the AvtaleGiro "
                    "agreement on the bank journal (Invoicing → Configuration → Journals) "
                    "first. Nothing was written.",
                    self.display_name,
                )
            )
        if not (account.isdigit() and len(account) == 11):
            raise UserError(
                _(
                    "Journal %(journal)s has no Norwegian bank account (11 digits) for the "
                    "AvtaleGiro agreement, it has %(account)s. Nothing was written.",
                    journal=self.display_name,
                    account=self.bank_account_id.acc_number or "-",
                )
            )
        return self.l10n_no_nets_customer_unit, account

    def _l10n_no_avtalegiro_file_number(self):
        """The transmission and assignment number (7 digits) of the next AvtaleGiro file:
        drawn from the database sequence, never given twice, also when the file is not
        written in the end."""
        self.ensure_one()
        # sudo: a billing user writing a claim file draws the next number of the journal's
        # numbering, which only administrators set up
        sequence = self.l10n_no_avtalegiro_sequence_id.sudo()
        number = sequence.next_by_id()
        sequence.invalidate_recordset(["number_next_actual"])
        self.env["account.journal"].invalidate_model(["l10n_no_avtalegiro_next_number"])
        return number

    # -- AvtaleGiro settlements in Nets' OCR giro files ---------------------------------------
    def _direct_debit_is_settlement(self, payment, file_format):
        # a Nets OCR giro file brings the AvtaleGiro claims the payers' banks paid
        return super()._direct_debit_is_settlement(payment, file_format) or (
            file_format == NETS_OCR_GIRO and payment.transaction_type == nets.AVTALEGIRO_SETTLEMENT
        )

    def _direct_debit_match_settlements(self, payments, file_format):
        """The claims sent from this journal's collections, matched by the agreement's KID
        and the amount; of several such claims, the last one due by the day it was paid
        (else the first one due after). A claim marked failed because it was not paid in
        time is matched too: its payment came late.

        The KID of a claim is the payer's, not the invoice's: an unmatched settlement with
        a payer's KID pays no invoice (kept unmatched, to be reconciled by hand)."""
        if file_format != NETS_OCR_GIRO:
            return super()._direct_debit_match_settlements(payments, file_format)
        self.ensure_one()
        kids = {p.reference for p in payments if p.reference}
        lines = self.env["account.payment.line"].search(
            [
                ("order_id.payment_method_id.code", "=", "avtalegiro"),
                ("order_id.journal_id", "=", self.id),
                ("debit_state", "in", ("sent", "failed")),
                ("mandate_id.l10n_no_avtalegiro_kid", "in", list(kids)),
            ],
            order="date, id",
        )
        index = defaultdict(list)
        for line in lines:
            key = (line.mandate_id.l10n_no_avtalegiro_kid, line._l10n_no_avtalegiro_amount())
            index[key].append(line)
        agreement_kids = set(
            self.env["account.banking.mandate"]
            .search_fetch(
                [
                    ("format", "=", "avtalegiro"),
                    ("company_id", "=", self.company_id.id),
                    ("l10n_no_avtalegiro_kid", "in", list(kids)),
                ],
                ["l10n_no_avtalegiro_kid"],
            )
            .mapped("l10n_no_avtalegiro_kid")
        )
        replaced = {}
        claims = {}
        for payment in payments:
            candidates = index.get((payment.reference, payment.amount_minor))
            if not candidates:
                if payment.reference in agreement_kids:
                    replaced[payment.unique_id] = payment._replace(references=())
                continue
            due = [line for line in candidates if line.date <= payment.date]
            if due:  # the last one due (a sent one before one marked failed)
                line = max(due, key=lambda line: (line.date, line.debit_state == "sent"))
            else:
                line = min(candidates, key=lambda line: (line.date, line.id))
            candidates.remove(line)
            claims[payment.unique_id] = line
        return claims, replaced

    @api.constrains("l10n_no_kid_length")
    def _check_l10n_no_kid_length(self):
        for journal in self:
            if (
                journal.l10n_no_kid_length
                and not kid.MIN_LENGTH <= journal.l10n_no_kid_length <= kid.MAX_LENGTH
            ):
                raise ValidationError(_("A KID has 2 to 25 digits."))

    @api.constrains("l10n_no_kid_prefix", "invoice_reference_model", "type", "company_id", "active")
    def _check_l10n_no_kid_prefix(self):
        """Two sales journals of one company never make the same KID: with more than one,
        each has a prefix, and none is the start of another (so that prefix + the rest of
        the KID can be read back one way only)."""
        for journal in self:
            prefix = journal.l10n_no_kid_prefix
            if prefix and not (prefix.isascii() and prefix.isdigit() and prefix[0] != "0"):
                raise ValidationError(
                    _(
                        "The KID prefix of journal %(journal)s is %(prefix)s: use 1 to 4 digits "
                        "0-9, the first not 0.",
                        journal=journal.display_name,
                        prefix=prefix,
                    )
                )
        for company in self.filtered(lambda j: j.type == "sale").company_id:
            journals = self.with_context(active_test=False).search(
                [
                    ("company_id", "=", company.id),
                    ("type", "=", "sale"),
                    ("invoice_reference_model", "=", "no"),
                ],
                order="code, id",
            )
            if len(journals) < 2:
                continue
            without = journals.filtered(lambda j: not j.l10n_no_kid_prefix)
            if without:
                raise ValidationError(
                    _(
                        "%(company)s has several sales journals making KIDs (%(journals)s): "
                        "their invoice numbers share digits, so their KIDs would too. Give each "
                        "a KID prefix of its own (set it on the existing journal first), "
                        "missing on: %(missing)s.",
                        company=company.name,
                        journals=", ".join(journals.mapped("display_name")),
                        missing=", ".join(without.mapped("display_name")),
                    )
                )
            for first in journals:
                for second in journals - first:
                    if second.l10n_no_kid_prefix.startswith(first.l10n_no_kid_prefix):
                        raise ValidationError(
                            _(
                                "The KID prefix %(second_prefix)s of journal %(second)s starts "
                                "with the prefix %(first_prefix)s of journal %(first)s: their "
                                "KIDs could be the same. Use prefixes that do not start with "
                                "one another (1, 2, 3 ...).",
                                second_prefix=second.l10n_no_kid_prefix,
                                second=second.display_name,
                                first_prefix=first.l10n_no_kid_prefix,
                                first=first.display_name,
                            )
                        )

    def _l10n_no_kid_of(self, payload):
        """The KID of this sales journal for ``payload`` (ASCII digits): its KID prefix, then
        ``payload``, with its check digit, padded to its KID length. InvalidLength when it
        does not fit."""
        self.ensure_one()
        return kid.create(
            (self.l10n_no_kid_prefix or "") + payload,
            self.l10n_no_kid_algorithm or "mod10",
            length=self.l10n_no_kid_length or None,
        )

    def _l10n_no_kid_create(self, payload, what):
        """:meth:`_l10n_no_kid_of`, with an error naming ``what`` the KID is of (an invoice,
        a payer) when it does not fit in the journal's KID length."""
        self.ensure_one()
        try:
            return self._l10n_no_kid_of(payload)
        except InvalidLength as error:
            raise UserError(
                _(
                    "The KID of %(invoice)s does not fit in %(length)s digits: make the KID length "
                    "on journal %(journal)s longer.",
                    invoice=what,
                    length=self.l10n_no_kid_length,
                    journal=self.name,
                )
            ) from error

    def _l10n_no_kid_customer_of(self, number):
        """The customer number (ASCII digits, without leading zeros) in ``number`` when it
        is a KID this journal makes of a customer number alone (a payer's AvtaleGiro KID):
        its algorithm and length, its prefix after the zeros of the padding; else None."""
        self.ensure_one()
        lengths = (self.l10n_no_kid_length,) if self.l10n_no_kid_length else ()
        if not kid.is_valid(number, self.l10n_no_kid_algorithm or "mod10", lengths):
            return None
        payload = number[:-1].lstrip("0")  # a prefix never starts with 0
        prefix = self.l10n_no_kid_prefix or ""
        if not payload.startswith(prefix):
            return None
        return payload[len(prefix) :].lstrip("0")

    @api.model
    def _l10n_no_kid_journals(self, company):
        """The sales journals that make the KIDs of ``company``'s invoices: its own, else
        those of its nearest parent (a branch invoiced on its parent's journals)."""
        # sudo: the KID settings of the sales journals are read to make or recognise KIDs
        # only, also for users of a branch who may not read its parent's journals
        journals = self.sudo().search(
            [
                ("type", "=", "sale"),
                ("invoice_reference_model", "=", "no"),
                ("company_id", "in", company.parent_ids.ids),
            ],
            order="sequence, id",
        )
        for unit in reversed(company.parent_ids):  # parent_ids: the root first, itself last
            own = journals.filtered(lambda journal, unit=unit: journal.company_id == unit)
            if own:
                return own
        return journals.browse()

    @api.model
    def _l10n_no_kid_account_of(self, companies):
        """``{company: res.partner.bank}`` of the companies paid with KID (a sales journal of
        theirs or of a parent's has the communication standard *Norway*): the bank account
        of their first bank journal with one, where Nets OCR giro files for it are imported;
        a branch without one of its own is paid on its nearest parent's."""
        # sudo: the account number is shown to anybody who may see what it is printed on
        # (invoices, their payment instructions on the portal), also to branch staff and
        # members who may not read the organisation's journals; nothing else of them is read
        Journal = self.sudo()
        making_kids = Journal.search(
            [
                ("type", "=", "sale"),
                ("invoice_reference_model", "=", "no"),
                ("company_id", "in", companies.parent_ids.ids),
            ]
        ).company_id
        journals = Journal.search(
            [
                ("type", "=", "bank"),
                ("bank_account_id", "!=", False),
                ("company_id", "in", companies.parent_ids.ids),
            ],
            order="sequence, id",
        )
        own = {}
        for journal in journals:
            own.setdefault(journal.company_id, journal.bank_account_id)
        account_of = {}
        for company in companies:
            if not company.parent_ids & making_kids:
                continue
            account = next(
                (own[parent] for parent in reversed(company.parent_ids) if parent in own), None
            )
            if account:
                account_of[company] = account
        return account_of

    @api.model
    def _l10n_no_demo_kid(self):
        """Demo data: the first bank journal of each Norwegian company without a bank account
        gets the account of Nets' example OCR giro files, 9999.10.42764, so that KID payments
        can be imported and members are shown how to pay with KID on the portal, and the
        customer unit ID of Nets' example claim file, 55555555, so that AvtaleGiro claim
        files can be written."""
        journals = self.search([("type", "=", "bank")], order="sequence, id")
        for company, company_journals in journals.grouped("company_id").items():
            if company.country_code == "NO" and not company_journals.bank_account_id:
                company_journals[0].set_bank_account("9999.10.42764")
                company_journals[0].l10n_no_nets_customer_unit = "55555555"
                # members see how to pay with KID when they pay an invoice on the portal
                self.env["payment.provider"]._l10n_no_kid_enable(company)

    def action_l10n_no_kid_payment_provider(self):
        """Offer members payment with KID on the portal: the company's KID provider (a wire
        transfer of payment_custom), created or enabled, opened to review."""
        self.ensure_one()
        provider = self.env["payment.provider"]._l10n_no_kid_enable(self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.provider",
            "res_id": provider.id,
            "views": [(False, "form")],
        }
