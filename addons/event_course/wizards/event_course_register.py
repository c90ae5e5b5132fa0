from odoo import _, api, fields, models

from ..exceptions import CourseRegistrationRefused
from ..models.event_event import COURSE_ROLES


class EventCourseRegister(models.TransientModel):
    """Staff register a person for a course, alone or with a partner: the course's checks
    and the price of each participant are shown before anything is registered."""

    _name = "event.course.register"
    _description = "Register for a course"

    event_id = fields.Many2one(
        "event.event", string="Course", required=True, domain="[('is_course', '=', True)]"
    )
    course_role_balance = fields.Boolean(related="event_id.course_role_balance")
    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    role = fields.Selection(COURSE_ROLES)
    payer_id = fields.Many2one(
        "res.partner", string="Payer", help="Who pays the person's part (default: the person)."
    )
    partner2_id = fields.Many2one(
        "res.partner", string="Together with", help="Registered as the person's partner."
    )
    role2 = fields.Selection(
        COURSE_ROLES, string="Partner's role", compute="_compute_role2", store=True, readonly=False
    )
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    refused = fields.Boolean(compute="_compute_preview")
    waitlist = fields.Boolean(compute="_compute_preview")

    @api.depends("role")
    def _compute_role2(self):
        other = {"leader": "follower", "follower": "leader"}
        for wizard in self:
            wizard.role2 = other.get(wizard.role, False)

    def _participants(self):
        self.ensure_one()
        participants = [
            {
                "partner": self.partner_id,
                "role": self.role,
                "payer": self.payer_id or self.partner_id,
                "pay": "invoice",
            }
        ]
        if self.partner2_id:
            participants.append({"partner": self.partner2_id, "role": self.role2, "pay": "invoice"})
        return participants

    @api.depends("event_id", "partner_id", "role", "payer_id", "partner2_id", "role2")
    def _compute_preview(self):
        for wizard in self:
            wizard.refused = wizard.waitlist = False
            if not (wizard.event_id and wizard.partner_id):
                wizard.preview = False
                continue
            participants = wizard._participants()
            error = None
            try:
                wizard.event_id._course_check(participants)
            except CourseRegistrationRefused as refusal:
                error, wizard.refused, wizard.waitlist = refusal.args[0], True, refusal.waitlist
            quotes = [
                (p, wizard.event_id._course_quote(p["partner"], p.get("payer")))
                for p in participants
            ]
            wizard.preview = self.env["ir.qweb"]._render(
                "event_course.course_register_preview",
                {"error": error, "quotes": quotes, "course": wizard.event_id},
            )

    def action_register(self):
        self.ensure_one()
        registrations = self.event_id._course_register(self._participants())
        return {
            "type": "ir.actions.act_window",
            "res_model": "event.registration",
            "view_mode": "list,form",
            "domain": [("id", "in", registrations.ids)],
            "name": _("Registered for %s", self.event_id.name),
        }

    def action_waitlist(self):
        self.ensure_one()
        self.event_id._course_join_waitlist(self._participants())
        return self.event_id.action_course_waitlist()
