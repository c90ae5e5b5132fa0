import unicodedata

from odoo import api, fields, models


def _ascii_digits(text):
    """The decimal digits of ``text`` as ASCII digits, whatever the script they are written
    in (Arabic-Indic ٤٧, fullwidth ４７ ...): a KID is made of 0-9 only."""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_no_kid_account = fields.Char(
        string="KID account number",
        compute="_compute_l10n_no_kid_account",
        help="The bank account number (kontonummer) the customer pays this invoice to, with "
        "its KID: the invoice's recipient bank account, else the organisation's bank journal "
        "account that Nets OCR giro files arrive on.",
    )

    @api.depends("move_type", "journal_id.invoice_reference_model", "partner_bank_id", "company_id")
    def _compute_l10n_no_kid_account(self):
        # sudo: the account is shown to anybody who may see the invoice (its PDF names it,
        # the member paying it on the portal), also to those who may not read the
        # organisation's journals and bank accounts; nothing else of them is read
        moves = self.sudo()
        kid_moves = moves.filtered(
            lambda m: m.move_type == "out_invoice" and m.journal_id.invoice_reference_model == "no"
        )
        account_of = self.env["account.journal"]._l10n_no_kid_account_of(kid_moves.company_id)
        for move, move_sudo in zip(self, moves, strict=True):
            account = move_sudo in kid_moves and (
                move_sudo.partner_bank_id or account_of.get(move_sudo.company_id)
            )
            move.l10n_no_kid_account = account.acc_number if account else False

    def _get_kid_number(self):
        """The KID as configured on the sales journal (l10n_no's model "Norway"): the
        journal's KID prefix, then customer number (see
        :meth:`res.partner._l10n_no_kid_customer_number`) and invoice number, or the invoice
        number alone; MOD10 or MOD11; padded to the configured length."""
        self.ensure_one()
        journal = self.journal_id
        invoice_number = _ascii_digits(self.name).lstrip("0") or "0"
        payload = invoice_number
        if journal.l10n_no_kid_composition == "partner_invoice":
            customer = self.commercial_partner_id._l10n_no_kid_customer_number()
            payload = customer + invoice_number.zfill(6)
        return journal._l10n_no_kid_create(payload, self.name)
