from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount


class CreditControlPolicyLevel(models.Model):
    _inherit = "credit.control.policy.level"

    send_email = fields.Boolean(
        "E-mail", default=True, help="The reminder is e-mailed with the invoices attached."
    )
    send_sms = fields.Boolean(
        "SMS", help="A text message is sent as well, to people with a mobile number."
    )
    send_letter = fields.Boolean(
        "Letter",
        help="A letter is printed in the run's letter batch for everybody; without it, "
        "only for people without an e-mail address.",
    )
    channel = fields.Selection(default="email")
    email_template_id = fields.Many2one(
        default=lambda self: self.env.ref(
            "account_dunning.mail_template_reminder", raise_if_not_found=False
        )
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS text",
        domain=[("model", "=", "credit.control.communication")],
        default=lambda self: self.env.ref(
            "account_dunning.sms_template_reminder", raise_if_not_found=False
        ),
    )
    fee_product_id = fields.Many2one(
        "product.product",
        string="Reminder fee",
        help="Charged once per reminder (whatever the number of invoices it covers), booked "
        "as income on the person's receivable with an invoice of its own.",
    )
    fee_amount = fields.Monetary("Fee", currency_field="fee_currency_id")
    fee_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fee_currency_id", string="Fee currency"
    )
    fee_payment_days = fields.Integer(
        "Fee due after (days)", default=10, help="Due date of the fee invoice."
    )
    mark_in_arrears = fields.Boolean(
        "In arrears",
        help="After this reminder the person counts as in arrears with the organisation "
        "until the invoice is paid: course registration is refused, check-in warns.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        levels._sync_channel()
        return levels

    def write(self, vals):
        result = super().write(vals)
        if {"send_email", "send_letter"} & vals.keys():
            self._sync_channel()
        return result

    def _sync_channel(self):
        """OCA's single channel of a level: the first one of ours (its lines fall back to
        a letter for people without an e-mail address)."""
        for level in self:
            channel = "email" if level.send_email or not level.send_letter else "letter"
            if level.channel != channel:
                level.channel = channel

    @api.depends("policy_id.company_id")
    def _compute_fee_currency_id(self):
        for level in self:
            level.fee_currency_id = (level.policy_id.company_id or self.env.company).currency_id

    @api.constrains("email_template_id", "sms_template_id")
    def _check_templates(self):
        """A level's texts are rendered on its reminders, by the daily job for every
        organisation: a template of another model (or attaching another model's reports)
        would render other records than the reminder's."""
        model = "credit.control.communication"
        for level in self:
            mail, sms = level.email_template_id, level.sms_template_id
            wrong = (mail and mail.model != model) or (sms and sms.model != model)
            if wrong or any(report.model != model for report in mail.report_template_ids):
                raise ValidationError(
                    _(
                        "Level %s: its e-mail and SMS texts must be templates of reminders "
                        "(and attach reports of reminders only).",
                        level.name,
                    )
                )

    @api.onchange("fee_product_id")
    def _onchange_fee_product_id(self):
        if self.fee_product_id and not self.fee_amount:
            self.fee_amount = self.fee_product_id.lst_price

    @api.constrains(
        "fee_product_id", "fee_amount", "delay_days", "computation_mode", "level", "policy_id"
    )
    def _check_fee_cap(self):
        """A policy whose fees the law does not allow is refused, with the reason."""
        for policy in self.policy_id:
            fee_levels = policy.level_ids.filtered(lambda lvl: lvl.fee_product_id)
            if not fee_levels:
                continue
            country = policy._dunning_country()
            cap = self.env["account.dunning.fee.cap"]._cap_for(
                country, fields.Date.context_today(self)
            )
            if not cap:
                raise ValidationError(
                    _(
                        "Policy %(policy)s: no legal maximum of reminder fees is known for "
                        "%(country)s, so no fee can be charged (Configuration > Reminders > "
                        "Reminder fee caps).",
                        policy=policy.name,
                        country=country.name or _("the organisation's country"),
                    )
                )
            if cap.requires_agreement and not policy.fee_agreed:
                raise ValidationError(
                    _(
                        "Policy %(policy)s: in %(country)s a reminder fee may only be charged "
                        "when it was agreed no later than when the debt arose "
                        "(%(law)s). Tick “Reminder fees agreed in advance” once your terms "
                        "say so.",
                        policy=policy.name,
                        country=country.name,
                        law=cap.legal_reference,
                    )
                )
            if cap.max_fees_per_invoice and len(fee_levels) > cap.max_fees_per_invoice:
                raise ValidationError(
                    _(
                        "Policy %(policy)s: %(count)s levels charge a fee, but in %(country)s "
                        "at most %(max)s reminders of one invoice may carry a fee "
                        "(%(law)s).",
                        policy=policy.name,
                        count=len(fee_levels),
                        country=country.name,
                        max=cap.max_fees_per_invoice,
                        law=cap.legal_reference,
                    )
                )
            for level in fee_levels:
                if level.fee_amount <= 0:
                    raise ValidationError(
                        _("Level %s charges a fee: enter its amount.", level.name)
                    )
                if level.fee_currency_id.compare_amounts(level.fee_amount, cap.amount) > 0:
                    raise ValidationError(
                        _(
                            "Level %(level)s: the fee %(fee)s is above the legal maximum of "
                            "%(cap)s in %(country)s (%(law)s).",
                            level=level.name,
                            fee=format_amount(self.env, level.fee_amount, level.fee_currency_id),
                            cap=format_amount(self.env, cap.amount, cap.currency_id),
                            country=country.name,
                            law=cap.legal_reference,
                        )
                    )
                days = policy._check_level_cumulated_days(level)
                if days < cap.min_days_after_due:
                    raise ValidationError(
                        _(
                            "Level %(level)s: it is sent %(days)s days after the due date, but "
                            "in %(country)s a reminder with a fee may be sent %(min)s days "
                            "after the due date at the earliest (%(law)s).",
                            level=level.name,
                            days=days,
                            country=country.name,
                            min=cap.min_days_after_due,
                            law=cap.legal_reference,
                        )
                    )

    def _fee_for(self, lines):
        """The fee this level charges on a reminder of ``lines``, within the legal cap of
        each invoice (the cap that applies is the one of the invoice's due date)."""
        self.ensure_one()
        if not self.fee_product_id:
            return 0.0
        country = self.policy_id._dunning_country()
        if not country:
            return 0.0
        # the country's caps, newest first, read once for all the lines
        caps = self.env["account.dunning.fee.cap"].search(
            [("country_id", "=", country.id)], order="date_from desc"
        )
        amounts = [self.fee_amount]
        for day in set(lines.mapped("date_due")):
            cap = next((cap for cap in caps if cap.date_from <= day), None)
            if cap is None:
                return 0.0  # due before any rule known: no fee
            amounts.append(cap.amount)
        return min(amounts)
