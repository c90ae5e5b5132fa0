from odoo import fields, models


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
