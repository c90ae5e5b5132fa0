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
        files), so that demo invoices show Bankgiro and OCR, BgMax files can be imported and
        members are shown how to pay by Bankgiro on the portal."""
        journals = self.search([("type", "=", "bank")], order="sequence, id")
        for company, company_journals in journals.grouped("company_id").items():
            if company.country_code == "SE" and not any(
                company_journals.mapped("l10n_se_bankgiro")
            ):
                company_journals[0].l10n_se_bankgiro = "9912346"
                # members see how to pay by Bankgiro when they pay an invoice on the portal
                self.env["payment.provider"]._l10n_se_bankgiro_enable(company)

    @api.model
    def _l10n_se_bankgiro_of(self, companies):
        """``{company: Bankgiro number}`` of the companies paid on Bankgiro: the number of
        their first bank journal with one; a branch without one of its own is paid on its
        nearest parent's."""
        # sudo: the number is shown to anybody who may see what it is printed on (invoices,
        # their payment instructions on the portal), also to branch staff and members who
        # may not read the organisation's journals; nothing else of the journals is read
        journals = self.sudo().search(
            [
                ("type", "=", "bank"),
                ("l10n_se_bankgiro", "!=", False),
                ("company_id", "in", companies.parent_ids.ids),
            ],
            order="sequence, id",
        )
        own = {}
        for journal in journals:
            own.setdefault(journal.company_id, journal.l10n_se_bankgiro)
        number_of = {}
        for company in companies:
            number = next(
                (own[parent] for parent in reversed(company.parent_ids) if parent in own), False
            )
            if number:
                number_of[company] = number
        return number_of

    def action_l10n_se_bankgiro_payment_provider(self):
        """Offer members payment by Bankgiro on the portal: the company's Bankgiro provider
        (a wire transfer of payment_custom), created or enabled, opened to review."""
        self.ensure_one()
        provider = self.env["payment.provider"]._l10n_se_bankgiro_enable(self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.provider",
            "res_id": provider.id,
            "views": [(False, "form")],
        }

    def _receives_payment_file_account(self, account_number):
        if self.l10n_se_bankgiro and account_number and account_number.strip("0").isdigit():
            return bankgiro.compact(account_number) == bankgiro.compact(self.l10n_se_bankgiro)
        return super()._receives_payment_file_account(account_number)
