from markupsafe import Markup

from odoo import Command, api, models


class PaymentProvider(models.Model):
    """Payment with KID on the portal: a wire transfer (payment_custom) whose instructions
    name the account number and the invoice's KID (template ``state_header_kid``). A card or
    Vipps provider is configured by each organisation on its own."""

    _inherit = "payment.provider"

    @api.model
    def _l10n_no_kid_enable(self, company):
        """The company's wire transfer provider, created (named KID) if it has none, enabled
        and published, with the KID message."""
        # the company's wire transfer if it has one (as core's own for the main company)
        provider = self.search(
            [
                ("company_id", "=", company.id),
                ("code", "=", "custom"),
                ("custom_mode", "=", "wire_transfer"),
            ],
            limit=1,
        )
        if not provider:
            provider = self.create(
                {
                    "name": "KID",
                    "code": "custom",
                    "custom_mode": "wire_transfer",
                    "company_id": company.id,
                    "redirect_form_view_id": self.env.ref("payment_custom.redirect_form").id,
                    "payment_method_ids": [
                        Command.set(self.env.ref("payment_custom.payment_method_wire_transfer").ids)
                    ],
                }
            )
        provider.write({"state": "enabled", "is_published": True})
        provider.action_recompute_pending_msg()
        return provider

    def action_recompute_pending_msg(self):
        # the wire transfers of companies whose invoices carry a KID: to the account number
        # with the KID, which the transaction's instructions show (not every bank account)
        account_of = self.env["account.journal"]._l10n_no_kid_account_of(self.company_id)
        kid = self.filtered(
            lambda p: p.custom_mode == "wire_transfer" and p.company_id in account_of
        )
        super(PaymentProvider, self - kid).action_recompute_pending_msg()
        languages = sorted(
            (code for code, _name in self.env["res.lang"].get_installed()),
            key=lambda code: code != "en_US",  # English first: the value of other languages
        )
        for lang in languages:
            provider = kid.with_context(lang=lang)
            provider.pending_msg = Markup("<p>%s</p>") % provider.env._(
                "Pay from your online bank to the account number below, with the KID as the "
                "reference: the payment is then matched to your invoice automatically."
            )
