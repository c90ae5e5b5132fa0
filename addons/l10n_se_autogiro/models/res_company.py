from odoo import models

OPEN_STATES = ("draft", "sent", "valid")


class ResCompany(models.Model):
    _inherit = "res.company"

    def _direct_debit_signup_info(self, partner):
        """Autogiro, for an organisation with an Autogiro agreement (its own or its
        parent's) when the person has no open mandate under it: the payee's name and
        bankgiro and the payer number to give in the internet bank (or the payee's online
        mandate form). A mandate given there arrives in Bankgirot's report of internet-bank
        mandates, imported as usual."""
        blocks = super()._direct_debit_signup_info(partner)
        payee = self.env["autogiro.payee"]._of_company(self)
        if not payee:
            return blocks
        Mandate = self.env["account.banking.mandate"]
        if Mandate.search_count(
            [
                ("format", "=", "autogiro"),
                ("autogiro_payee_id", "=", payee.id),
                ("partner_id", "child_of", partner.id),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        ):
            return blocks
        # the number a mandate registered for the person would get (on a bank account:
        # the payer's own, typed in the internet bank); nothing is created
        mandate = Mandate.new({"format": "autogiro", "autogiro_account_kind": "bank"})
        account = self.env["res.partner.bank"].new({"partner_id": partner.id})
        blocks.append(
            {
                "key": ("autogiro", payee.id),
                "template": "l10n_se_autogiro.portal_direct_debit_signup_autogiro",
                "values": {
                    "payee_name": payee.company_id.name,
                    "bankgiro": payee.bankgiro,
                    "payer_number": mandate._autogiro_default_payer_number(account),
                    "online_mandate_url": payee.online_mandate_url,
                },
            }
        )
        return blocks
