from markupsafe import Markup, escape

from odoo import Command, api, models


class PaymentProvider(models.Model):
    """Payment with a structured reference on the portal: a wire transfer (payment_custom)
    whose instructions are to pay with the invoice's reference (an OCR number, a KID), by
    which the bank's incoming-payment file is matched to the invoice. Each country's module
    says which companies' wire transfers are paid so, with its own message and template."""

    _inherit = "payment.provider"

    @api.model
    def _payment_import_enable_transfer(self, company, name):
        """The company's wire transfer provider, created (named ``name``) if it has none,
        enabled and published, with its message (that of its reference where a country's
        module gives one)."""
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
                    "name": name,
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

    def _payment_import_reference_messages(self):
        """Of these wire transfers, those paid with a reference, each with its message:
        ``[(providers, lazy translation)]``. None here: each country's module takes the
        providers of its companies, with its message (of its own translations), and leaves
        the others to ``super()``."""
        return []

    def action_recompute_pending_msg(self):
        # the wire transfers paid with a reference: the message says to pay with it (the
        # transaction's instructions show it), not the list of bank accounts
        messages = self.filtered(
            lambda p: p.custom_mode == "wire_transfer"
        )._payment_import_reference_messages()
        paid_with_reference = self.browse().union(*(providers for providers, _msg in messages))
        super(PaymentProvider, self - paid_with_reference).action_recompute_pending_msg()
        languages = [
            code for code, _name in self.env["res.lang"].get_installed() if code != "en_US"
        ]
        for providers, message in messages:
            english = Markup("<p>%s</p>") % self.with_context(lang="en_US").env._(message)
            providers.with_context(lang="en_US").pending_msg = english
            if not languages:
                continue
            # the other languages as translations of its term: the message is translated
            # by terms (html_translate), and a new text written in another language would
            # replace that of every language
            translated = {
                lang: str(escape(self.with_context(lang=lang).env._(message))) for lang in languages
            }
            for provider in providers.with_context(lang="en_US"):
                (term,) = provider._fields["pending_msg"].get_trans_terms(provider.pending_msg)
                provider.update_field_translations(
                    "pending_msg", {lang: {term: text} for lang, text in translated.items()}
                )
