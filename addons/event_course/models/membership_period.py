from odoo import _, fields, models
from odoo.exceptions import AccessError


class MembershipPeriod(models.Model):
    _inherit = "membership.period"

    course_invitation_ids = fields.One2many(
        "event.course.invitation", "term_id", string="Invitations to follow-on courses"
    )
    course_invitation_count = fields.Integer(
        string="Invited", compute="_compute_course_invitation_count"
    )

    def _compute_course_invitation_count(self):
        counts = dict(
            self.env["event.course.invitation"]._read_group(
                [("term_id", "in", self.ids), ("state", "=", "sent")], ["term_id"], ["__count"]
            )
        )
        for term in self:
            term.course_invitation_count = counts.get(term, 0)

    def action_course_invite_past_participants(self):
        """Staff, once the term's courses are on the catalogue: invite the organisation's
        past participants to the follow-on courses of this term."""
        self.ensure_one()
        if not self.env.user.has_group("event.group_event_user"):
            raise AccessError(_("Only the organisation's staff invite to its courses."))
        self.check_access("read")
        # sudo: the job reads the organisation's past registrations and levels and writes
        # the invitations it sends; the staff member starting it reads this term only
        invitations = self.env["event.course.invitation"].sudo()._course_invite_term(self)
        sent = invitations.filtered(lambda i: i.state == "sent")
        message = _(
            "%(sent)s people invited to the follow-on courses of %(term)s; %(missing)s "
            "without an e-mail listed as not invited.",
            sent=len(sent),
            term=self.name,
            missing=len(invitations - sent),
        )
        if not invitations:
            message = _("Nobody left to invite to the follow-on courses of %s.", self.name)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if invitations else "info",
            },
        }

    def action_course_invitations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invitations to %s", self.name),
            "res_model": "event.course.invitation",
            "view_mode": "list,form",
            "domain": [("term_id", "=", self.id)],
        }
