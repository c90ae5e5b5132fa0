from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def message_post(self, **kwargs):
        """An SMS written on a person goes through the SMS provider and account of the
        organisation the user works in (``with_company`` for another), never through the
        person's own company: a person may be shared by several organisations, and the one
        that writes pays and gets the delivery reports (so too for a note sent to phone
        numbers)."""
        sends_sms = kwargs.get("message_type") == "sms" or kwargs.get("sms_numbers")
        if sends_sms and not kwargs.get("record_company_id"):
            kwargs["record_company_id"] = self.env.company.id
        return super().message_post(**kwargs)
