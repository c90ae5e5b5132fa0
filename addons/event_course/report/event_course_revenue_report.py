from odoo import api, fields, models
from odoo.tools import SQL


class EventCourseRevenueReport(models.Model):
    """The posted invoice and credit note lines of courses (fees, discounts, cancellations
    and their fees), one row each, with the course's category and term: the revenue per
    course and category net of discounts and credit notes."""

    _name = "event.course.revenue.report"
    _description = "Course revenue"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "event_id"
    _depends = {
        "account.move.line": [
            "company_id",
            "course_event_id",
            "date",
            "move_id",
            "account_id",
            "company_currency_id",
            "balance",
            "parent_state",
            "display_type",
        ],
        "account.move": ["move_type", "commercial_partner_id"],
        "event.event": ["course_category_id", "term_id", "course_analytic_account_id"],
    }

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    event_id = fields.Many2one("event.event", string="Course", readonly=True)
    category_id = fields.Many2one("event.course.category", string="Category", readonly=True)
    term_id = fields.Many2one("membership.period", string="Term", readonly=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic account", readonly=True
    )
    date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit note")],
        string="Document",
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    account_id = fields.Many2one("account.account", string="Account", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(
        string="Revenue",
        readonly=True,
        help="Credit less debit in the organisation's currency: fees less discounts and "
        "credit notes.",
    )

    @api.depends("event_id", "move_id")
    def _compute_display_name(self):
        # sudo: the names of the row's course and invoice, for finance users who do not
        # read courses and managers who do not read invoices (as the pivot's groups show
        # them); the row's figures are theirs to read already
        for row in self:
            row.display_name = f"{row.event_id.sudo().name} – {row.move_id.sudo().name}"

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id,
                   l.company_id,
                   l.course_event_id AS event_id,
                   e.course_category_id AS category_id,
                   e.term_id,
                   e.course_analytic_account_id AS analytic_account_id,
                   l.date,
                   l.move_id,
                   m.move_type,
                   m.commercial_partner_id AS partner_id,
                   l.account_id,
                   l.company_currency_id AS currency_id,
                   -l.balance AS amount
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN event_event e ON e.id = l.course_event_id
             WHERE l.course_event_id IS NOT NULL
               AND l.parent_state = 'posted'
               AND l.display_type = 'product'
               AND m.move_type IN ('out_invoice', 'out_refund')
            """
        )
