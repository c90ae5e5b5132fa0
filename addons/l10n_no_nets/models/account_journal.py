from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from nordic_formats.no import kid


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

    @api.constrains("l10n_no_kid_length")
    def _check_l10n_no_kid_length(self):
        for journal in self:
            if (
                journal.l10n_no_kid_length
                and not kid.MIN_LENGTH <= journal.l10n_no_kid_length <= kid.MAX_LENGTH
            ):
                raise ValidationError(_("A KID has 2 to 25 digits."))
