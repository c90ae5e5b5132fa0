from odoo import _, api, fields, models

# who reads the follow-up of people: credit control (billing users and accountants have it)
# and auditors
FOLLOW_UP = (
    "account_credit_control.group_account_credit_control_info,account.group_account_readonly"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # OCA's follow-up of a person, per organisation unit: a person shared by two
    # organisations has each one's policy, responsible, payment promise and next action,
    # which the other does not see (a payment promise made to a club is not a union's), nor
    # the person on the portal
    credit_policy_id = fields.Many2one(company_dependent=True, groups=FOLLOW_UP)
    payment_responsible_id = fields.Many2one(company_dependent=True, groups=FOLLOW_UP)
    payment_note = fields.Text(company_dependent=True, groups=FOLLOW_UP)
    payment_next_action_type = fields.Many2one(company_dependent=True, groups=FOLLOW_UP)
    payment_next_action = fields.Text(company_dependent=True, groups=FOLLOW_UP)
    payment_next_action_date = fields.Date(company_dependent=True, groups=FOLLOW_UP)
    manual_followup = fields.Boolean(company_dependent=True, groups=FOLLOW_UP)
    dunning_in_arrears = fields.Boolean(
        "In arrears",
        compute="_compute_dunning_in_arrears",
        search="_search_dunning_in_arrears",
        compute_sudo=True,
        help="The person has had the last reminder of an invoice of this organisation that "
        "is still unpaid. Courses refuse registration, check-in warns.",
    )
    dunning_reminder_count = fields.Integer("Reminders", compute="_compute_dunning_reminder_count")

    def _dunning_arrears_domain(self):
        """Reminded lines that put a person in arrears with the current organisations (the
        switcher's): each organisation sees its own arrears only."""
        return [
            ("policy_level_id.mark_in_arrears", "=", True),
            ("state", "=", "sent"),
            ("move_line_id.reconciled", "=", False),
            ("company_id", "in", self.env.companies.ids),
        ]

    @api.depends_context("allowed_company_ids")
    def _compute_dunning_in_arrears(self):
        # sudo (compute_sudo): other addons ask for it as any user (a portal member
        # registering for a course); it says yes or no for the current organisations only
        lines = self.env["credit.control.line"].search_fetch(
            [
                *self._dunning_arrears_domain(),
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
            ],
            ["commercial_partner_id"],
        )
        in_arrears = set(lines.commercial_partner_id.ids)
        for partner in self:
            partner.dunning_in_arrears = partner.commercial_partner_id.id in in_arrears

    def _search_dunning_in_arrears(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Search on In arrears with = True or = False only."))
        # sudo: the same facts as the field, for the current organisations only
        lines = (
            self.env["credit.control.line"]
            .sudo()
            .search_fetch(self._dunning_arrears_domain(), ["commercial_partner_id"])
        )
        domain = [("commercial_partner_id", "in", lines.commercial_partner_id.ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_dunning_reminder_count(self):
        Comm = self.env["credit.control.communication"]
        if not Comm.has_access("read"):
            self.dunning_reminder_count = 0
            return
        counts = dict(
            Comm._read_group(
                [("partner_id", "in", self.ids), ("dunning_state", "=", "done")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_reminder_count = counts.get(partner, 0)

    def action_dunning_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning.action_dunning_reminders"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action
