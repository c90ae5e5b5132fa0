from odoo import _, models
from odoo.exceptions import UserError

from nordic_formats.exceptions import InvalidLength
from nordic_formats.no import kid


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_kid_number(self):
        """The KID as configured on the sales journal (l10n_no's model "Norway"): customer
        number (the partner's reference when it is digits, else its id) and invoice number,
        or the invoice number alone; MOD10 or MOD11; padded to the configured length."""
        self.ensure_one()
        journal = self.journal_id
        invoice_number = "".join(ch for ch in self.name if ch.isdigit()).lstrip("0") or "0"
        payload = invoice_number
        if journal.l10n_no_kid_composition == "partner_invoice":
            partner = self.commercial_partner_id
            customer = partner.ref if (partner.ref or "").isdigit() else str(partner.id)
            payload = customer + invoice_number.zfill(6)
        try:
            return kid.create(
                payload,
                journal.l10n_no_kid_algorithm or "mod10",
                length=journal.l10n_no_kid_length or None,
            )
        except InvalidLength as error:
            raise UserError(
                _(
                    "The KID of %(invoice)s does not fit in %(length)s digits: make the KID length "
                    "on journal %(journal)s longer.",
                    invoice=self.name,
                    length=journal.l10n_no_kid_length,
                    journal=journal.name,
                )
            ) from error
