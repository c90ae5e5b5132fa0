from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MembershipPeriod(models.Model):
    _name = "membership.period"
    _description = "Membership period"
    _order = "company_id, date_start desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", required=True)
    kind = fields.Selection(
        [("year", "Year"), ("term", "Term")],
        required=True,
        default="year",
        help="Informative: an organisation may switch from terms to years; the periods it had "
        "stay as they were.",
    )
    half_fee_date = fields.Date(
        string="Half fee from",
        help="Members joining on or after this day pay half the fee under rules with half-fee "
        "proration. Empty: the middle of the period.",
    )
    membership_ids = fields.One2many("membership.membership_line", "period_id")
    member_count = fields.Integer(compute="_compute_member_count", string="Members")

    _sql_constraints = [
        ("dates", "CHECK (date_end >= date_start)", "A period ends on or after its start."),
    ]

    @api.constrains("date_start", "date_end", "company_id")
    def _check_no_overlap(self):
        for period in self:
            other = self.search(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _(
                        "Period %(period)s (%(start)s – %(end)s) overlaps period %(other)s of "
                        "%(organisation)s.",
                        period=period.name,
                        start=period.date_start,
                        end=period.date_end,
                        other=other.name,
                        organisation=period.company_id.name,
                    )
                )

    def _compute_member_count(self):
        counts = dict(
            self.env["membership.membership_line"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.member_count = counts.get(period, 0)

    @api.model
    def _find(self, company, day):
        """The period of ``company`` that contains ``day`` (empty if none)."""
        return self.search(
            [("company_id", "=", company.id), ("date_start", "<=", day), ("date_end", ">=", day)],
            limit=1,
        )

    def _previous(self):
        self.ensure_one()
        return self.search(
            [("company_id", "=", self.company_id.id), ("date_end", "<", self.date_start)],
            order="date_end desc",
            limit=1,
        )

    def _half_fee_day(self):
        self.ensure_one()
        return self.half_fee_date or self.date_start + (self.date_end - self.date_start) / 2

    def _months(self):
        """Months of the period, counted from its start day (a period from 15 July to 14 July
        has 12; a started month counts whole)."""
        self.ensure_one()
        delta = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)

    def _months_left(self, day):
        """Months of the period left on ``day``, the month ``day`` falls in included."""
        self.ensure_one()
        elapsed = relativedelta(day, self.date_start)
        return max(0, min(self._months(), self._months() - elapsed.years * 12 - elapsed.months))

    def action_open_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "membership_period.action_membership_register"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"default_period_id": self.id}
        return action

    def action_renew(self):
        """Register the members of the previous period again in this one (fees by the
        rules, nobody twice). Invoiced by a billing run, not one by one."""
        self.ensure_one()
        previous = self._previous()
        if not previous:
            raise ValidationError(_("%s has no previous period to renew from.", self.name))
        Line = self.env["membership.membership_line"]
        members = Line.search(
            [("period_id", "=", previous.id), ("state", "!=", "canceled")]
        ).partner
        already = Line.search([("period_id", "=", self.id)]).partner
        created = Line.with_context(membership_no_auto_invoice=True)._register_members(
            members - already, self, self.date_start
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s members of %(previous)s registered in %(period)s.",
                    count=len(created),
                    previous=previous.name,
                    period=self.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
