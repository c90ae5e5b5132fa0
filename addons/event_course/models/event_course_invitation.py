from odoo import api, fields, models
from odoo.tools import SQL


class EventCourseInvitation(models.Model):
    """A past participant invited to the follow-on courses of a term: the courses they may
    take next (by category and the next level) listed in one personal e-mail, each with
    their personal link. One per person and term: nobody is invited twice to a term."""

    _name = "event.course.invitation"
    _description = "Invitation to follow-on courses"
    _order = "term_id, partner_id, id"
    _rec_name = "partner_id"

    term_id = fields.Many2one(
        "membership.period",
        string="Term",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="term_id.company_id", string="Organisation", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, readonly=True, ondelete="cascade"
    )
    course_ids = fields.Many2many(
        "event.event",
        "event_course_invitation_course_rel",
        "invitation_id",
        "event_id",
        string="Follow-on courses",
        readonly=True,
    )
    state = fields.Selection(
        [("no_email", "Not invited: no e-mail"), ("sent", "Invited")],
        required=True,
        readonly=True,
    )
    date_sent = fields.Datetime(string="Invited on", readonly=True)
    invite_url = fields.Char(
        string="Personal link",
        compute="_compute_invite_url",
        help="The person's personal link to the organisation's course pages.",
    )

    _sql_constraints = [
        (
            "partner_term_unique",
            "unique(partner_id, term_id)",
            "A person is invited to the follow-on courses of a term once.",
        )
    ]

    def _compute_invite_url(self):
        for invitation in self:
            invitation.invite_url = invitation.partner_id._course_invite_url(invitation.company_id)

    def _course_link(self, course):
        """The personal link that opens ``course``'s page, recognising the person."""
        self.ensure_one()
        return f"{self.invite_url}?course={course.id}"

    @api.model
    def _course_invite_term(self, term):
        """Invite the past participants of ``term``'s organisation to the term's published
        courses they may take next (:meth:`event.event._course_follow_ons`): one e-mail per
        person, listing them. People without an e-mail are noted as not invited (and
        invited when a later run finds their e-mail). Returns the invitations of this run.

        Run again, it invites only people it did not invite yet (those with follow-on
        courses now and none before)."""
        # one run per term at a time
        self.env.cr.execute(
            SQL("SELECT id FROM membership_period WHERE id = %s FOR UPDATE", term.id)
        )
        organisation = term.company_id
        courses = (
            self.env["event.event"]
            ._course_catalogue(organisation)
            .filtered(lambda course: course.term_id == term)
        )
        if not courses:
            return self.browse()
        now = fields.Datetime.now()
        past = self.env["event.registration"].search(
            [
                ("event_id.is_course", "=", True),
                ("event_id.company_id", "child_of", organisation.root_id.id),
                ("event_id.date_end", "<", now),
                ("state", "in", ("open", "done")),
            ]
        )
        # only people approved for a level of the categories these courses require can
        # have a follow-on course among them: the others are not looked at one by one
        approved = (
            self.env["event.course.level.approval"]
            .search(
                [
                    ("partner_id", "in", past.partner_id.ids),
                    ("level_id.category_id", "in", courses.required_level_ids.category_id.ids),
                ]
            )
            .partner_id
        )
        existing = self.search(
            [("term_id", "=", term.id), ("partner_id", "in", past.partner_id.ids)]
        )
        by_partner = {invitation.partner_id: invitation for invitation in existing}
        new_vals, retried = [], self.browse()
        for partner in approved.sorted("id"):
            invitation = by_partner.get(partner)
            if invitation and (invitation.state == "sent" or not partner.email):
                continue
            follow_ons = courses._course_follow_ons(partner)
            if not follow_ons:
                continue
            vals = {
                "course_ids": [fields.Command.set(follow_ons.ids)],
                "state": "sent" if partner.email else "no_email",
                "date_sent": now if partner.email else False,
            }
            if invitation:  # noted without an e-mail before, which the person has now
                invitation.write(vals)
                retried |= invitation
            else:
                new_vals.append({"term_id": term.id, "partner_id": partner.id, **vals})
        invitations = retried | self.create(new_vals)
        template = self.env.ref("event_course.mail_template_course_invitation")
        for invitation in invitations.filtered(lambda i: i.state == "sent"):
            # sudo: the organisation's template, sent to the person about courses of
            # the organisation open to them
            template.sudo().send_mail(
                invitation.id, email_layout_xmlid="mail.mail_notification_light"
            )
        return invitations
