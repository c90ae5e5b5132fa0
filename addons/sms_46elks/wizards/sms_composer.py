from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _prepare_mass_sms_values(self, records):
        """An SMS sent to many records goes through the SMS provider of each record's
        organisation."""
        results = super()._prepare_mass_sms_values(records)
        for record in records:
            company = self.env.company
            if "company_id" in record._fields and record.company_id:
                company = record.company_id
            elif "record_company_id" in record._fields and record.record_company_id:
                company = record.record_company_id
            results[record.id]["record_company_id"] = company.id
        return results
