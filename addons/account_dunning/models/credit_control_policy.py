from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError


class CreditControlPolicy(models.Model):
    _inherit = "credit.control.policy"

    company_id = fields.Many2one(default=lambda self: self.env.company)
    fee_agreed = fields.Boolean(
        "Reminder fees agreed in advance",
        help="The terms the members accepted (membership terms, course terms) say that a "
        "reminder costs a fee. Swedish law allows a reminder fee only then.",
    )
    auto_send = fields.Boolean(
        "Send every day",
        default=True,
        help="The daily job sends what is due without waiting for a person to confirm. "
        "Without it, the daily job prepares a run to check and send by hand.",
    )

    @api.model
    def _dunning_archive_global_policies(self):
        """OCA's example policies belong to no organisation, so every organisation's
        accountants could change them: archived at installation (and unset as default),
        each organisation makes its own."""
        policies = self.search([("company_id", "=", False)])
        self.env["res.company"].search([("credit_policy_id", "in", policies.ids)]).write(
            {"credit_policy_id": False}
        )
        policies.active = False

    @api.constrains("company_id", "fee_agreed", "level_ids")
    def _check_fee_caps(self):
        for policy in self:
            policy.level_ids._check_fee_cap()

    def _move_lines_domain(self, credit_control_run):
        # fee invoices are not reminded, invoices on hold (a direct-debit collection
        # running, a person's agreement) neither
        return (
            super()._move_lines_domain(credit_control_run)
            + self.env["account.move"]._dunning_remindable_line_domain()
        )

    def _dunning_country(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return company.country_id or company.account_fiscal_country_id

    def _check_level_cumulated_days(self, level):
        """Days after the due date at which ``level`` is sent at the earliest."""
        self.ensure_one()
        days = 0
        for each in self.level_ids.sorted("level"):
            if each.computation_mode == "previous_date":
                days += each.delay_days
            else:
                days = each.delay_days
            if each == level:
                return days
        raise ValidationError(_("Level %s is not a level of this policy.", level.name))

    @api.model
    def _dunning_demo_policy(self, company_ids):
        """Demo data: the reminder policy of a demo organisation, by its country's rules:
        a first reminder by e-mail and SMS, a second one by e-mail and letter that puts the
        person in arrears; fees within the legal cap."""
        for company in self.env["res.company"].browse(company_ids):
            receivable = self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(company),
                    ("account_type", "=", "asset_receivable"),
                ]
            )
            if not receivable or company.credit_policy_id.company_id == company:
                continue
            norway = company.country_id.code == "NO"
            fee = self.env["product.product"].create(
                {
                    "name": "Purregebyr" if norway else "Påminnelseavgift",
                    "type": "service",
                    "list_price": 35 if norway else 60,
                    "taxes_id": [Command.clear()],
                    "company_id": company.id,
                }
            )
            first = {
                "name": "1. purring" if norway else "Påminnelse",
                "level": 1,
                "computation_mode": "net_days",
                "delay_days": 14 if norway else 10,
                "send_email": True,
                "send_sms": True,
                "custom_text": "Vi har ikke mottatt betaling for fakturaen nedenfor."
                if norway
                else "Vi har inte fått betalt för fakturan nedan.",
                "custom_mail_text": "<p>Vi har ikke mottatt betaling for fakturaen nedenfor.</p>"
                if norway
                else "<p>Vi har inte fått betalt för fakturan nedan.</p>",
                "fee_product_id": fee.id,
                "fee_amount": fee.list_price,
            }
            second = {
                **first,
                "name": "2. purring og inkassovarsel" if norway else "Andra påminnelse",
                "level": 2,
                "computation_mode": "previous_date",
                "delay_days": 14,
                "send_sms": False,
                "send_letter": True,
                "mark_in_arrears": True,
                "fee_product_id": fee.id if norway else False,
                "fee_amount": fee.list_price if norway else 0.0,
            }
            policy = self.create(
                {
                    "name": "Purringer" if norway else "Påminnelser",
                    "company_id": company.id,
                    "account_ids": [Command.set(receivable.ids)],
                    "fee_agreed": True,
                    "level_ids": [Command.create(first), Command.create(second)],
                }
            )
            company.credit_policy_id = policy
