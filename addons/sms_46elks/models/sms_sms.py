from collections import defaultdict

from odoo import api, fields, models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    record_company_id = fields.Many2one(
        "res.company",
        "Organisation",
        ondelete="set null",
        help="The organisation the SMS is sent for; its SMS provider sends it.",
    )
    sms_46elks_id = fields.Char(
        "46elks Message ID", readonly=True, copy=False, index="btree_not_null"
    )
    failure_reason = fields.Text(readonly=True, copy=False)
    failure_type = fields.Selection(selection_add=[("sms_not_delivered", "Not Delivered")])

    @api.model_create_multi
    def create(self, vals_list):
        """The organisation of an SMS is the one of its message (the company of the record
        written on: a reminder's, an invoice's; on a person the one the user works in, see
        ``res.partner.message_post``), else the current one."""
        message_ids = {
            vals["mail_message_id"]
            for vals in vals_list
            if vals.get("mail_message_id") and not vals.get("record_company_id")
        }
        # sudo: only the organisation of the messages these SMS are created for is read
        message_companies = {
            message.id: message.record_company_id.id
            for message in self.env["mail.message"].sudo().browse(message_ids)
        }
        for vals in vals_list:
            vals["record_company_id"] = (
                vals.get("record_company_id")
                or message_companies.get(vals.get("mail_message_id"))
                or self.env.company.id
            )
        return super().create(vals_list)

    # -- sending ----------------------------------------------------------------------------
    def _get_sms_company(self):
        return self.record_company_id or super()._get_sms_company()

    def _split_by_api(self):
        """46elks or Odoo's IAP, per organisation: each organisation has its own account."""
        sms_by_company = defaultdict(lambda: self.browse())
        for sms in self:
            sms_by_company[sms._get_sms_company()] |= sms
        via_super = self.browse()
        for company, company_sms in sms_by_company.items():
            if company.sms_provider == "46elks":
                sms_api = company._get_sms_api_class()(self.env)
                sms_api._set_company(company)
                # numbers written without a country prefix are read in the person's country
                sms_api._set_number_regions(
                    {
                        sms.uuid: sms.partner_id.country_id.code
                        for sms in company_sms
                        if sms.partner_id.country_id
                    }
                )
                yield sms_api, company_sms
            else:
                via_super |= company_sms
        if via_super:
            yield from super(SmsSms, via_super)._split_by_api()

    def _get_batch_size(self):
        # 46elks is called once per SMS: smaller batches so that the SMS queue commits what
        # was sent more often
        if any(company.sms_provider == "46elks" for company in self._get_sms_company()):
            param = (
                self.env["ir.config_parameter"].sudo().get_param("sms_46elks.session.batch.size")
            )
            return int(param or 50)
        return super()._get_batch_size()

    def _handle_call_result_hook(self, results):
        """Keep 46elks' message id (on the SMS and on its tracker, which outlives the SMS)
        for the delivery reports, and the reason of a failure on the SMS."""
        elks_sms = self.filtered(lambda sms: sms._get_sms_company().sms_provider == "46elks")
        sms_by_uuid = elks_sms.grouped("uuid")
        trackers_by_uuid = (
            self.env["sms.tracker"]
            .sudo()
            .search([("sms_uuid", "in", list(sms_by_uuid))])
            .grouped("sms_uuid")
        )
        for result in results:
            sms = sms_by_uuid.get(result.get("uuid"))
            if not sms:
                continue
            elks_id = result.get("sms_46elks_id") or False
            sms.write(
                {"sms_46elks_id": elks_id, "failure_reason": result.get("failure_reason") or False}
            )
            tracker = trackers_by_uuid.get(sms.uuid)
            if tracker and elks_id:
                # the organisation whose account sent it: only its delivery reports reach it
                tracker.write(
                    {"sms_46elks_id": elks_id, "sms_46elks_company_id": sms._get_sms_company().id}
                )
        super(SmsSms, self - elks_sms)._handle_call_result_hook(results)
