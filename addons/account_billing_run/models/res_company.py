from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    billing_journal_id = fields.Many2one(
        "account.journal",
        string="Billing journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of billing runs and automatic invoices of this organisation "
        "unit (its invoice numbering, bank account, OCR/KID references). Empty: the unit's "
        "first sales journal.",
    )
    billing_payment_days = fields.Integer(
        string="Days to pay",
        default=30,
        help="Due date of automatic invoices (new members), in days after the invoice date.",
    )

    def _billing_journal(self):
        self.ensure_one()
        Journal = self.env["account.journal"]
        return (
            self.billing_journal_id
            or Journal.search([("company_id", "=", self.id), ("type", "=", "sale")], limit=1)
            or Journal.search(
                [*Journal._check_company_domain(self), ("type", "=", "sale")], limit=1
            )
        )
