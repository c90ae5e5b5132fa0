from odoo import _, fields, models

from .account_billing_run import CHANNEL


class ResPartner(models.Model):
    _inherit = "res.partner"

    billing_channel = fields.Selection(selection_add=CHANNEL, ondelete={"direct_debit": "set null"})
    direct_debit_count = fields.Integer(
        string="Direct debits",
        compute="_compute_direct_debit_count",
        groups="account.group_account_invoice",
    )

    def _compute_direct_debit_count(self):
        counts = dict(
            self.env["account.payment.line"]._read_group(
                [("partner_id", "in", self.ids), ("direct_debit", "=", True)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.direct_debit_count = counts.get(partner, 0)

    def action_view_direct_debits(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account_direct_debit.action_direct_debit_lines"
        )
        action["domain"] = [("partner_id", "=", self.id), ("direct_debit", "=", True)]
        action["context"] = {"search_default_group_debit_state": 0}
        return action

    def _direct_debit_payers(self, company):
        """The ids of these partners who have a valid direct-debit mandate with
        ``company``."""
        formats = (
            self.env["account.payment.method"]
            .search([("direct_debit_format", "!=", False)])
            .mapped("direct_debit_format")
        )
        # sudo: whether a person can be debited decides how the billing run sends their
        # invoice; nothing of the mandate is shown
        mandates = (
            self.env["account.banking.mandate"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("format", "in", formats),
                    ("state", "=", "valid"),
                ],
                ["partner_id"],
            )
        )
        return set(mandates.partner_id.ids)

    def _billing_routes(self, default_channel, company=None):
        company = company or self.env.company
        payers = self._direct_debit_payers(company)
        return {
            partner.id: partner.with_context(
                direct_debit_payer=partner.id in payers
            )._billing_route(default_channel, company)
            for partner in self
        }

    def _billing_route(self, default_channel, company=None):
        """Direct debit, for a payer with a valid mandate with the invoicing unit: the
        invoice is debited and e-mailed as a notice of the debit. Without a mandate, the
        invoice goes by e-mail (or on paper) and the run warns."""
        # sudo: the invoicing unit's value, as account_billing_run reads it
        own = self.sudo().with_company(company or self.env.company).billing_channel
        if (own or default_channel) != "direct_debit":
            return super()._billing_route(default_channel, company)
        payer = self.env.context.get("direct_debit_payer")
        if payer is None:
            payer = self.id in self._direct_debit_payers(company or self.env.company)
        if payer:
            return "direct_debit", "" if self.email else _(
                "No e-mail address: no notice of the debit"
            )
        channel, warning = self._billing_fallback("email")
        warning = "; ".join(filter(None, [_("No valid direct-debit mandate"), warning]))
        return channel, warning
