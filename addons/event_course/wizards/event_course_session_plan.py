from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from nordic_formats import bankdays

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class EventCourseSessionPlan(models.TransientModel):
    """Sessions of a course from a weekly schedule: one on a weekday at a time of the
    course's time zone for a number of weeks, leaving out chosen dates and the country's
    holidays. Sessions already at one of the times are kept as they are (planning again
    adds only what is missing); each session stays editable on its own."""

    _name = "event.course.session.plan"
    _description = "Plan the sessions of a course"

    event_id = fields.Many2one(
        "event.event", string="Course", required=True, domain="[('is_course', '=', True)]"
    )
    date_tz = fields.Selection(related="event_id.date_tz", string="Time zone")
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    start_time = fields.Float(
        string="Starts at",
        required=True,
        default=18.0,
        help="Local time of the course's time zone, also after a change to or from summer time.",
    )
    duration = fields.Float(string="Duration (hours)", required=True, default=1.5)
    weeks = fields.Integer(
        string="Weeks",
        required=True,
        default=10,
        help="Weeks the schedule runs; a left-out date leaves its week without a session.",
    )
    date_first = fields.Date(
        string="From",
        required=True,
        compute="_compute_date_first",
        store=True,
        readonly=False,
        help="The first session is on the first chosen weekday from this date.",
    )
    skip_ids = fields.One2many("event.course.session.plan.skip", "plan_id", string="Dates left out")
    holiday_country = fields.Char(compute="_compute_holiday_country")
    skip_holidays = fields.Boolean(
        string="Leave out public holidays",
        compute="_compute_skip_holidays",
        store=True,
        readonly=False,
        help="The days banks are closed in the organisation's country (Sweden, Norway): "
        "public holidays on weekdays and Midsummer, Christmas and New Year's Eve in Sweden, "
        "Christmas Eve in Norway.",
    )
    leader_ids = fields.Many2many(
        "res.users",
        string="Leaders",
        compute="_compute_leader_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    preview = fields.Text(compute="_compute_preview", string="Sessions")

    @api.depends("event_id.company_id.country_id")
    def _compute_holiday_country(self):
        for plan in self:
            code = plan.event_id.company_id.country_id.code
            plan.holiday_country = code if code in bankdays.COUNTRIES else False

    @api.depends("holiday_country")
    def _compute_skip_holidays(self):
        for plan in self:
            plan.skip_holidays = bool(plan.holiday_country)

    @api.depends("event_id")
    def _compute_date_first(self):
        for plan in self:
            course = plan.event_id
            plan.date_first = (
                course.date_begin
                and fields.Datetime.context_timestamp(
                    course.with_context(tz=course.date_tz), course.date_begin
                ).date()
            )

    @api.depends("event_id")
    def _compute_leader_ids(self):
        for plan in self:
            plan.leader_ids = plan.event_id.teacher_ids

    @api.depends(
        "event_id",
        "weekday",
        "start_time",
        "duration",
        "weeks",
        "date_first",
        "skip_ids.date",
        "skip_holidays",
    )
    def _compute_preview(self):
        for plan in self:
            if not (
                plan.event_id
                and plan.date_first
                and plan.weeks > 0
                and plan.weekday
                and 0 <= plan.start_time < 24
            ):
                plan.preview = False
                continue
            tz = ZoneInfo(plan.event_id.date_tz or "UTC")
            planned = set(plan.event_id.course_session_ids.mapped("date_begin"))
            lines = []
            for day, skipped, begin in plan._schedule():
                local = begin.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz)
                if skipped:
                    lines.append(_("%(day)s: left out (%(why)s)", day=day, why=skipped))
                elif begin in planned:
                    lines.append(_("%(start)s (planned already)", start=f"{day} {local:%H:%M}"))
                else:
                    lines.append(f"{day} {local:%H:%M}")
            plan.preview = "\n".join(lines)

    def _check_schedule(self):
        self.ensure_one()
        problems = []
        if not self.event_id.is_course:
            problems.append(_("Sessions belong to courses only."))
        if not 0 <= self.start_time < 24:
            problems.append(_("The start time must be between 00:00 and 23:59."))
        if not 0 < self.duration <= 24:
            problems.append(_("The duration must be more than 0 and at most 24 hours."))
        if self.weeks < 1:
            problems.append(_("The schedule must run for at least one week."))
        if self.skip_holidays and not self.holiday_country:
            problems.append(
                _(
                    "There is no holiday calendar for the country of %(organisation)s: "
                    "list its holidays as dates to leave out.",
                    organisation=self.event_id.company_id.name,
                )
            )
        if problems:
            raise UserError("\n".join(problems))

    def _schedule(self):
        """``[(date, why_skipped, start)]`` for each week of the schedule: ``why_skipped`` is
        an empty string for a session, whose ``start`` is a naive UTC datetime (as stored);
        the start is the local time of the course's time zone on that date."""
        self.ensure_one()
        first = self.date_first + timedelta(
            days=(int(self.weekday) - self.date_first.weekday()) % 7
        )
        days = [first + timedelta(weeks=week) for week in range(self.weeks)]
        skipped = {line.date: line.name or _("left out") for line in self.skip_ids}
        holidays = set()
        if self.skip_holidays and self.holiday_country:
            for year in {day.year for day in days}:
                holidays |= bankdays.bank_holidays(year, self.holiday_country)
        tz = ZoneInfo(self.event_id.date_tz or "UTC")
        hours, minutes = divmod(min(round(self.start_time * 60), 24 * 60 - 1), 60)
        result = []
        for day in days:
            why = skipped.get(day) or (_("public holiday") if day in holidays else "")
            local = datetime.combine(day, time(hours, minutes), tzinfo=tz)
            begin = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
            result.append((day, why, begin))
        return result

    def action_plan(self):
        """Create the schedule's sessions that the course does not have yet (at the same
        start), with the chosen leaders; the course then runs from its first session to
        its last. Back to the course's sessions."""
        self.ensure_one()
        self._check_schedule()
        course = self.event_id
        starts = {begin for _day, why, begin in self._schedule() if not why}
        existing = set(course.course_session_ids.mapped("date_begin"))
        length = timedelta(minutes=round(self.duration * 60))
        self.env["event.course.session"].create(
            [
                {
                    "event_id": course.id,
                    "date_begin": begin,
                    "date_end": begin + length,
                    "leader_ids": [Command.set(self.leader_ids.ids)],
                }
                for begin in sorted(starts - existing)
            ]
        )
        return course.action_course_sessions()
