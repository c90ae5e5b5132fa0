from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_provider = fields.Selection(related="company_id.sms_provider", readonly=False)
    sms_46elks_api_username = fields.Char(
        related="company_id.sms_46elks_api_username", readonly=False, groups="base.group_system"
    )
    sms_46elks_api_password = fields.Char(
        related="company_id.sms_46elks_api_password", readonly=False, groups="base.group_system"
    )
    sms_46elks_sender = fields.Char(
        related="company_id.sms_46elks_sender", readonly=False, groups="base.group_system"
    )
    sms_46elks_webhook_url = fields.Char(
        "46elks Delivery Report Address",
        compute="_compute_sms_46elks_webhook",
        groups="base.group_system",
        help="Where 46elks posts the organisation's delivery reports. Odoo gives it to 46elks "
        "with every SMS; it must be reachable from the internet (the system parameter "
        "web.base.url is its start).",
    )
    sms_46elks_webhook_previous_until = fields.Datetime(
        "Previous Secret Accepted Until",
        compute="_compute_sms_46elks_webhook",
        groups="base.group_system",
    )

    @api.depends("company_id")
    def _compute_sms_46elks_webhook(self):
        for settings in self:
            company = settings.company_id
            settings.sms_46elks_webhook_url = company._sms_46elks_status_url()
            settings.sms_46elks_webhook_previous_until = company._sms_46elks_previous_secret_until()

    def action_sms_46elks_regenerate_webhook_secret(self):
        """New delivery-report secret of the organisation (system administrators only: the
        settings and the secret are theirs)."""
        self.ensure_one()
        self.company_id._sms_46elks_regenerate_webhook_secret()
