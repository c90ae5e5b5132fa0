from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    course_event_id = fields.Many2one(
        "event.event",
        string="Course",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The course whose fee (or discount) this invoice line is.",
    )
