from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MembershipRegisterCompare(models.TransientModel):
    _name = "membership.register.compare"
    _description = "New and lost members between two periods"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    period_from_id = fields.Many2one(
        "membership.period", string="From period", required=True, check_company=True
    )
    period_to_id = fields.Many2one(
        "membership.period", string="To period", required=True, check_company=True
    )
    new_count = fields.Integer(compute="_compute_counts", string="New members")
    lost_count = fields.Integer(compute="_compute_counts", string="Lost members")

    @api.depends("period_from_id", "period_to_id")
    def _compute_counts(self):
        for wizard in self:
            if wizard.period_from_id and wizard.period_to_id:
                wizard.new_count = len(wizard._members("new"))
                wizard.lost_count = len(wizard._members("lost"))
            else:
                wizard.new_count = wizard.lost_count = 0

    def _members(self, which):
        """Memberships of the later period whose person was not a member in the earlier
        one (``new``), or of the earlier period whose person is not in the later (``lost``)."""
        self.ensure_one()
        Line = self.env["membership.membership_line"]
        first, second = self.period_from_id, self.period_to_id
        if which == "lost":
            first, second = second, first
        known = Line.search([("period_id", "=", first.id), ("state", "!=", "canceled")]).partner
        return Line.search(
            [
                ("period_id", "=", second.id),
                ("state", "!=", "canceled"),
                ("partner", "not in", known.ids),
            ]
        )

    def _open(self, which, title):
        self.ensure_one()
        if self.period_from_id.date_start >= self.period_to_id.date_start:
            raise UserError(_("The 'from' period must be before the 'to' period."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "membership_period.action_membership_register"
        )
        action.update(
            name=title,
            domain=[("id", "in", self._members(which).ids)],
            context={"search_default_group_period": 0},
        )
        return action

    def action_new(self):
        return self._open("new", _("New in %(period)s", period=self.period_to_id.name))

    def action_lost(self):
        return self._open("lost", _("Members of %(period)s lost", period=self.period_from_id.name))
