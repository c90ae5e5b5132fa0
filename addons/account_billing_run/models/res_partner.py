from odoo import _, fields, models

BILLING_CHANNELS = [
    ("email", "E-mail with PDF"),
    ("portal", "Portal (pay by card)"),
    ("paper", "Paper"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    billing_channel = fields.Selection(
        BILLING_CHANNELS,
        string="Invoices by",
        help="How billing runs send this person's invoices. Empty: as the run says. A run "
        "falls back to paper when the channel cannot be used (no e-mail address, no portal "
        "access) and warns about it.",
    )

    def _billing_has_postal_address(self):
        self.ensure_one()
        return bool(self.street and self.zip and self.city)

    def _increase_rank(self, field, n=1):
        # Billing runs post hundreds of invoices for different customers at once; Odoo
        # raises each customer's rank with one query per invoice. The run collects them and
        # raises all ranks with one query per distinct count afterwards.
        deferred = self.env.context.get("billing_defer_rank")
        if deferred is not None:
            deferred[(field, n)].update(self.ids)
            return
        super()._increase_rank(field, n)

    def _billing_route(self, default_channel):
        """``(channel, warning)`` for this recipient: their own choice or
        ``default_channel``, falling back to e-mail without portal access and to paper
        without an e-mail address; the warning says so (empty string: none)."""
        self.ensure_one()
        channel = self.billing_channel or default_channel
        warnings = []
        if channel == "portal" and not self.user_ids.filtered("share"):
            warnings.append(_("No portal access: sent by e-mail"))
            channel = "email"
        if channel in ("email", "portal") and not self.email:
            warnings.append(_("No e-mail address: sent on paper"))
            channel = "paper"
        if channel == "paper" and not self._billing_has_postal_address():
            warnings.append(_("Incomplete postal address"))
        return channel, "; ".join(warnings)
