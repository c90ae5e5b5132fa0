from odoo import _, fields, models

BILLING_CHANNELS = [
    ("email", "E-mail with PDF"),
    ("portal", "Portal (pay by card)"),
    ("paper", "Paper"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per organisation unit: a person shared by two organisations gets each one's invoices
    # the way that organisation agreed with them (one cannot change how the other bills).
    billing_channel = fields.Selection(
        BILLING_CHANNELS,
        string="Invoices by",
        company_dependent=True,
        help="How your organisation's billing runs send this person's invoices (each "
        "organisation unit sets its own). Empty: as the run says. A run falls back to paper "
        "when the channel cannot be used (no e-mail address, no portal access) and warns "
        "about it.",
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

    def _billing_routes(self, default_channel, company=None):
        """``{partner id: (channel, warning)}`` of these recipients (see
        :meth:`_billing_route`); channel modules prefetch what they check here."""
        return {partner.id: partner._billing_route(default_channel, company) for partner in self}

    def _billing_route(self, default_channel, company=None):
        """``(channel, warning)`` for this recipient: their own choice with the invoicing
        organisation unit ``company`` (default: the current one) or
        ``default_channel``, falling back to e-mail without portal access and to paper
        without an e-mail address; the warning says so (empty string: none)."""
        self.ensure_one()
        # sudo: the invoicing unit's value, whatever the company switcher shows (the caller
        # bills this person for that unit)
        own = self.sudo().with_company(company or self.env.company).billing_channel
        return self._billing_fallback(own or default_channel)

    def _billing_fallback(self, channel):
        """``(channel, warning)``: ``channel`` if this recipient can get it, else the
        fallback (portal → e-mail → paper) with the reason."""
        self.ensure_one()
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
