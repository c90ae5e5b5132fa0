import secrets

from werkzeug.urls import url_join

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.sms_api import SmsApi46elks, is_valid_sender


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_provider = fields.Selection(
        string="SMS Provider",
        selection=[
            ("iap", "Send via Odoo"),
            ("46elks", "Send via 46elks"),
        ],
        default="iap",
        required=True,
    )
    sms_46elks_api_username = fields.Char("46elks API Username", groups="base.group_system")
    sms_46elks_api_password = fields.Char("46elks API Password", groups="base.group_system")
    sms_46elks_sender = fields.Char(
        "46elks Sender",
        groups="base.group_system",
        help="What recipients see as the sender: a name of 3 to 11 letters and digits "
        "starting with a letter (recipients cannot answer it), or a phone number of the "
        "46elks account in E.164 (+46...).",
    )
    sms_46elks_webhook_secret = fields.Char(
        "46elks Delivery Report Secret",
        groups="base.group_system",
        copy=False,
        default=lambda self: self._sms_46elks_new_secret(),
        help="Part of the address 46elks posts delivery reports to; a report with another "
        "secret is refused.",
    )

    @api.model
    def _sms_46elks_new_secret(self):
        return secrets.token_urlsafe(32)

    @api.constrains("sms_46elks_sender")
    def _check_sms_46elks_sender(self):
        for company in self.sudo():
            sender = company.sms_46elks_sender
            if sender and not is_valid_sender(sender):
                raise ValidationError(
                    _(
                        "The 46elks sender %(sender)s of %(company)s is not valid: use a name of "
                        "3 to 11 letters (a-z, no å, ä, ö) and digits starting with a letter, "
                        "or a phone number in E.164 such as +46701234567.",
                        sender=sender,
                        company=company.name,
                    )
                )

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.sms_provider == "46elks":
            return SmsApi46elks
        return super()._get_sms_api_class()

    def _sms_46elks_status_url(self):
        """The address 46elks posts this organisation's delivery reports to."""
        self.ensure_one()
        # sudo: the secret is a system administrators' field; it only goes to 46elks
        secret = self.sudo().sms_46elks_webhook_secret
        return url_join(self.get_base_url(), f"/sms_46elks/status/{self.id}/{secret}")
