from odoo import api, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
# the message of these wire transfers, translated into each installed language when written
BANKGIRO_MESSAGE = _lt(
    "Pay from your bank to the Bankgiro number below, with the OCR number as the "
    "reference: the payment is then matched to your invoice automatically."
)


class PaymentProvider(models.Model):
    """Payment by Bankgiro on the portal: a wire transfer (payment_custom) whose instructions
    name the Bankgiro number and the invoice's OCR number (template
    ``state_header_bankgiro``). A card or Swish provider is configured by each organisation
    on its own."""

    _inherit = "payment.provider"

    @api.model
    def _l10n_se_bankgiro_enable(self, company):
        """The company's wire transfer provider, created (named Bankgiro) if it has none,
        enabled and published, with the Bankgiro message."""
        return self._payment_import_enable_transfer(company, "Bankgiro")

    def _payment_import_reference_messages(self):
        # the wire transfers of companies paid on Bankgiro: to the Bankgiro number with the
        # OCR number, which the transaction's instructions show (not the bank accounts)
        number_of = self.env["account.journal"]._l10n_se_bankgiro_of(self.company_id)
        bankgiro = self.filtered(lambda p: p.company_id in number_of)
        others = super(PaymentProvider, self - bankgiro)._payment_import_reference_messages()
        return [*others, (bankgiro, BANKGIRO_MESSAGE)]
