from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountDunningFeeCap(models.Model):
    """The legal maximum of a reminder fee in one country from a date on: the law's
    figure, or a fraction of a base rate (Norway: a share of the *inkassosats*). Data, kept
    up to date when the law or the rate changes; which figure applies to an invoice is
    decided by its due date."""

    _name = "account.dunning.fee.cap"
    _description = "Reminder fee cap"
    _order = "country_id, date_from desc"

    country_id = fields.Many2one("res.country", required=True, index=True)
    date_from = fields.Date(
        "Valid from",
        required=True,
        help="The cap applies to invoices due on or after this date.",
    )
    currency_id = fields.Many2one("res.currency", required=True)
    base_amount = fields.Monetary(
        "Base rate",
        help="The rate the cap is derived from, when the law derives it (Norway: the inkassosats).",
    )
    base_divisor = fields.Integer(
        "Divisor",
        help="The cap is the base rate divided by this (Norway since 1 October 2020: 20).",
    )
    amount = fields.Monetary(
        "Maximum fee",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="The highest reminder fee the law allows per reminder.",
    )
    min_days_after_due = fields.Integer(
        "Earliest day after the due date",
        default=1,
        help="A reminder carrying a fee may be sent this many days after the due date at the "
        "earliest.",
    )
    max_fees_per_invoice = fields.Integer(
        "Fees per invoice",
        help="How many reminders of one invoice may carry a fee (0: no limit).",
    )
    requires_agreement = fields.Boolean(
        "Agreed in advance",
        help="The fee may only be charged when it was agreed with the debtor no later than "
        "when the debt arose (Sweden).",
    )
    legal_reference = fields.Char("Legal reference", help="The law and its section.")
    source_url = fields.Char("Source")

    _sql_constraints = [
        (
            "country_date_unique",
            "UNIQUE (country_id, date_from)",
            "A country has one reminder fee cap per date.",
        ),
        ("amount_positive", "CHECK (amount >= 0)", "A fee cap cannot be negative."),
    ]

    @api.depends("base_amount", "base_divisor", "currency_id")
    def _compute_amount(self):
        for cap in self:
            if cap.base_amount and cap.base_divisor:
                cap.amount = cap.currency_id.round(cap.base_amount / cap.base_divisor)
            elif not cap.amount:
                cap.amount = 0.0

    @api.constrains("base_divisor")
    def _check_base_divisor(self):
        if any(cap.base_divisor < 0 for cap in self):
            raise ValidationError(_("The divisor of a fee cap cannot be negative."))

    @api.model
    def _cap_for(self, country, day):
        """The cap of ``country`` for an invoice due on ``day`` (empty: no rule known, no
        fee allowed)."""
        if not country:
            return self.browse()
        return self.search(
            [("country_id", "=", country.id), ("date_from", "<=", day)],
            order="date_from desc",
            limit=1,
        )
