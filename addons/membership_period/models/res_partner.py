from datetime import date

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    work_situation_id = fields.Many2one(
        "membership.work.situation",
        string="Work situation",
        help="Fee rules may depend on it (student, retired, unemployed ...).",
    )

    def _compute_membership_state(self):
        """Core's computation with the same result, from the membership rows (read for all
        partners at once) instead of three searches per partner: a billing run changes the
        status of thousands of members at a time."""
        today = fields.Date.today()
        for partner in self:
            owner_lines = (partner.associate_member or partner).member_lines
            active = owner_lines.filtered(lambda line: not line.date_cancel)
            starts = [line.date_from for line in active if line.date_from]
            stops = [line.date_to for line in active]
            cancels = [line.date_cancel for line in partner.member_lines if line.date_cancel]
            partner.membership_start = min(starts) if starts else False
            # core orders by date_to descending, where PostgreSQL puts an empty date first
            partner.membership_stop = False if not stops or not all(stops) else max(stops)
            partner.membership_cancel = min(cancels) if cancels else False
            if partner.associate_member:
                partner.membership_state = partner.associate_member.membership_state
                continue
            if partner.free_member and partner.membership_state != "paid":
                partner.membership_state = "free"
                continue
            state = partner._membership_state_on(today)
            if state:  # else left as it was, as core does
                partner.membership_state = state

    def _membership_state_on(self, today):
        self.ensure_one()
        for line in self.member_lines.sorted("id", reverse=True):  # core's row order
            date_from, date_to = line.date_from or date.min, line.date_to or date.min
            if date_to >= today and date_from <= today:
                return line.state
            if date_from < today and date_to <= today and date_from < date_to:
                if line.account_invoice_id.payment_state in ("in_payment", "paid"):
                    return "old"
                if line.account_invoice_id.state == "cancel":
                    return "canceled"
                return None
        return "none"
