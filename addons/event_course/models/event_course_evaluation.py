from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

# courses that ended longer ago are not evaluated any more: setting an evaluation survey on
# a category or organisation does not ask the participants of every old course at once
EVALUATION_WINDOW_DAYS = 30


class EventCourseEvaluation(models.Model):
    """A participant asked to evaluate a course: their personal answer of the course's
    evaluation survey, and which e-mails were sent (the invitation after the last session,
    one reminder). One per registration: nobody is asked twice."""

    _name = "event.course.evaluation"
    _description = "Course evaluation of a participant"
    _order = "event_id, id"
    _rec_name = "partner_id"

    registration_id = fields.Many2one(
        "event.registration",
        string="Registration",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    event_id = fields.Many2one(
        related="registration_id.event_id", string="Course", store=True, index=True
    )
    company_id = fields.Many2one(
        related="registration_id.event_id.company_id",
        string="Organisation",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="registration_id.partner_id", string="Participant", store=True
    )
    term_id = fields.Many2one(related="registration_id.event_id.term_id", store=True)
    course_category_id = fields.Many2one(
        related="registration_id.event_id.course_category_id", string="Category", store=True
    )
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Answer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The participant's personal answer of the evaluation survey.",
    )
    survey_id = fields.Many2one(related="user_input_id.survey_id", string="Survey", store=True)
    survey_url = fields.Char(
        string="Link to answer",
        compute="_compute_survey_url",
        help="The participant's personal link to their answer.",
        # whoever has it answers (or reads the answer) as the participant: for the e-mails
        # (rendered as superuser) only
        groups="base.group_system",
    )
    state = fields.Selection(
        [
            ("no_email", "Not sent: no e-mail"),
            ("invited", "Invited"),
            ("reminded", "Reminded"),
        ],
        string="E-mails",
        required=True,
        readonly=True,
    )
    date_invited = fields.Datetime(string="Invited on", readonly=True)
    date_reminded = fields.Datetime(string="Reminded on", readonly=True)
    answered = fields.Boolean(compute="_compute_answered", store=True)
    participant_count = fields.Integer(
        string="Participants", default=1, readonly=True, aggregator="sum"
    )
    answered_count = fields.Integer(
        string="Answers", compute="_compute_answered", store=True, aggregator="sum"
    )
    answer_rate = fields.Float(
        string="Answer rate (%)",
        compute="_compute_answered",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )

    _sql_constraints = [
        (
            "registration_unique",
            "unique(registration_id)",
            "A participant is asked to evaluate a course once.",
        ),
        (
            "reminded_once",
            "CHECK((state = 'reminded') = (date_reminded IS NOT NULL))",
            "A reminder is noted with its date.",
        ),
    ]

    @api.depends("user_input_id.state")
    def _compute_answered(self):
        for evaluation in self:
            answered = evaluation.user_input_id.state == "done"
            evaluation.answered = answered
            evaluation.answered_count = int(answered)
            evaluation.answer_rate = 100.0 if answered else 0.0

    @api.depends("user_input_id.access_token")
    def _compute_survey_url(self):
        for evaluation in self:
            # sudo: the link of this participant's own answer, for their e-mails
            answer = evaluation.user_input_id.sudo()
            evaluation.survey_url = (
                answer.get_base_url() + answer.get_start_url() if answer else False
            )

    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = _(
                "%(person)s: %(course)s",
                person=evaluation.partner_id.name,
                course=evaluation.event_id.name,
            )

    # -- the daily job ---------------------------------------------------------------------------
    @api.model
    def _cron_course_evaluations(self):
        """Ask the participants of courses whose last session has ended to evaluate them,
        and remind those who have not answered after their organisation's days. What was
        sent is noted in the same transaction as the queued e-mails: a job that fails half
        way sends nothing, the next run does it once."""
        self._course_invite_participants()
        self._course_remind()

    @api.model
    def _course_invite_participants(self):
        """Each confirmed participant of a course that ended (within the last
        ``EVALUATION_WINDOW_DAYS``) and has an evaluation survey, not asked yet, gets their
        personal answer and the e-mail with its link. Returns the new evaluations."""
        now = fields.Datetime.now()
        courses = self.env["event.event"].search(
            [
                ("is_course", "=", True),
                ("date_end", "<", now),
                ("date_end", ">=", now - timedelta(days=EVALUATION_WINDOW_DAYS)),
            ]
        )
        evaluations = self.browse()
        for course in courses:
            survey = course._course_evaluation_survey()
            if not survey:
                continue
            # one job per course at a time: nobody gets two answers
            course._course_lock()
            participants = course.registration_ids.filtered(
                lambda r: r.state in ("open", "done") and r.partner_id
            )
            asked = self.search([("registration_id", "in", participants.ids)]).registration_id
            new = participants - asked
            if not new:
                continue
            vals_list = []
            for registration in new:
                partner = registration.partner_id
                answer = survey._create_answer(
                    partner=partner, check_attempts=False, course_event_id=course.id
                )
                vals_list.append(
                    {
                        "registration_id": registration.id,
                        "user_input_id": answer.id,
                        "state": "invited" if partner.email else "no_email",
                        "date_invited": now if partner.email else False,
                    }
                )
            evaluations |= self.create(vals_list)
        evaluations.filtered(lambda e: e.state == "invited")._course_send(
            "event_course.mail_template_course_evaluation"
        )
        return evaluations

    @api.model
    def _course_remind(self):
        """Remind once those invited who have not answered after their organisation's
        reminder days (and are still participants). Returns the evaluations reminded."""
        now = fields.Datetime.now()
        candidates = self.search(
            [
                ("state", "=", "invited"),
                ("answered", "=", False),
                ("user_input_id", "!=", False),
                ("registration_id.state", "in", ("open", "done")),
            ]
        )
        due = candidates.filtered(
            lambda e: (
                e.date_invited <= now - timedelta(days=e.company_id.course_evaluation_reminder_days)
            )
        )
        if not due:
            return due
        # the state changes from invited to reminded once, in the database: a second run
        # (or one at the same time) finds nothing left to remind
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE event_course_evaluation SET state = 'reminded', date_reminded = %s "
                "WHERE id IN %s AND state = 'invited' RETURNING id",
                now,
                tuple(due.ids),
            )
        )
        reminded = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model(["state", "date_reminded"])
        reminded._course_send("event_course.mail_template_course_evaluation_reminder")
        return reminded

    def _course_send(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for evaluation in self:
            # sudo: the organisation's template, sent to the participant about their own
            # answer; the job may be run by a user who does not read surveys
            template.sudo().send_mail(
                evaluation.id, email_layout_xmlid="mail.mail_notification_light"
            )
