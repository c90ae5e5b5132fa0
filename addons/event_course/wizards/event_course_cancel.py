from odoo import _, api, fields, models


class EventCourseCancel(models.TransientModel):
    """Staff cancel a course registration by the course's terms, seeing the fee first."""

    _name = "event.course.cancel"
    _description = "Cancel a course registration"

    registration_id = fields.Many2one(
        "event.registration", string="Registration", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="registration_id.course_currency_id")
    tier = fields.Char(string="Terms of today", compute="_compute_cancellation")
    course_amount = fields.Monetary(string="Course fee invoiced", compute="_compute_cancellation")
    fee = fields.Monetary(string="Cancellation fee", compute="_compute_cancellation")
    credit = fields.Monetary(string="Credited", compute="_compute_cancellation")
    invoice_paid = fields.Monetary(
        string="Paid on the invoice",
        compute="_compute_cancellation",
        help="What the payer has paid (or paid with credit) on the invoice so far.",
    )
    refund = fields.Boolean(
        string="Pay the money back",
        help="What was paid and is credited is paid back to the payer (an accountant "
        "registers the refund on the credit note). Otherwise it stays as their credit, "
        "used on their next registration.",
    )

    @api.depends("registration_id")
    def _compute_cancellation(self):
        for wizard in self:
            registration = wizard.registration_id
            cancellation = registration._course_cancellation()
            # sudo: the totals of the registration's own invoice, shown to staff cancelling
            invoice = registration.sudo().course_invoice_id
            wizard.tier = cancellation["tier"].name or _("free cancellation")
            wizard.course_amount = cancellation["course_amount"]
            wizard.fee = cancellation["fee"]
            wizard.credit = cancellation["credit"]
            wizard.invoice_paid = invoice.amount_total - invoice.amount_residual

    def action_confirm(self):
        self.ensure_one()
        credit_note = self.registration_id._course_cancel(refund=self.refund)
        if not credit_note or not self.env.user.has_group("account.group_account_invoice"):
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit_note.id,
            "view_mode": "form",
        }
