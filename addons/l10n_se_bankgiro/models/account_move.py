from odoo import _, fields, models
from odoo.exceptions import UserError

from nordic_formats.exceptions import InvalidLength
from nordic_formats.se import ocr


class AccountMove(models.Model):
    """OCR references computed with nordic_formats.se.ocr (Bankgirot's rules): core's
    level 3 takes the first digit of the length instead of the length modulo 10, which
    gives wrong length digits from 8 digits on."""

    _inherit = "account.move"

    l10n_se_bankgiro = fields.Char(
        string="Bankgiro",
        compute="_compute_l10n_se_bankgiro",
        help="The Bankgiro number the customer pays this invoice to.",
    )

    def _compute_l10n_se_bankgiro(self):
        number_of = self.env["account.journal"]._l10n_se_bankgiro_of(self.company_id)
        for move in self:
            move.l10n_se_bankgiro = number_of.get(move.company_id, False)

    def _get_invoice_reference_se_ocr2(self, reference):
        self.ensure_one()
        return ocr.create(reference, length_digit=False)

    def _get_invoice_reference_se_ocr3(self, reference):
        self.ensure_one()
        return ocr.create(reference, length_digit=True)

    def _get_invoice_reference_se_ocr4(self, reference):
        self.ensure_one()
        length = self.journal_id.l10n_se_invoice_ocr_length
        try:
            return ocr.create(reference, length_digit=False, length=length)
        except InvalidLength as error:
            raise UserError(
                _(
                    "The OCR reference of %(number)s does not fit in %(length)s digits (journal "
                    "setting).",
                    number=reference,
                    length=length,
                )
            ) from error
