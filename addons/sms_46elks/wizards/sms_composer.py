from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _prepare_mass_sms_values(self, records):
        """An SMS sent to many records goes through the SMS provider of each record's
        organisation, one the user works in (a record of another organisation the user may
        read is refused: its account would pay)."""
        companies = {record.id: self._sms_record_company(record) for record in records}
        Company = self.env["res.company"]
        Company._sms_46elks_check_user_sends_for(Company.union(*companies.values()))
        results = super()._prepare_mass_sms_values(records)
        for record in records:
            results[record.id]["record_company_id"] = companies[record.id].id
        return results

    def _sms_record_company(self, record):
        """The record's organisation, else the one the user works in. People are no
        organisation's own: an SMS to a person is sent by the organisation the user works
        in (as one written on them, see ``res.partner.message_post``)."""
        if record._name != "res.partner":
            if "company_id" in record._fields and record.company_id:
                return record.company_id
            if "record_company_id" in record._fields and record.record_company_id:
                return record.record_company_id
        return self.env.company
