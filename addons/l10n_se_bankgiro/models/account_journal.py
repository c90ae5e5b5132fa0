from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from nordic_formats.exceptions import ValidationError as NumberError
from nordic_formats.se import bankgiro


class AccountJournal(models.Model):
    _inherit = "account.journal"

    l10n_se_bankgiro = fields.Char(
        string="Bankgiro number",
        copy=False,
        help="The Bankgiro number payments to this bank account arrive on (7 or 8 digits, "
        "written NNN-NNNN or NNNN-NNNN). BgMax files for it are imported on this journal, "
        "and invoices show it with their OCR reference.",
    )

    # core binds the default to its own function; bound late here, so the method below counts
    invoice_reference_model = fields.Selection(
        default=lambda self: self._default_invoice_reference_model()
    )

    _sql_constraints = [
        (
            "l10n_se_bankgiro_unique",
            "unique(company_id, l10n_se_bankgiro)",
            "Another journal of this company already has this Bankgiro number.",
        ),
    ]

    @api.model
    def _default_invoice_reference_model(self):
        # Swedish default: OCR with check digit and length digit (control level 3)
        model = super()._default_invoice_reference_model()
        return "se_ocr3" if model.startswith("se_") else model

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("l10n_se_bankgiro"):
                vals["l10n_se_bankgiro"] = self._l10n_se_format_bankgiro(vals["l10n_se_bankgiro"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("l10n_se_bankgiro"):
            vals = {
                **vals,
                "l10n_se_bankgiro": self._l10n_se_format_bankgiro(vals["l10n_se_bankgiro"]),
            }
        return super().write(vals)

    @api.model
    def _l10n_se_format_bankgiro(self, number):
        try:
            return bankgiro.format(bankgiro.validate(number))
        except NumberError as error:
            raise ValidationError(
                _("Bankgiro number %(number)s is not valid: %(error)s", number=number, error=error)
            ) from error

    @api.model
    def _l10n_se_demo_bankgiro(self):
        """Demo data: the first bank journal of each Swedish company without a Bankgiro
        number gets Bankgirot's example number 991-2346 (the one of its example BgMax
        files), so that demo invoices show Bankgiro and OCR and BgMax files can be imported."""
        journals = self.search([("type", "=", "bank")], order="sequence, id")
        for company, company_journals in journals.grouped("company_id").items():
            if company.country_code == "SE" and not any(
                company_journals.mapped("l10n_se_bankgiro")
            ):
                company_journals[0].l10n_se_bankgiro = "9912346"

    def _receives_payment_file_account(self, account_number):
        if self.l10n_se_bankgiro and account_number and account_number.strip("0").isdigit():
            return bankgiro.compact(account_number) == bankgiro.compact(self.l10n_se_bankgiro)
        return super()._receives_payment_file_account(account_number)
