import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..exceptions import CourseRegistrationRefused
from .event_event import COURSE_ROLES

ACTIVE = ("waiting", "offered")


class EventCourseWaitlist(models.Model):
    """One person waiting for a place on a course. People who wait together (a couple) are
    offered places together; the place is offered by e-mail with a secret link and a time
    limit, and accepting it registers them as the course's registration does."""

    _name = "event.course.waitlist"
    _description = "Course waiting list entry"
    _inherit = ["event.course.organisation.mixin", "portal.mixin", "mail.thread"]
    _course_organisation_fields = ("event_id", "registration_id", "together_id")
    _order = "event_id, date_joined, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    event_id = fields.Many2one(
        "event.event",
        string="Course",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_course', '=', True)]",
    )
    company_id = fields.Many2one(
        related="event_id.company_id", string="Organisation", store=True, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True)
    course_role = fields.Selection(COURSE_ROLES, string="Role")
    payer_id = fields.Many2one(
        "res.partner", string="Payer", help="Who pays the course fee (empty: the person)."
    )
    pay = fields.Selection(
        [("invoice", "Invoice by e-mail"), ("card", "Card at registration")],
        string="Payment",
        required=True,
        default="invoice",
    )
    together_id = fields.Many2one(
        "event.course.waitlist",
        string="Waiting together with",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The partner this person waits with: they are offered places together.",
    )
    date_joined = fields.Datetime(
        string="Joined", required=True, readonly=True, default=fields.Datetime.now
    )
    position = fields.Integer(
        compute="_compute_position", help="Place in the queue of those still waiting."
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("offered", "Offered"),
            ("registered", "Registered"),
            ("expired", "Offer expired"),
            ("withdrawn", "Withdrawn"),
        ],
        required=True,
        default="waiting",
        readonly=True,
        tracking=True,
        index=True,
    )
    offer_date = fields.Datetime(string="Offered on", readonly=True, copy=False)
    offer_deadline = fields.Datetime(string="Answer by", readonly=True, copy=False, tracking=True)
    offer_problem = fields.Text(
        string="Why the offer could not be taken",
        readonly=True,
        copy=False,
        help="What the course's checks refused when the person accepted the offer.",
    )
    registration_id = fields.Many2one(
        "event.registration",
        string="Registration",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.depends("state", "date_joined", "event_id")
    def _compute_position(self):
        waiting = self.filtered(lambda entry: entry.state == "waiting")
        positions = {}
        if waiting:
            queue = self.search_fetch(
                [("event_id", "in", waiting.event_id.ids), ("state", "=", "waiting")],
                ["event_id"],
            )
            counters = {}
            for entry in queue:
                counters[entry.event_id] = counters.get(entry.event_id, 0) + 1
                positions[entry.id] = counters[entry.event_id]
        for entry in self:
            entry.position = positions.get(entry.id, 0)

    def _compute_access_url(self):
        super()._compute_access_url()
        for entry in self:
            entry.access_url = f"/course/offer/{entry.id}"

    @api.constrains("partner_id", "event_id", "state")
    def _check_one_place_in_line(self):
        active = self.filtered(lambda entry: entry.state in ACTIVE)
        if not active:
            return
        # sudo: whether these people are on the list or registered already, whoever adds them
        others = (
            self.sudo()
            .search(
                [
                    ("event_id", "in", active.event_id.ids),
                    ("partner_id", "in", active.partner_id.ids),
                    ("state", "in", ACTIVE),
                ]
            )
            .grouped(lambda entry: (entry.event_id, entry.partner_id))
        )
        registered = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("event_id", "in", active.event_id.ids),
                    ("partner_id", "in", active.partner_id.ids),
                    ("state", "!=", "cancel"),
                ]
            )
            .grouped(lambda registration: (registration.event_id, registration.partner_id))
        )
        for entry in active:
            if not entry.event_id.is_course:
                raise ValidationError(_("%s is not a course.", entry.event_id.name))
            key = (entry.event_id, entry.partner_id)
            if len(others.get(key, [])) > 1:
                raise ValidationError(
                    _(
                        "%(person)s is already on the waiting list of %(course)s.",
                        person=entry.partner_id.name,
                        course=entry.event_id.name,
                    )
                )
            if key in registered:
                raise ValidationError(
                    _(
                        "%(person)s is already registered for %(course)s.",
                        person=entry.partner_id.name,
                        course=entry.event_id.name,
                    )
                )

    @api.constrains("partner_id", "payer_id")
    def _check_people_visible(self):
        for entry in self:
            (entry.partner_id | entry.payer_id)._check_visible()

    def write(self, vals):
        # the registration it led to, the partner waiting with them and the offer's secret
        # are the list's own (the offer page trusts them)
        if (
            vals.keys() & {"registration_id", "together_id", "access_token"}
            and not self.env.su
            and not self.env.context.get("event_course_joining")
        ):
            raise UserError(
                _("A waiting list's partner, registration and offer link are not set by hand.")
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        if not self.env.context.get("event_course_joining"):
            entries.event_id._course_offer_places()
        return entries

    # -- the people offered together -----------------------------------------------------------
    def _course_group(self, states=ACTIVE):
        """These entries with those waiting together with them, in ``states``."""
        return (self | self.together_id).filtered(lambda entry: entry.state in states)

    def _course_roles(self):
        if self.event_id.course_role_balance:
            return [entry.course_role for entry in self]
        return [None] * len(self)

    def _course_participants(self):
        """These entries as participants of :meth:`event.event._course_register`."""
        return [
            {
                "partner": entry.partner_id,
                "role": entry.course_role,
                "payer": entry.payer_id or entry.partner_id,
                "pay": entry.pay,
            }
            for entry in self
        ]

    # -- offers ----------------------------------------------------------------------------------
    def _course_offer(self):
        """Offer a place to each of these entries (people who wait together are offered
        together): the organisation's hours to answer, a new secret link (an earlier link
        of the same entry no longer works) and the e-mail."""
        now = fields.Datetime.now()
        for entry in self:
            entry.write(
                {
                    "state": "offered",
                    "offer_date": now,
                    "offer_deadline": now + timedelta(hours=entry.company_id.course_offer_hours),
                    "offer_problem": False,
                    "access_token": str(uuid.uuid4()),
                }
            )
        template = self.env.ref("event_course.mail_template_course_offer")
        # by the mail queue: offering is part of a cancellation or an expiry job, not held up
        # by the mail server
        for entry in self.filtered("partner_id.email").with_context(mail_notify_force_send=False):
            entry.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=entry.company_id.partner_id.id,
            )

    def _course_offer_open(self):
        """Whether this entry's offer can still be accepted."""
        self.ensure_one()
        return self.state == "offered" and self.offer_deadline > fields.Datetime.now()

    def _course_accept_offer(self):
        """Register the people of this offer (with the one waiting together with them, when
        their offer is open too) through the course's registration: its checks and prices
        again. Returns the registrations; raises :class:`CourseRegistrationRefused` with the
        reasons when the checks refuse now (the reasons are kept on the entries, the offer
        stays open until its deadline)."""
        self.ensure_one()
        if not self._course_offer_open():
            raise UserError(_("This offer of a place is no longer open."))
        group = self._course_group(("offered",)).filtered(lambda entry: entry._course_offer_open())
        try:
            with self.env.cr.savepoint():
                registrations = group.event_id._course_register(group._course_participants())
        except CourseRegistrationRefused as refusal:
            group.offer_problem = refusal.args[0]
            raise
        return registrations

    def _course_decline_offer(self):
        """The person does not want the place: they (and whoever waits with them) leave
        the list, and the place goes to the next."""
        self.ensure_one()
        if not self._course_offer_open():
            raise UserError(_("This offer of a place is no longer open."))
        self._course_group().write({"state": "withdrawn"})
        self.event_id._course_offer_places()

    @api.model
    def _course_close_registered(self, registrations):
        """Entries of people who are now registered (through an offer or otherwise) are
        done: they hold no place any more."""
        # sudo: the entries of exactly these registrations' people and courses
        entries = self.sudo().search(
            [
                ("event_id", "in", registrations.event_id.ids),
                ("partner_id", "in", registrations.partner_id.ids),
                ("state", "in", ACTIVE),
            ]
        )
        by_key = {(reg.event_id, reg.partner_id): reg for reg in registrations}
        for entry in entries:
            registration = by_key.get((entry.event_id, entry.partner_id))
            if registration:
                entry.write({"state": "registered", "registration_id": registration.id})

    @api.model
    def _cron_course_expire_offers(self):
        """Offers not answered in time expire; their places go to the next people."""
        expired = self.search(
            [("state", "=", "offered"), ("offer_deadline", "<=", fields.Datetime.now())]
        )
        expired.write({"state": "expired"})
        expired.event_id._course_offer_places()

    # -- staff -----------------------------------------------------------------------------------
    def action_offer(self):
        """Offer a place now to this entry (and who waits with them), out of turn when
        staff decide so; there must be a place for them."""
        for entry in self:
            group = entry._course_group(("waiting", "expired"))
            if entry not in group:
                raise UserError(
                    _(
                        "%s is not waiting: only waiting people can be offered a place.",
                        entry.partner_id.name,
                    )
                )
            problem = entry.event_id._course_place_problem(group._course_roles())
            if problem:
                raise UserError(
                    problem
                    + "\n"
                    + _("Raise the seats or withdraw an open offer first to offer a place.")
                )
            # sudo: offering writes the secret link and e-mails it, also for event users
            group.sudo()._course_offer()

    def action_withdraw(self):
        """The person leaves the waiting list; an open offer of theirs goes to the next."""
        entries = self.filtered(lambda entry: entry.state in ACTIVE)
        offered = entries.filtered(lambda entry: entry.state == "offered")
        entries.write({"state": "withdrawn"})
        offered.event_id._course_offer_places()
