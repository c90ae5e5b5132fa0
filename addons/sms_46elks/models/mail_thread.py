from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def message_post(self, **kwargs):
        """An SMS is sent for an organisation the user works in only: the organisation a
        message is written for (``record_company_id``) is a parameter of every document's
        ``message_post``, and its SMS provider's account pays. Checked before the message is
        written: a scheduled message is notified later by the superuser."""
        if kwargs.get("message_type") == "sms" or kwargs.get("sms_numbers"):
            self.env["res.company"]._sms_46elks_check_user_sends_for(
                self._sms_46elks_message_company(kwargs)
            )
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        """As ``message_post``: a notification may be sent to phone numbers too."""
        if kwargs.get("sms_numbers"):
            self.env["res.company"]._sms_46elks_check_user_sends_for(
                self._sms_46elks_message_company(kwargs)
            )
        return super().message_notify(**kwargs)

    def _sms_46elks_message_company(self, kwargs):
        """The organisation a message posted with ``kwargs`` is written for: the one given,
        else the document's (as ``message_post`` sets it)."""
        if "record_company_id" in kwargs:
            return self.env["res.company"].browse(kwargs["record_company_id"])
        if not self:
            return self.env["res.company"]
        self.ensure_one()
        return self._mail_get_companies(default=self.env.company)[self.id]

    def _notify_thread_by_sms(self, message, recipients_data, msg_vals=False, **kwargs):
        """Whatever posted the message (a notification, the resend of a failed SMS), its SMS
        are sent for an organisation the user works in only."""
        sends_sms = kwargs.get("sms_numbers") or any(
            recipient["notif"] == "sms" for recipient in recipients_data
        )
        if sends_sms:
            # sudo: the organisation of the message is read to check the user's right only
            self.env["res.company"]._sms_46elks_check_user_sends_for(
                message.sudo().record_company_id
            )
        return super()._notify_thread_by_sms(message, recipients_data, msg_vals=msg_vals, **kwargs)
