from odoo import models


class MembershipLine(models.Model):
    _inherit = "membership.membership_line"

    def _to_invoice(self):
        """Members whose dues an employer deducts are not invoiced when they join: their
        dues are on the employer's invoice."""
        lines = super()._to_invoice()
        Employment = self.env["payroll.employment"]
        deducted = set()
        for period in lines.period_id:
            deducted |= {
                (period.id, partner_id)
                for partner_id in Employment._deducted_partner_ids(
                    period.company_id, period.date_start, period.date_end
                )
            }
        return lines.filtered(lambda line: (line.period_id.id, line.partner.id) not in deducted)
