from odoo import api, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
# the message of these wire transfers, translated into each installed language when written
KID_MESSAGE = _lt(
    "Pay from your online bank to the account number below, with the KID as the "
    "reference: the payment is then matched to your invoice automatically."
)


class PaymentProvider(models.Model):
    """Payment with KID on the portal: a wire transfer (payment_custom) whose instructions
    name the account number and the invoice's KID (template ``state_header_kid``). A card or
    Vipps provider is configured by each organisation on its own."""

    _inherit = "payment.provider"

    @api.model
    def _l10n_no_kid_enable(self, company):
        """The company's wire transfer provider, created (named KID) if it has none, enabled
        and published, with the KID message."""
        return self._payment_import_enable_transfer(company, "KID")

    def _payment_import_reference_messages(self):
        # the wire transfers of companies whose invoices carry a KID: to the account number
        # with the KID, which the transaction's instructions show (not every bank account)
        account_of = self.env["account.journal"]._l10n_no_kid_account_of(self.company_id)
        kid = self.filtered(lambda p: p.company_id in account_of)
        others = super(PaymentProvider, self - kid)._payment_import_reference_messages()
        return [*others, (kid, KID_MESSAGE)]
