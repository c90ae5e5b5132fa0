from odoo import models, tools


class ReportMembership(models.Model):
    """Core's membership analysis, one row per membership row (person, organisation,
    period) instead of per person: core reads the person's single status across every
    organisation. Rows belong to their organisation (record rule), so staff analyse their
    own register only."""

    _inherit = "report.membership"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT ml.id AS id,
                       ml.partner AS partner_id,
                       1 AS quantity,
                       p.user_id AS user_id,
                       ml.state AS membership_state,
                       p.associate_member AS associate_member_id,
                       ml.date_from AS start_date,
                       ml.date_to AS date_to,
                       CASE WHEN ml.state = 'waiting' THEN 1 ELSE 0 END AS num_waiting,
                       CASE WHEN ml.state = 'invoiced' THEN 1 ELSE 0 END AS num_invoiced,
                       CASE WHEN ml.state = 'paid' THEN 1 ELSE 0 END AS num_paid,
                       CASE WHEN ml.state IN ('waiting', 'invoiced')
                            THEN COALESCE(aml.price_subtotal, 0) ELSE 0 END AS tot_pending,
                       CASE WHEN ml.state = 'paid'
                            THEN COALESCE(aml.price_subtotal, 0) ELSE 0 END AS tot_earned,
                       ml.membership_id AS membership_id,
                       ml.company_id AS company_id
                  FROM membership_membership_line ml
                  JOIN res_partner p ON p.id = ml.partner
             LEFT JOIN account_move_line aml ON aml.id = ml.account_invoice_line
                 WHERE p.active AND ml.state != 'none'
            )
            """
        )
