import logging

from odoo import models
from odoo.exceptions import UserError

from .account_banking_mandate import OPEN_STATES

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _direct_debit_signup_info(self, partner):
        """AvtaleGiro, for an organisation paid with KID (a KID sales journal of its own or
        of its parent's, and the bank account Nets' files arrive on) when the person has no
        open agreement with it: the payer's KID and the account, which the payer registers
        in their online bank. The agreement arrives in Nets' agreement file, imported as
        usual."""
        blocks = super()._direct_debit_signup_info(partner)
        Journal = self.env["account.journal"]
        journals = Journal._l10n_no_kid_journals(self)
        account = Journal._l10n_no_kid_account_of(self).get(self)
        if not journals or not account:
            return blocks
        # the person's KID is made of their own reference, read in this (sudo) environment
        partner = partner.with_env(self.env)
        if self.env["account.banking.mandate"].search_count(
            [
                ("format", "=", "avtalegiro"),
                ("partner_id", "child_of", partner.id),
                ("company_id", "in", self.parent_ids.ids),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        ):
            return blocks
        try:
            kid = partner._l10n_no_avtalegiro_kid(journals[0])
        except UserError as error:
            # the customer number is longer than the journal's KID length: the person is
            # asked to contact the organisation, the administrator finds why in the log
            _logger.warning("No AvtaleGiro KID for partner %s: %s", partner.id, error)
            kid = False
        blocks.append(
            {
                "key": ("avtalegiro", account.id),
                "template": "l10n_no_nets.portal_direct_debit_signup_avtalegiro",
                "values": {
                    "payee_name": account.partner_id.name or self.name,
                    "account": account.acc_number,
                    "kid": kid,
                },
            }
        )
        return blocks
