from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from nordic_formats import bankdays
from nordic_formats.exceptions import ValidationError as NumberError
from nordic_formats.no import kid

# context key of the agreements made from Nets' files (and the demo): nobody registers an
# AvtaleGiro agreement by hand, the payer does it in their online bank
FROM_NETS = "l10n_no_avtalegiro_from_nets"
OPEN_STATES = ("draft", "valid")


class AccountBankingMandate(models.Model):
    """An AvtaleGiro agreement is an OCA banking mandate of format "avtalegiro": the payer
    registered it in their online bank for the payee's account, with the KID that identifies
    the payer. It arrives from Nets already active (valid) and ends when the payer or the
    bank deletes it (cancel). Nets does not tell the payee the payer's bank account: the
    mandate names the payer (``partner_id``) without one."""

    _inherit = "account.banking.mandate"

    format = fields.Selection(
        selection_add=[("avtalegiro", "AvtaleGiro")], ondelete={"avtalegiro": "set default"}
    )
    # OCA's partner is its bank account's: an AvtaleGiro agreement has none
    partner_id = fields.Many2one(
        related=False, compute="_compute_partner_id", store=True, readonly=False
    )
    l10n_no_avtalegiro_kid = fields.Char(
        string="KID",
        copy=False,
        readonly=True,
        index="btree_not_null",
        tracking=15,
        help="The KID the payer registered the AvtaleGiro agreement with: it identifies the "
        "payer, and every claim to the payer carries it.",
    )
    l10n_no_avtalegiro_account_id = fields.Many2one(
        "res.partner.bank",
        string="Agreement account",
        readonly=True,
        ondelete="restrict",
        help="The organisation's account the agreement is for (its AvtaleGiro and OCR giro "
        "agreement with Nets): the money arrives there.",
    )
    l10n_no_avtalegiro_notify = fields.Boolean(
        string="Notify payer",
        readonly=True,
        tracking=25,
        help="The payer wants the bank's notice of each claim (before it is debited).",
    )
    l10n_no_avtalegiro_cancelled_by = fields.Selection(
        [
            ("payee", "Payee"),
            ("payer", "Payer or payer's bank (deleted at Nets)"),
            ("nets", "Missing in Nets' list of agreements"),
        ],
        string="Ended by",
        copy=False,
        readonly=True,
        tracking=65,
    )
    l10n_no_avtalegiro_file_line_ids = fields.One2many(
        "avtalegiro.file.line",
        "mandate_id",
        string="AvtaleGiro files",
        readonly=True,
        groups="account.group_account_invoice",
    )

    def init(self):
        # one open agreement per person, organisation and KID, also when two imports run at
        # once (_l10n_no_avtalegiro_check_open says it in words beforehand)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_banking_mandate_l10n_no_avtalegiro_open
            ON account_banking_mandate (partner_id, company_id, l10n_no_avtalegiro_kid)
            WHERE format = 'avtalegiro' AND state IN ('draft', 'valid')
            """
        )

    @api.depends("partner_bank_id.partner_id")
    def _compute_partner_id(self):
        for mandate in self:
            mandate.partner_id = mandate.partner_bank_id.partner_id or mandate.partner_id

    @api.constrains("state", "partner_bank_id", "signature_date")
    def _check_valid_state(self):
        # an AvtaleGiro agreement is valid without the payer's bank account (Nets keeps it)
        others = self.filtered(lambda m: m.format != "avtalegiro")
        super(AccountBankingMandate, others)._check_valid_state()

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("format") == "avtalegiro" for vals in vals_list) and not (
            self.env.context.get(FROM_NETS)
        ):
            raise UserError(
                _(
                    "An AvtaleGiro agreement is registered by the payer in their online bank "
                    "and arrives in Nets' agreement file: import the file (AvtaleGiro → Files)."
                )
            )
        mandates = super().create(vals_list)
        mandates._l10n_no_avtalegiro_check()
        return mandates

    def write(self, vals):
        result = super().write(vals)
        linked = {"format", "partner_id", "company_id"} & set(vals)
        checked = {"state", "l10n_no_avtalegiro_kid", "l10n_no_avtalegiro_account_id"}
        if linked or checked & set(vals):
            self._l10n_no_avtalegiro_check(check_payer=bool(linked))
        return result

    def _l10n_no_avtalegiro_check(self, check_payer=True):
        mandates = self.filtered(lambda m: m.format == "avtalegiro")
        if not mandates:
            return
        if check_payer:
            # the payer is one of the people of the user's organisations (the agreement's
            # history is written on the person under sudo); an agreement of somebody no
            # longer connected still ends when Nets says so
            mandates.partner_id._check_visible()
        for mandate in mandates:
            if not (
                mandate.partner_id
                and mandate.l10n_no_avtalegiro_kid
                and mandate.l10n_no_avtalegiro_account_id
            ):
                raise ValidationError(
                    _("An AvtaleGiro agreement names the payer, the KID and the account.")
                )
            try:
                kid.validate(mandate.l10n_no_avtalegiro_kid)
            except NumberError as error:
                raise ValidationError(
                    _(
                        "KID %(kid)s of an AvtaleGiro agreement is not valid: %(error)s",
                        kid=mandate.l10n_no_avtalegiro_kid,
                        error=error,
                    )
                ) from error
            # sudo: the owner of the account is compared with the organisation's own
            # partners only
            owner = mandate.l10n_no_avtalegiro_account_id.sudo().partner_id
            if owner not in mandate.company_id.sudo().parent_ids.partner_id:
                raise ValidationError(
                    _(
                        "Account %(account)s is not an account of %(organisation)s: an "
                        "AvtaleGiro agreement is for the organisation's own account.",
                        account=mandate.l10n_no_avtalegiro_account_id.acc_number,
                        organisation=mandate.company_id.name,
                    )
                )
        self._l10n_no_avtalegiro_check_open(mandates.filtered(lambda m: m.state in OPEN_STATES))

    @api.model
    def _l10n_no_avtalegiro_check_open(self, mandates):
        """One open agreement per person, organisation and KID, said in words before the
        unique index refuses it."""
        if not mandates:
            return
        keys = [(m.partner_id.id, m.company_id.id, m.l10n_no_avtalegiro_kid) for m in mandates]
        # the others as the database has them, read without flushing these records (the
        # index would refuse them first); every organisation's, as the index compares them
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, company_id, l10n_no_avtalegiro_kid
                  FROM account_banking_mandate
                 WHERE format = 'avtalegiro' AND state IN %s AND id NOT IN %s
                   AND l10n_no_avtalegiro_kid IN %s
                """,
                OPEN_STATES,
                tuple(mandates.ids) or (0,),
                tuple({key[2] for key in keys}) or ("",),
            )
        )
        taken = set(self.env.cr.fetchall())
        for mandate, key in zip(mandates, keys, strict=True):
            if key in taken:
                raise ValidationError(
                    _(
                        "%(payer)s has an open AvtaleGiro agreement with KID %(kid)s of "
                        "%(organisation)s already.",
                        payer=mandate.partner_id.name,
                        kid=mandate.l10n_no_avtalegiro_kid,
                        organisation=mandate.company_id.name,
                    )
                )
            taken.add(key)

    # -- the payee's actions ------------------------------------------------------------------
    def validate(self):
        if self.filtered(lambda m: m.format == "avtalegiro"):
            raise UserError(
                _(
                    "An AvtaleGiro agreement is active when it arrives from Nets: there is "
                    "nothing to validate."
                )
            )
        return super().validate()

    def cancel(self):
        """The payee stops collecting from the payer. The agreement stays at Nets until the
        payer deletes it in their online bank."""
        agreements = self.filtered(lambda m: m.format == "avtalegiro")
        for mandate in agreements:
            if mandate.state not in OPEN_STATES:
                raise UserError(_("Mandate %s is closed already.", mandate.display_name))
        agreements.write({"state": "cancel", "l10n_no_avtalegiro_cancelled_by": "payee"})
        for mandate in agreements:
            mandate._l10n_no_avtalegiro_note_on_person(
                _(
                    "AvtaleGiro agreement %(mandate)s (KID %(kid)s) cancelled by the payee: "
                    "nothing more is claimed by AvtaleGiro.",
                    mandate=mandate.display_name,
                    kid=mandate.l10n_no_avtalegiro_kid,
                )
            )
        return super(AccountBankingMandate, self - agreements).cancel()

    def back2draft(self):
        if self.filtered(lambda m: m.format == "avtalegiro"):
            raise UserError(
                _(
                    "A closed AvtaleGiro agreement is not opened again here: the payer "
                    "registers a new one in their online bank, and it arrives from Nets."
                )
            )
        return super().back2draft()

    # -- what Nets reports ----------------------------------------------------------------------
    @api.model
    def _l10n_no_avtalegiro_create(self, company, partner, number, account, notify, date):
        """The active agreement of ``partner`` with KID ``number`` that Nets reported."""
        return self.with_context(**{FROM_NETS: True}).create(
            {
                "format": "avtalegiro",
                "company_id": company.id,
                "partner_id": partner.id,
                "l10n_no_avtalegiro_kid": number,
                "l10n_no_avtalegiro_account_id": account.id,
                "l10n_no_avtalegiro_notify": notify,
                "signature_date": date,
                "state": "valid",
            }
        )

    @api.model
    def _l10n_no_avtalegiro_demo(self, company_id, partner_id):
        """Demo data: the active agreement of the person with the organisation, with the
        person's KID, for the account Nets' files of the organisation arrive on; none when
        the organisation makes no KIDs or has no such account (no chart of accounts)."""
        company = self.env["res.company"].browse(company_id)
        partner = self.env["res.partner"].browse(partner_id)
        Journal = self.env["account.journal"]
        journals = Journal._l10n_no_kid_journals(company)
        account = Journal._l10n_no_kid_account_of(company).get(company)
        if journals and account:
            self._l10n_no_avtalegiro_create(
                company,
                partner,
                partner._l10n_no_avtalegiro_kid(journals[0]),
                account,
                True,
                bankdays.today("NO"),
            )

    def _l10n_no_avtalegiro_end(self, cancelled_by, message):
        """Deleted at Nets (by the payer or their bank) or missing in Nets' list: closed, the
        payer e-mailed that nothing is collected by AvtaleGiro any more (when the payer is
        still one of the organisation's people), the history noted."""
        self.write({"state": "cancel", "l10n_no_avtalegiro_cancelled_by": cancelled_by})
        template = self.env.ref("l10n_no_nets.mail_template_avtalegiro_ended")
        for mandate in self:
            payer = mandate.partner_id
            if payer.has_access("read") and payer.email:
                mandate.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            mandate._l10n_no_avtalegiro_note_on_person(
                _(
                    "AvtaleGiro agreement %(mandate)s (KID %(kid)s): %(message)s",
                    mandate=mandate.display_name,
                    kid=mandate.l10n_no_avtalegiro_kid,
                    message=message,
                )
            )

    def _l10n_no_avtalegiro_note_on_person(self, body):
        """The agreement's history on the person, in the agreement's organisation only."""
        self.ensure_one()
        # sudo: billing users do not change people, yet the agreement's history belongs on
        # the person (one of the organisation's: they read it), in the agreement's
        # organisation only; the author stays the user
        self.partner_id.sudo().message_post(
            body=body,
            organisation_id=self.company_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
