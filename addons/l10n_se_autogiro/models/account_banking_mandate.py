import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.base.models.res_bank import sanitize_account_number

from nordic_formats import bankdays
from nordic_formats.exceptions import ValidationError as NumberError
from nordic_formats.se import autogiro, bankaccount, bankgiro

# who may see national identity numbers (association_base keeps them for this group)
IDENTITY_GROUP = "association_base.group_association_user"

_lt = LazyTranslate(__name__)

# Bankgirot's comment codes of the mandate advice (Autogiro technical manual §8.3)
COMMENT_CODES = {
    "02": _lt("Cancelled on the initiative of the payer or the payer's bank"),
    "03": _lt("The account type is not approved for Autogiro"),
    "04": _lt("The mandate is missing in Bankgirot's register"),
    "05": _lt("Wrong account number or personal data"),
    "07": _lt("Removed: the account inquiry was not answered"),
    "09": _lt("The payer's bankgiro number is missing at Bankgirot"),
    "10": _lt("The mandate is already registered or under inquiry"),
    "20": _lt("Wrong identity number, or no agreement on bankgiro mandates"),
    "21": _lt("Wrong payer number"),
    "23": _lt("Wrong bank account number"),
    "29": _lt("Wrong payee bankgiro number"),
    "30": _lt("The payee bankgiro number is deregistered"),
    "32": _lt("New mandate"),
    "33": _lt("Cancelled"),
    "98": _lt("Cancelled because the payer's bankgiro number was closed"),
}
# information codes of a mandate ended by the bank rather than by payer or payee
BANK_ENDED = {"10", "43", "44"}
# comment codes of a rejection the payer can put right (account, identity, account type);
# the others (wrong payer number, payee bankgiro, ...) are the payee's to put right
PAYER_REJECTIONS = {"03", "04", "05", "09", "20", "23"}


class AccountBankingMandate(models.Model):
    """An Autogiro mandate (medgivande) is an OCA banking mandate of format "autogiro":
    the payer's consent to be debited by the payee under a payer number. Its state follows
    Bankgirot: draft (to request) → sent (requested in a mandate file) → valid (active,
    approved by the payer's bank) / rejected (Bankgirot's reason) / cancel (by the payee,
    the payer or the bank). Only valid mandates are collected from."""

    _inherit = "account.banking.mandate"

    format = fields.Selection(
        selection_add=[("autogiro", "Autogiro")], ondelete={"autogiro": "set default"}
    )
    state = fields.Selection(
        # OCA's labels again, so that they are translated with this module's
        selection_add=[
            ("draft", "Draft"),
            ("sent", "Sent to Bankgirot"),
            ("valid", "Valid"),
            ("rejected", "Rejected"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        ondelete={"sent": "set default", "rejected": "set default"},
    )
    autogiro_payee_id = fields.Many2one(
        "autogiro.payee",
        string="Autogiro payee",
        compute="_compute_autogiro_payee_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The Autogiro agreement the payer is debited under: the organisation's, or its "
        "parent's.",
    )
    autogiro_payer_number = fields.Char(
        string="Payer number",
        copy=False,
        index="btree_not_null",
        tracking=15,
        help="The payer's number at Bankgirot (up to 16 digits), unique for the payee. "
        "Default: the person's number in the address book. For a mandate on a bankgiro "
        "number it is that bankgiro number.",
    )
    autogiro_account_kind = fields.Selection(
        [("bank", "Bank account"), ("bankgiro", "Bankgiro number")],
        string="Debited from",
        default="bank",
    )
    autogiro_payer_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_autogiro_account",
        inverse="_inverse_autogiro_account",
        help="The person (or company) whose account is debited.",
    )
    autogiro_account = fields.Char(
        string="Account to debit",
        compute="_compute_autogiro_account",
        inverse="_inverse_autogiro_account",
        help="Clearing number and account number (for example 8327-9, 914 371 375-1), or "
        "the payer's bankgiro number.",
    )
    autogiro_pending = fields.Selection(
        [
            ("new", "Request the mandate"),
            ("accept", "Approve the internet-bank mandate"),
            ("reject", "Reject the internet-bank mandate"),
            ("cancel", "Cancel the mandate"),
        ],
        string="To send to Bankgirot",
        copy=False,
        readonly=True,
        help="What the next mandate file tells Bankgirot about this mandate.",
    )
    autogiro_origin = fields.Selection(
        [("payee", "Registered by the payee"), ("internet_bank", "Payer's internet bank")],
        string="Given in",
        default="payee",
        readonly=True,
    )
    autogiro_cancelled_by = fields.Selection(
        [("payee", "Payee"), ("payer", "Payer"), ("bank", "Bank")],
        string="Cancelled by",
        copy=False,
        readonly=True,
        tracking=65,
    )
    autogiro_reason_code = fields.Char(string="Bankgirot's code", copy=False, readonly=True)
    autogiro_reason_note = fields.Char(string="Reason noted", copy=False, readonly=True)
    autogiro_reason = fields.Char(
        string="Bankgirot's reason",
        compute="_compute_autogiro_reason",
        help="What Bankgirot's code means (in the reader's language), or the reason noted.",
    )
    autogiro_file_line_ids = fields.One2many(
        "autogiro.file.line",
        "mandate_id",
        string="Autogiro files",
        readonly=True,
        groups="account.group_account_invoice",
    )

    @api.depends("company_id", "format")
    def _compute_autogiro_payee_id(self):
        Payee = self.env["autogiro.payee"]
        for mandate in self:
            payee = mandate.autogiro_payee_id
            if mandate.format == "autogiro" and not payee and mandate.company_id:
                payee = Payee._of_company(mandate.company_id)
            mandate.autogiro_payee_id = payee

    @api.depends("partner_bank_id.acc_number", "partner_bank_id.partner_id")
    def _compute_autogiro_account(self):
        for mandate in self:
            mandate.autogiro_payer_id = mandate.partner_bank_id.partner_id
            mandate.autogiro_account = mandate.partner_bank_id.acc_number

    def _inverse_autogiro_account(self):
        for mandate in self:
            if mandate.format != "autogiro":
                continue
            if not mandate.autogiro_payer_id or not mandate.autogiro_account:
                raise ValidationError(
                    _("An Autogiro mandate needs the payer and the account to debit.")
                )
            number = mandate._autogiro_normalise_account(
                mandate.autogiro_account, mandate.autogiro_account_kind
            )
            account = mandate._autogiro_bank_account(mandate.autogiro_payer_id, number)
            vals = {"partner_bank_id": account.id}
            if not mandate.autogiro_payer_number:
                vals["autogiro_payer_number"] = mandate._autogiro_default_payer_number(account)
            mandate.write(vals)

    @api.model
    def _autogiro_normalise_account(self, text, kind):
        """``NNNN-account`` for a bank account, ``NNN-NNNN`` for a bankgiro (validated)."""
        try:
            if kind == "bankgiro":
                return bankgiro.format(bankgiro.validate(text))
            if "," in text:  # "8327-9, 914 371 375-1": Swedbank's clearing with its 5th digit
                parts = text.split(",", 1)
            else:
                match = re.match(r"\s*(\d{4,5})[\s-]+(\S.*)", text)
                parts = match.groups() if match else ()
            if len(parts) != 2:
                raise ValidationError(
                    _(
                        "Account %(account)s: give the clearing number and the account "
                        "number (for example 8327-9, 914 371 375-1).",
                        account=text,
                    )
                )
            valid = bankaccount.validate(parts[0], parts[1])
        except NumberError as error:
            raise ValidationError(
                _("Account %(account)s is not valid: %(error)s", account=text, error=error)
            ) from error
        return f"{valid.clearing}-{valid.account}"

    @api.model
    def _autogiro_bank_account(self, partner, number):
        """The payer's res.partner.bank of ``number``, created when missing."""
        Bank = self.env["res.partner.bank"]
        account = Bank.search(
            [
                ("partner_id", "=", partner.id),
                ("sanitized_acc_number", "=", sanitize_account_number(number)),
            ],
            limit=1,
        )
        return account or Bank.create({"partner_id": partner.id, "acc_number": number})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("format") == "autogiro":
                vals.setdefault("signature_date", bankdays.today("SE"))
                vals.setdefault("autogiro_pending", "new")
        mandates = super().create(vals_list)
        for mandate in mandates.filtered(lambda m: m.format == "autogiro"):
            if not mandate.autogiro_payer_number:
                mandate.autogiro_payer_number = mandate._autogiro_default_payer_number(
                    mandate.partner_bank_id
                )
        mandates._autogiro_check()
        return mandates

    def write(self, vals):
        result = super().write(vals)
        if {"autogiro_payer_number", "autogiro_payee_id", "state", "partner_bank_id"} & set(vals):
            self._autogiro_check()
        return result

    def _autogiro_default_payer_number(self, account):
        """A stable number of the payer: a bankgiro mandate's is the bankgiro number,
        otherwise the person's id in the address book (the same for every mandate of the
        person, unique across the address book)."""
        self.ensure_one()
        if self.autogiro_account_kind == "bankgiro":
            return bankgiro.compact(account.acc_number)
        return str(account.partner_id.id)

    def _autogiro_check(self):
        mandates = self.filtered(lambda m: m.format == "autogiro")
        # the payer's identity number goes into the file under sudo: only people connected
        # to the user's organisations can be payers of its mandates
        mandates.partner_id._check_visible()
        for mandate in mandates:
            number = mandate.autogiro_payer_number or ""
            if not (number.isdigit() and number.isascii() and len(number) <= 16):
                raise ValidationError(
                    _("Payer number %(number)s is not valid: up to 16 digits.", number=number)
                )
            if not mandate.autogiro_payee_id:
                raise ValidationError(
                    _(
                        "%(organisation)s has no Autogiro agreement: set up its payee in "
                        "Accounting → Configuration → Autogiro payees.",
                        organisation=mandate.company_id.name,
                    )
                )
            # the payee the organisation collects under (its own or a parent's), never
            # another organisation's
            # sudo: the payee's organisation and the organisations above the mandate's are
            # compared only (another one's payee is refused; a branch's users do not read
            # their parent company)
            units = mandate.company_id.sudo().parent_ids
            if mandate.autogiro_payee_id.sudo().company_id not in units:
                raise ValidationError(
                    _(
                        "%(organisation)s does not collect under the Autogiro payee %(payee)s.",
                        organisation=mandate.company_id.name,
                        payee=mandate.autogiro_payee_id.name,
                    )
                )
        open_states = ("draft", "sent", "valid")
        if not mandates:
            return
        # one open mandate per payer number and payee (a number is free again once cancelled)
        # sudo: the numbers of mandates of the payee the user may not read (another branch's)
        # are compared only
        taken = (
            self.sudo()
            .search_fetch(
                [
                    ("format", "=", "autogiro"),
                    ("state", "in", open_states),
                    ("autogiro_payee_id", "in", mandates.autogiro_payee_id.ids),
                    ("autogiro_payer_number", "in", mandates.mapped("autogiro_payer_number")),
                ],
                ["autogiro_payee_id", "autogiro_payer_number"],
            )
            .grouped(lambda m: (m.autogiro_payee_id.id, m.autogiro_payer_number))
        )
        for mandate in mandates.filtered(lambda m: m.state in open_states):
            key = (mandate.autogiro_payee_id.id, mandate.autogiro_payer_number)
            if len(taken.get(key, [])) > 1:
                raise ValidationError(
                    _(
                        "Payer number %(number)s has an open Autogiro mandate of %(payee)s "
                        "already.",
                        number=mandate.autogiro_payer_number,
                        payee=mandate.autogiro_payee_id.name,
                    )
                )

    # -- the payee's actions ------------------------------------------------------------------
    def validate(self):
        autogiro_mandates = self.filtered(lambda m: m.format == "autogiro")
        if autogiro_mandates:
            raise UserError(
                _(
                    "An Autogiro mandate becomes valid when Bankgirot's mandate advice says so: "
                    "send it in a mandate file (Export to Bankgirot)."
                )
            )
        return super().validate()

    def cancel(self):
        """The payee cancels: a mandate never sent ends at once; one Bankgirot knows is
        cancelled there by the next mandate file, an internet-bank mandate not approved yet
        is rejected by it."""
        autogiro_mandates = self.filtered(lambda m: m.format == "autogiro")
        for mandate in autogiro_mandates:
            if mandate.state not in ("draft", "sent", "valid"):
                raise UserError(_("Mandate %s is closed already.", mandate.display_name))
            if mandate.autogiro_pending == "accept":
                pending = "reject"
            else:
                pending = "cancel" if mandate.state != "draft" else False
            mandate.write(
                {"state": "cancel", "autogiro_cancelled_by": "payee", "autogiro_pending": pending}
            )
        return super(AccountBankingMandate, self - autogiro_mandates).cancel()

    def back2draft(self):
        autogiro_mandates = self.filtered(lambda m: m.format == "autogiro")
        if autogiro_mandates.filtered(
            lambda m: m.state not in ("cancel", "rejected") or m.autogiro_pending
        ):
            raise UserError(
                _(
                    "Only a cancelled or rejected mandate goes back to draft, once its "
                    "cancellation is sent to Bankgirot."
                )
            )
        autogiro_mandates.write(
            {
                "state": "draft",
                "autogiro_pending": "new",
                "autogiro_cancelled_by": False,
                "autogiro_reason_code": False,
                "autogiro_reason_note": False,
            }
        )
        return super(AccountBankingMandate, self - autogiro_mandates).back2draft()

    def action_autogiro_export(self):
        """Write the mandate file of the selected mandates' pending requests (without a
        selection: of every mandate with one), one file per payee."""
        if not self.env.su and not self.env.user.has_group(IDENTITY_GROUP):
            raise AccessError(
                _(
                    "Mandate files hold the payers' identity numbers: only organisation users, "
                    "who may see them, can write them."
                )
            )
        mandates = self or self.search([("autogiro_pending", "!=", False)])
        mandates = mandates.filtered(lambda m: m.format == "autogiro" and m.autogiro_pending)
        mandates.partner_id._check_visible()
        if not mandates:
            raise UserError(
                _("None of these mandates has anything to send to Bankgirot: it has all been sent.")
            )
        files = self.env["autogiro.file"]
        for payee, group in mandates.grouped("autogiro_payee_id").items():
            files |= files._write_mandate_file(payee, group)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_se_autogiro.autogiro_file_action"
        )
        if len(files) == 1:
            action.update({"res_id": files.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", files.ids)]
        return action

    def _autogiro_request(self):
        """The :class:`nordic_formats.se.autogiro.MandateRequest` of the pending request."""
        self.ensure_one()
        if self.autogiro_pending == "cancel":
            return autogiro.MandateRequest("cancel", self.autogiro_payer_number)
        if self.autogiro_pending in ("accept", "reject"):
            return autogiro.MandateRequest(self.autogiro_pending, self.autogiro_payer_number)
        if self.autogiro_account_kind == "bankgiro":
            account = ""
        else:
            # checked when typed (or reported by Bankgirot): written as it is
            clearing, number = self.partner_bank_id.acc_number.split("-", 1)
            account = clearing[:4] + number.rjust(12, "0")
        return autogiro.MandateRequest(
            "new", self.autogiro_payer_number, account=account, id_number=self._autogiro_id_number()
        )

    def _autogiro_id_number(self):
        """The payer's personnummer (YYYYMMDDNNNN) or organisation number (00NNNNNNNNNN)."""
        self.ensure_one()
        # sudo: the identity number (association_base keeps it from users outside its group)
        # goes into the file to Bankgirot only, written by users of that group
        # (action_autogiro_export) for payers connected to their organisations (_autogiro_check)
        partner = self.partner_id.sudo()
        if partner.national_id and partner.national_id_kind in (
            "se_personnummer",
            "se_samordningsnummer",
        ):
            return partner.national_id.replace("-", "")
        registry = "".join(ch for ch in (partner.company_registry or "") if ch.isdigit())
        if partner.is_company and len(registry) == 10:
            return "00" + registry
        raise UserError(
            _(
                "%(payer)s has no Swedish personnummer or organisation number: Bankgirot needs "
                "it for the mandate %(mandate)s.",
                payer=partner.name,
                mandate=self.display_name,
            )
        )

    # -- what Bankgirot reports -----------------------------------------------------------------
    def _autogiro_fail(self, state, code, cancelled_by=False):
        """Rejected or cancelled by Bankgirot/the payer's bank: the payer is e-mailed what to
        do, unless the rejection is the payee's to put right."""
        self.write(
            {
                "state": state,
                "autogiro_pending": False,
                "autogiro_reason_code": code,
                "autogiro_cancelled_by": cancelled_by,
            }
        )
        template = self.env.ref("l10n_se_autogiro.mail_template_mandate_failed")
        notify = state == "cancel" or code in PAYER_REJECTIONS
        for mandate in self:
            if notify and mandate.partner_id.email:
                mandate.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            mandate._autogiro_note_on_person(
                _(
                    "Autogiro mandate %(mandate)s: %(reason)s",
                    mandate=mandate.display_name,
                    reason=mandate.autogiro_reason,
                )
            )

    @api.depends("autogiro_reason_code", "autogiro_reason_note")
    @api.depends_context("lang")
    def _compute_autogiro_reason(self):
        for mandate in self:
            code = mandate.autogiro_reason_code
            mandate.autogiro_reason = (
                self._autogiro_reason_text(code) if code else mandate.autogiro_reason_note
            )

    @api.model
    def _autogiro_reason_text(self, code):
        """Bankgirot's comment code in words, in the language of the environment."""
        text = COMMENT_CODES.get(code)
        return text._translate(self.env.lang) if text else _("Bankgirot's code %s", code)

    def _autogiro_note_on_person(self, body):
        """The mandate's history on the person, in the mandate's organisation only."""
        self.ensure_one()
        # sudo: billing users do not change people, yet the mandate's history belongs on the
        # person (one of the organisation's: they read it), in the mandate's organisation
        # only; the author stays the user
        self.partner_id.sudo().message_post(
            body=body,
            organisation_id=self.company_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _autogiro_activate(self, date, account_field=""):
        """Bankgirot approved the mandate (advice or register); the account it reports
        replaces the one asked for when they differ. Returns what changed."""
        self.ensure_one()
        changes = []
        vals = {
            "state": "valid",
            "autogiro_reason_code": False,
            "autogiro_reason_note": False,
        }
        if self.autogiro_pending in ("new", "accept"):
            vals["autogiro_pending"] = False
        if not self.signature_date:
            vals["signature_date"] = date or bankdays.today("SE")
        if account_field and account_field.strip("0") and self.autogiro_account_kind == "bank":
            split = bankaccount.split_autogiro_account(account_field)
            number = f"{split.clearing}-{split.account}"
            if sanitize_account_number(number) != self.partner_bank_id.sanitized_acc_number:
                changes.append(
                    _(
                        "account %(old)s → %(new)s",
                        old=self.partner_bank_id.acc_number or "-",
                        new=number,
                    )
                )
                vals["partner_bank_id"] = self._autogiro_bank_account(self.partner_id, number).id
        if self.state != "valid":
            changes.append(_("state %(old)s → valid", old=self.state))
        self.write(vals)
        return changes

    @api.model
    def _autogiro_create_from_bank(self, payee, partner, payer_number, account_field, date):
        """A mandate the payer gave in the internet bank: to approve in the next file."""
        split = (
            account_field
            and account_field.strip("0")
            and bankaccount.split_autogiro_account(account_field)
        )
        if split:
            account = self._autogiro_bank_account(partner, f"{split.clearing}-{split.account}")
            kind = "bank"
        else:
            account = self._autogiro_bank_account(partner, bankgiro.format(payer_number))
            kind = "bankgiro"
        return self.create(
            {
                "format": "autogiro",
                "company_id": payee.company_id.id,
                "autogiro_payee_id": payee.id,
                "autogiro_payer_number": payer_number,
                "autogiro_account_kind": kind,
                "autogiro_origin": "internet_bank",
                "autogiro_pending": "accept",
                "partner_bank_id": account.id,
                "signature_date": date or bankdays.today("SE"),
            }
        )
