from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# What a membership costs and how it is paid: set by the organisation's fee rules and its
# invoice; changed by hand only by people who may invoice (organisation staff register
# members, they neither set prices nor link invoices).
FEE_FIELDS = (
    "membership_id",
    "member_price",
    "fee_rule_id",
    "free",
    "account_invoice_line",
    "state",
    "date_cancel",
)


class MembershipLine(models.Model):
    """One row per person, organisation and period: the member register. Core membership
    rows created from invoices of membership products find their period by date."""

    _inherit = "membership.membership_line"
    _check_company_auto = True
    _order = "date_from desc, id desc"

    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        related=False,
        readonly=False,
        required=True,
        index=True,
        store=True,
        default=lambda self: self.env.company,
    )
    period_id = fields.Many2one(
        "membership.period",
        string="Period",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self._default_period(),
    )
    partner = fields.Many2one(string="Person")
    date = fields.Date(default=fields.Date.context_today)
    # core cascades: deleting a draft invoice (or its line) would delete the register row
    account_invoice_line = fields.Many2one(ondelete="set null", check_company=True)
    membership_id = fields.Many2one(
        compute="_compute_fee", store=True, readonly=False, precompute=True
    )
    member_price = fields.Float(compute="_compute_fee", store=True, readonly=False, precompute=True)
    fee_rule_id = fields.Many2one(
        "membership.fee.rule",
        string="Fee rule",
        compute="_compute_fee",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    free = fields.Boolean(compute="_compute_fee", store=True, readonly=False, precompute=True)
    can_edit_fee = fields.Boolean(
        compute="_compute_can_edit_fee", help="Whether the user may set the fee by hand."
    )
    age_band = fields.Char(compute="_compute_age_band", store=True, string="Age band")
    gender = fields.Selection(related="partner.gender", store=True)
    member_since = fields.Date(
        compute="_compute_member_since",
        help="Start of the first period this person was a member of the organisation.",
    )

    _sql_constraints = [
        (
            "partner_company_period_unique",
            "unique(partner, company_id, period_id)",
            "A person has one membership per organisation and period.",
        )
    ]

    @api.model
    def _default_period(self):
        if self.env.context.get("default_period_id"):
            return self.env.context["default_period_id"]
        return self.env["membership.period"]._find(
            self.env.company, fields.Date.context_today(self)
        )

    @api.depends("partner", "period_id", "date")
    def _compute_fee(self):
        groups = defaultdict(lambda: self.browse())
        for line in self:
            if line.partner and line.period_id:
                groups[(line.period_id, line.date or line.period_id.date_start)] |= line
        for (period, join_date), lines in groups.items():
            fees = self.env["membership.fee.rule"]._fees(lines.partner, period, join_date)
            for line in lines:
                rule, fee = fees[line.partner]
                line.fee_rule_id = rule
                line.membership_id = rule.product_id
                line.member_price = fee
                line.free = rule.free

    @api.depends_context("uid")
    def _compute_can_edit_fee(self):
        self.can_edit_fee = self.env.user.has_group("account.group_account_invoice")

    @api.depends("free")
    def _compute_state(self):
        invoiced = self.filtered("account_invoice_id")
        if invoiced:  # core's query needs at least one invoice
            super(MembershipLine, invoiced)._compute_state()
        for line in self - invoiced:
            line.state = "free" if line.free else "none"

    @api.depends("partner.birthdate", "period_id.date_start", "company_id.membership_age_bands")
    def _compute_age_band(self):
        for line in self:
            age = line.partner._age_on(line.period_id.date_start) if line.period_id else None
            line.age_band = line.company_id._membership_age_band(age)

    def _compute_member_since(self):
        since = {
            (partner.id, company.id): first
            for partner, company, first in self._read_group(
                [
                    ("partner", "in", self.partner.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("state", "!=", "canceled"),
                ],
                ["partner", "company_id"],
                ["date_from:min"],
            )
        }
        for line in self:
            line.member_since = since.get((line.partner.id, line.company_id.id))

    def _check_fee_access(self, vals_list):
        if self.env.su or self.env.user.has_group("account.group_account_invoice"):
            return
        fields_set = {name for vals in vals_list for name in FEE_FIELDS if name in vals}
        if fields_set:
            raise AccessError(
                _(
                    "Only people who may invoice can set the fee of a membership by hand "
                    "(%s); the organisation's fee rules set it otherwise.",
                    ", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(fields_set)
                    ),
                )
            )

    @api.constrains("partner")
    def _check_partner_visible(self):
        self.partner._check_visible()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_fee_access(vals_list)
        Period = self.env["membership.period"]
        new_vals = []
        linked = self.browse()
        for vals in vals_list:
            if vals.get("account_invoice_line") and not vals.get("period_id"):
                # a core membership product invoiced: the row of its period, if registered
                invoice_line = self.env["account.move.line"].browse(vals["account_invoice_line"])
                move = invoice_line.move_id
                day = move.invoice_date or fields.Date.context_today(self)
                period = Period._find(move.company_id, day)
                if not period:
                    raise UserError(
                        _(
                            "%(organisation)s has no membership period on %(day)s: create "
                            "the period before invoicing memberships.",
                            organisation=move.company_id.name,
                            day=day,
                        )
                    )
                # the product and price are the invoice's; no fee rule applies
                vals.update(
                    company_id=move.company_id.id,
                    period_id=period.id,
                    fee_rule_id=False,
                    free=False,
                )
                existing = self.search(
                    [
                        ("partner", "=", vals.get("partner")),
                        ("company_id", "=", period.company_id.id),
                        ("period_id", "=", period.id),
                        ("account_invoice_line", "=", False),
                    ]
                )
                if existing:
                    existing.account_invoice_line = invoice_line
                    linked |= existing
                    continue
            if vals.get("period_id"):
                period = Period.browse(vals["period_id"])
                vals.setdefault("company_id", period.company_id.id)
                vals.update(date_from=period.date_start, date_to=period.date_end)
            new_vals.append(vals)
        lines = super().create(new_vals)
        if not self.env.context.get("membership_no_auto_invoice"):
            lines._auto_invoice()
        return linked | lines

    def write(self, vals):
        self._check_fee_access([vals])
        self._check_invoiced_fee_kept(vals)
        if "period_id" in vals:
            period = self.env["membership.period"].browse(vals["period_id"])
            vals = {**vals, "date_from": period.date_start, "date_to": period.date_end}
        return super().write(vals)

    def _check_invoiced_fee_kept(self, vals):
        """The fee of an invoiced membership is the invoice's: what the fee is computed
        from (the person, the period, the day of joining) does not change under it."""
        invoiced = self.filtered("account_invoice_line")
        changed = [
            name
            for name in ("partner", "period_id", "date")
            if name in vals
            and any(
                self._fields[name].convert_to_cache(vals[name], line)
                != self._fields[name].convert_to_cache(line[name], line)
                for line in invoiced
            )
        ]
        if changed:
            line = invoiced[0]
            raise UserError(
                _(
                    "The membership of %(person)s in %(period)s has been invoiced: its %(fields)s "
                    "cannot change any more. Cancel the invoice with a credit note first.",
                    person=line.partner.display_name,
                    period=line.period_id.name,
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"] for name in changed
                    ),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = self.filtered("account_invoice_line")
        if invoiced:
            raise UserError(
                _(
                    "The membership of %(person)s in %(period)s has been invoiced: it stays in "
                    "the register. Cancel the invoice with a credit note instead.",
                    person=invoiced[0].partner.display_name,
                    period=invoiced[0].period_id.name,
                )
            )

    @api.model
    def _register_members(self, partners, period, join_date):
        """Register ``partners`` as members in ``period`` from ``join_date``, fees by the
        organisation's rules (computed for all of them at once)."""
        return self.create(
            [
                {"partner": partner.id, "period_id": period.id, "date": join_date}
                for partner in partners
            ]
        )

    def _billing_key(self):
        self.ensure_one()
        return f"membership:{self.period_id.id}:{self.partner.id}"

    def _to_invoice(self):
        return self.filtered(
            lambda line: not line.free and line.member_price > 0 and not line.account_invoice_line
        )

    def _auto_invoice(self):
        """New members of organisations that invoice them at once: an invoice per
        membership, posted now, sent by the member's channel in the background."""
        lines = self.filtered(lambda line: line.company_id.membership_auto_invoice)
        if not (self.env.su or self.env.user.has_group("account.group_account_invoice")):
            # what is invoiced under sudo below is what the rules say, nothing typed in; sudo:
            # the rules' own fee is written back, which these users may not type in
            lines.sudo()._compute_fee()
        lines = lines._to_invoice()
        if not lines:
            return
        Move = self.env["account.move"]
        today = fields.Date.context_today(self)
        vals_list = []
        for line in lines:
            company = line.company_id
            # sudo: the organisation's sales journal, which organisation users need not read;
            # only used to invoice the fee of its own rules below
            journal = company.sudo()._billing_journal()
            if not journal:
                raise UserError(_("%s has no sales journal to invoice members.", company.name))
            channel, _warning = line.partner._billing_route("email", company)
            vals_list.append(
                Move._billing_invoice_vals(
                    journal,
                    line.partner,
                    [(line.membership_id, line._invoice_text(), line.member_price)],
                    today,
                    today + timedelta(days=company.billing_payment_days),
                    line._billing_key(),
                    channel,
                    company=company,
                )
            )
        # sudo: staff who register members (organisation users) need not be accountants;
        # the invoice is exactly the fee the organisation's rules give, in its own journal.
        moves = Move.sudo()._billing_create_invoices(vals_list)
        lines._link_invoice_lines(
            {line.id: move.invoice_line_ids[:1].id for line, move in zip(lines, moves, strict=True)}
        )
        Move.sudo().with_delay(
            channel="root.billing_send", description=_("Send invoices of new members")
        )._billing_send(moves)

    def _link_invoice_lines(self, invoice_lines):
        """Set each membership's invoice line (``{membership id: invoice line id}``) in one
        statement, then let the ORM recompute what depends on it (state, the person's
        membership status) for all of them together: one write per membership would
        recompute them one by one."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE membership_membership_line m
                   SET account_invoice_line = v.invoice_line, write_uid = %s,
                       write_date = (now() at time zone 'UTC')
                  FROM (VALUES %s) AS v(id, invoice_line)
                 WHERE m.id = v.id
                """,
                self.env.uid,
                SQL(", ").join(SQL("(%s, %s)", key, value) for key, value in invoice_lines.items()),
            )
        )
        self.invalidate_recordset(["account_invoice_line", "write_uid", "write_date"])
        self.modified(["account_invoice_line"])

    # -- portal ------------------------------------------------------------------------------
    @api.model
    def _portal_current_periods(self, partner):
        """``{organisation: period}``: the period of today of each organisation ``partner``
        belongs to."""
        today = fields.Date.context_today(self)
        # sudo: the person's own organisations, and the periods of those only
        organisations = partner.sudo().organisation_ids
        periods = (
            self.env["membership.period"]
            .sudo()
            .search(
                [
                    ("company_id", "in", organisations.ids),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                ]
            )
        )
        return {period.company_id: period for period in periods}

    @api.model
    def _portal_memberships(self, partner):
        """``{organisation id: membership}`` of ``partner`` in each current period."""
        periods = self._portal_current_periods(partner)
        # sudo: the person's own memberships in their own organisations' current periods
        lines = self.sudo().search(
            [("partner", "=", partner.id), ("period_id", "in", [p.id for p in periods.values()])]
        )
        return {line.company_id.id: line for line in lines}

    @api.model
    def _portal_join_offers(self, partner):
        """``{organisation id: (period, fee)}`` where ``partner`` may join on the portal
        (organisations whose fee rules do not cover the person offer nothing)."""
        members = self._portal_memberships(partner)
        offers = {}
        for organisation, period in self._portal_current_periods(partner).items():
            if organisation.membership_portal_join and organisation.id not in members:
                # sudo: the organisation's fee rules, applied to the person themselves
                match = (
                    self.env["membership.fee.rule"]
                    .sudo()
                    ._match(partner, period, fields.Date.context_today(self))[partner]
                )
                if match:
                    offers[organisation.id] = (period, match[1])
        return offers

    @api.model
    def _portal_join(self, partner, organisation_id):
        """``partner`` joins one of their organisations in its current period, from the
        portal: the membership is registered (and invoiced, if the organisation invoices
        new members at once)."""
        periods = {org.id: period for org, period in self._portal_current_periods(partner).items()}
        period = periods.get(organisation_id)
        if not period or not period.company_id.membership_portal_join:
            raise UserError(_("You cannot join this organisation here."))
        if organisation_id in self._portal_memberships(partner):
            raise UserError(_("You are already a member for %s.", period.name))
        # sudo: a portal user registers only themselves, in an organisation they belong to
        # that accepts members on the portal, in its current period, at the rules' fee.
        return (
            self.sudo()
            .with_company(period.company_id)
            ._register_members(partner, period, fields.Date.context_today(self))
        )

    def _invoice_text(self):
        self.ensure_one()
        return f"{self.membership_id.name} – {self.period_id.name}"
