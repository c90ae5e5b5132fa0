from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.membership.models.membership import STATE


class ResPartner(models.Model):
    _inherit = "res.partner"

    work_situation_id = fields.Many2one(
        "membership.work.situation",
        string="Work situation",
        help="Fee rules may depend on it (student, retired, unemployed ...).",
    )

    # Core keeps one membership status per person, over all organisations' rows: it would
    # tell one organisation that somebody pays dues to a union. Here the status is the one
    # with the current organisation unit (and the branches below it), computed when read.
    membership_state = fields.Selection(
        store=False, search="_search_membership_state", compute_sudo=True
    )
    membership_start = fields.Date(store=False, compute_sudo=True)
    membership_stop = fields.Date(store=False, compute_sudo=True)
    membership_cancel = fields.Date(store=False, compute_sudo=True)

    def _organisation_units(self):
        """The current organisation unit and the branches below it, whose rows make the
        status: staff of a branch do not read the parent's (nor a sister branch's) rows
        through it, staff of the parent read the branches'."""
        # sudo: companies only, to select the rows by; the rows are read with sudo too
        return self.env["res.company"].sudo().search([("id", "child_of", self.env.company.id)])

    def _organisation_lines(self, units):
        """This person's membership rows with ``units``."""
        self.ensure_one()
        return self.member_lines.filtered(lambda line: line.company_id in units)

    @api.depends_context("company")
    def _compute_membership_state(self):
        """Core's computation per organisation (the current company's), from the membership
        rows read for all partners at once."""
        today = fields.Date.today()
        units = self._organisation_units()
        for partner in self:
            owner = partner.associate_member or partner
            owner_lines = owner._organisation_lines(units)
            active = owner_lines.filtered(lambda line: not line.date_cancel)
            starts = [line.date_from for line in active if line.date_from]
            stops = [line.date_to for line in active]
            own_lines = partner._organisation_lines(units)
            cancels = [line.date_cancel for line in own_lines if line.date_cancel]
            partner.membership_start = min(starts) if starts else False
            # core orders by date_to descending, where PostgreSQL puts an empty date first
            partner.membership_stop = False if not stops or not all(stops) else max(stops)
            partner.membership_cancel = min(cancels) if cancels else False
            state = owner._membership_state_on(today, owner_lines)
            if partner.free_member and state != "paid":
                state = "free"
            partner.membership_state = state or "none"

    def _membership_state_on(self, today, lines):
        self.ensure_one()
        for line in lines.sorted("id", reverse=True):  # core's row order
            date_from, date_to = line.date_from or date.min, line.date_to or date.min
            if date_to >= today and date_from <= today:
                return line.state
            if date_from < today and date_to <= today and date_from < date_to:
                if line.account_invoice_id.payment_state in ("in_payment", "paid"):
                    return "old"
                if line.account_invoice_id.state == "cancel":
                    return "canceled"
                return None
        return "none"

    def _search_membership_state(self, operator, value):
        """People by their status with the current organisation (its rows of today)."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the membership status."))
        values = {value} if isinstance(value, str) or not value else set(value)
        values = {v or "none" for v in values}
        if operator in ("!=", "not in"):
            values = {key for key, _label in STATE} - values
        today = fields.Date.context_today(self)
        units = self._organisation_units()
        # sudo: the rows of the current organisation only, to find its members
        groups = (
            self.env["membership.membership_line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", units.ids),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ],
                ["partner", "state"],
            )
        )
        current = {partner.id for partner, _state in groups}
        matching = [partner.id for partner, state in groups if state in values]
        if "none" in values:
            return ["|", ("id", "in", matching), ("id", "not in", list(current))]
        return [("id", "in", matching)]

    def _data_of_other_organisations(self, mine):
        result = super()._data_of_other_organisations(mine)
        # sudo: the other organisations' register rows are looked for to refuse the
        # deletion (they would go with the person), never shown
        lines = (
            self.env["membership.membership_line"]
            .sudo()
            .search([("partner", "in", self.ids), ("company_id", "not in", mine.ids)])
        )
        result[_("memberships")] = lines.partner
        return result
