from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .res_partner import BILLING_CHANNELS


class AccountBillingRunLine(models.Model):
    _name = "account.billing.run.line"
    _description = "Billing run recipient"
    _order = "run_id, id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "account.billing.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="run_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Recipient", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    name = fields.Char(string="Description", required=True, readonly=True)
    amount = fields.Monetary(readonly=True)
    channel = fields.Selection(BILLING_CHANNELS, required=True, readonly=True)
    warning = fields.Char(readonly=True)
    billing_key = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="Source model", readonly=True)
    res_id = fields.Many2oneReference(string="Source", model_field="res_model", readonly=True)
    error = fields.Text(
        readonly=True,
        help="Why this recipient could not be invoiced (the others were); fix it, then Resume.",
    )
    invoice_ids = fields.One2many(
        "account.move", "billing_run_line_id", string="Invoices", readonly=True
    )
    invoice_id = fields.Many2one(
        "account.move",
        compute="_compute_invoice_id",
        search="_search_invoice_id",
        string="Invoice",
        compute_sudo=True,
    )
    payment_state = fields.Selection(
        lambda self: self.env["account.move"]._fields["payment_state"].selection,
        compute="_compute_invoice_id",
        string="Payment",
        compute_sudo=True,
    )

    _sql_constraints = [
        (
            "billing_key_unique",
            "unique(run_id, billing_key)",
            "A run bills each thing (a membership, a subscription) once.",
        )
    ]

    # What a line bills and for whom is decided by the run's computation; nobody edits it
    # (a source record of another organisation could be marked invoiced otherwise).
    _PROTECTED_FIELDS = frozenset(
        (
            "run_id",
            "partner_id",
            "product_id",
            "name",
            "amount",
            "billing_key",
            "res_model",
            "res_id",
        )
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Recipients of a billing run are added by computing the run."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._PROTECTED_FIELDS.intersection(vals):
            raise AccessError(_("What a billing run bills is set by computing the run."))
        return super().write(vals)

    @api.depends("invoice_ids.state", "invoice_ids.payment_state")
    def _compute_invoice_id(self):
        for line in self:
            line.invoice_id = line.invoice_ids.filtered(lambda move: move.state != "cancel")[:1]
            line.payment_state = line.invoice_id.payment_state

    def _search_invoice_id(self, operator, value):
        return [("invoice_ids", operator, value)]
