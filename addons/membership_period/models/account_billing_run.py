from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountBillingRun(models.Model):
    _inherit = "account.billing.run"

    source = fields.Selection(
        selection_add=[("membership", "Membership dues")], ondelete={"membership": "cascade"}
    )
    membership_period_id = fields.Many2one(
        "membership.period",
        string="Membership period",
        check_company=True,
        help="Dues of every membership of this period that has a fee and no invoice yet.",
    )

    @api.depends("membership_period_id")
    def _compute_source_key(self):
        super()._compute_source_key()
        for run in self:
            if run.source == "membership":
                run.source_key = (
                    f"membership:{run.membership_period_id.id}"
                    if run.membership_period_id
                    else False
                )

    def _billing_memberships(self):
        self.ensure_one()
        return self.env["membership.membership_line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_id", "=", self.membership_period_id.id),
                ("free", "=", False),
                ("member_price", ">", 0),
                ("account_invoice_line", "=", False),
                ("partner.active", "=", True),
            ],
            order="id",
        )

    def _billing_collect_membership(self):
        if not self.membership_period_id:
            raise UserError(_("Choose the membership period whose dues run %s bills.", self.name))
        lines = self._billing_memberships()
        lines.fetch(["partner", "membership_id", "member_price", "period_id"])
        return [
            {
                "partner_id": line.partner.id,
                "product_id": line.membership_id.id,
                "name": line._invoice_text(),
                "amount": line.member_price,
                "billing_key": line._billing_key(),
                "res_model": line._name,
                "res_id": line.id,
            }
            for line in lines
        ]

    def _billing_invoiced_membership(self, lines):
        Membership = self.env["membership.membership_line"]
        wrong = lines.filtered(lambda line: line.res_model != Membership._name)
        invoice_lines = {line.res_id: line.invoice_id.invoice_line_ids[:1].id for line in lines}
        memberships = Membership.browse(invoice_lines).exists()
        if (
            wrong
            or len(memberships) != len(invoice_lines)
            or memberships.filtered(
                lambda m: m.company_id != self.company_id or m.partner not in lines.partner_id
            )
        ):
            raise UserError(
                _("Run %s refers to memberships that are not its organisation's.", self.name)
            )
        memberships._link_invoice_lines(invoice_lines)
