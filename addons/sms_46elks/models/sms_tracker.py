from odoo import fields, models


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    sms_46elks_id = fields.Char("46elks Message ID", readonly=True, index="btree_not_null")
    sms_46elks_company_id = fields.Many2one(
        "res.company",
        "46elks Organisation",
        readonly=True,
        ondelete="cascade",
        help="The organisation whose 46elks account sent the SMS: only its delivery reports "
        "may update it.",
    )
