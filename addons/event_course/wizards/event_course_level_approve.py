from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError


class EventCourseLevelApprove(models.TransientModel):
    """At the end of a course its teacher ticks who is approved for the level it teaches,
    seeing each participant's attendance (present at how many of the sessions held)."""

    _name = "event.course.level.approve"
    _description = "Approve the participants of a course for its level"

    event_id = fields.Many2one(
        "event.event", string="Course", required=True, domain="[('is_course', '=', True)]"
    )
    level_id = fields.Many2one(related="event_id.course_level_id", string="Level")
    line_ids = fields.One2many(
        "event.course.level.approve.line", "wizard_id", string="Participants"
    )

    @api.model
    def _check_may_approve(self, course):
        """Teachers of ``course`` and staff of its organisation approve its participants."""
        course.check_access("read")
        user = self.env.user
        if user not in course.teacher_ids and not user.has_group("event.group_event_user"):
            raise AccessError(
                _("Only the leaders of %(course)s approve its participants.", course=course.name)
            )
        if not course.course_level_id:
            raise UserError(_("%(course)s teaches no level to approve.", course=course.name))

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        if "line_ids" in fields_list and vals.get("event_id"):
            course = self.env["event.event"].browse(vals["event_id"])
            self._check_may_approve(course)
            vals["line_ids"] = [Command.create(line) for line in self._line_values(course)]
        return vals

    @api.model
    def _participants(self, course):
        return self.env["event.registration"].search(
            [("event_id", "=", course.id), ("state", "in", ("open", "done"))], order="name, id"
        )

    @api.model
    def _line_values(self, course):
        """One line per participant (confirmed or attended) with their attendance."""
        registrations = self._participants(course)
        held = course.course_session_ids.filtered(
            lambda session: session.date_begin <= fields.Datetime.now()
        )
        present = dict(
            self.env["event.course.attendance"]._read_group(
                [
                    ("registration_id", "in", registrations.ids),
                    ("session_id", "in", held.ids),
                    ("state", "=", "present"),
                ],
                ["registration_id"],
                ["__count"],
            )
        )
        approved = self._approved(registrations.partner_id, course.course_level_id)
        return [
            {
                "registration_id": registration.id,
                "partner_id": registration.partner_id.id,
                "name": registration.name or registration.partner_id.name,
                "present_count": present.get(registration, 0),
                "sessions_held": len(held),
                "already_approved": registration.partner_id in approved,
            }
            for registration in registrations
        ]

    @api.model
    def _approved(self, partners, level):
        """Those of ``partners`` approved for ``level`` already."""
        # sudo: whether these participants hold the level (approved at another course,
        # which the teacher does not see), to skip them; nothing else of it is read
        return (
            self.env["event.course.level.approval"]
            .sudo()
            .search([("partner_id", "in", partners.ids), ("level_id", "=", level.id)])
            .partner_id
        )

    def action_approve(self):
        """Approve the ticked participants for the course's level (those approved already
        are left as they are)."""
        self.ensure_one()
        course = self.event_id
        self._check_may_approve(course)
        # the people come from the course's registrations, not from the lines as sent
        ticked = self.line_ids.filtered("approve").registration_id
        partners = self._participants(course).filtered(lambda r: r in ticked).partner_id
        todo = partners - self._approved(partners, course.course_level_id)
        # sudo: the wizard's checks above (a teacher of the course, its own level, its own
        # participants) are what a leader may approve; they do not create approvals directly
        approvals = (
            self.env["event.course.level.approval"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "level_id": course.course_level_id.id,
                        "event_id": course.id,
                        "approved_by_id": self.env.uid,
                    }
                    for partner in todo
                ]
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s approved for %(level)s.",
                    count=len(approvals),
                    level=course.course_level_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
