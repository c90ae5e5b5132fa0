from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..exceptions import CourseRegistrationRefused

COURSE_ROLES = [("leader", "Leader"), ("follower", "Follower")]
# fields of a course that may free places for its waiting list
WAITLIST_PLACE_FIELDS = {"seats_limited", "seats_max", "course_role_balance", "course_role_margin"}


class EventEvent(models.Model):
    _inherit = "event.event"

    is_course = fields.Boolean(string="Course", index=True)
    course_category_id = fields.Many2one(
        "event.course.category", string="Course category", check_company=True, index=True
    )
    course_level_id = fields.Many2one(
        "event.course.level",
        string="Level taught",
        check_company=True,
        domain="[('category_id', '=', course_category_id)]",
        help="The level its teachers approve participants for at the end of the course.",
    )
    required_level_ids = fields.Many2many(
        "event.course.level",
        "event_course_required_level_rel",
        "event_id",
        "level_id",
        string="Required levels",
        check_company=True,
        help="Levels each participant must be approved for (a higher level of the same "
        "category also counts).",
    )
    term_id = fields.Many2one(
        "membership.period",
        string="Term",
        check_company=True,
        help="The organisation's period the course belongs to: discounts for a second course "
        "count the courses of the same term.",
    )
    teacher_ids = fields.Many2many(
        "res.users",
        "event_course_teacher_rel",
        "event_id",
        "user_id",
        string="Leaders",
        domain="[('share', '=', False)]",
        help="Teachers and leaders of the course: they take attendance and approve levels.",
    )
    course_product_id = fields.Many2one(
        "product.product",
        string="Course fee",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        help="The product invoiced for the course; its price through the person's pricelist "
        "is the course price.",
    )
    course_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        compute="_compute_course_analytic_account_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The cost centre or project the course's fees, discounts and credit notes are "
        "booked on (default: its category's); exported to SIE 4 as the object of its plan's "
        "dimension.",
    )
    course_role_balance = fields.Boolean(
        string="Balance roles",
        help="Participants register as leader or follower; a registration that would make "
        "one role outnumber the other by more than the margin goes to the waiting list.",
    )
    course_role_margin = fields.Integer(string="Role margin", default=2)
    course_published = fields.Boolean(
        string="On the course catalogue",
        copy=False,
        help="Shown on the organisation's public course catalogue, where people register.",
    )
    course_session_ids = fields.One2many("event.course.session", "event_id", string="Sessions")
    course_session_count = fields.Integer(compute="_compute_course_session_count")
    course_cancellation_terms_id = fields.Many2one(
        "event.course.cancellation.terms",
        string="Cancellation terms",
        check_company=True,
        help="What cancelling a registration costs, by the days left to the start (empty: "
        "the organisation's default terms; without terms, cancelling is free).",
    )
    course_waitlist_ids = fields.One2many(
        "event.course.waitlist", "event_id", string="Waiting list"
    )
    course_waitlist_count = fields.Integer(
        string="Waiting", compute="_compute_course_waitlist_count"
    )
    course_evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Evaluation survey",
        check_company=True,
        domain="[('access_mode', 'in', ('public', 'token')), "
        "('company_id', 'in', [company_id, False])]",
        help="Sent to each participant after the last session (empty: the category's, else "
        "the organisation's survey).",
    )
    course_evaluation_ids = fields.One2many(
        "event.course.evaluation", "event_id", string="Evaluations"
    )
    course_evaluation_count = fields.Integer(
        string="Asked to evaluate", compute="_compute_course_evaluation_count"
    )
    course_evaluation_answered_count = fields.Integer(
        string="Evaluations answered", compute="_compute_course_evaluation_count"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_course", self.env.context.get("default_is_course")):
                # not the events' sample text ("Join us for this 24 hours event")
                vals.setdefault("description", False)
        return super().create(vals_list)

    def _compute_event_mail_ids(self):
        super()._compute_event_mail_ids()
        for event in self.filtered(lambda e: e.is_course and not e.event_type_id):
            # the course's own confirmation (with the price) replaces the events' one
            event.event_mail_ids = event.event_mail_ids.filtered(
                lambda mail: mail.interval_type != "after_sub" or mail._origin.mail_done
            )

    @api.depends("course_category_id")
    def _compute_course_analytic_account_id(self):
        for event in self:
            event.course_analytic_account_id = (
                event.course_category_id.analytic_account_id or event.course_analytic_account_id
            )

    @api.depends("course_session_ids")
    def _compute_course_session_count(self):
        counts = dict(
            self.env["event.course.session"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.course_session_count = counts.get(event, 0)

    @api.depends("course_waitlist_ids.state")
    def _compute_course_waitlist_count(self):
        counts = dict(
            self.env["event.course.waitlist"]._read_group(
                [("event_id", "in", self.ids), ("state", "in", ("waiting", "offered"))],
                ["event_id"],
                ["__count"],
            )
        )
        for event in self:
            event.course_waitlist_count = counts.get(event, 0)

    def _compute_course_evaluation_count(self):
        counts = {
            course: (count, answered)
            for course, count, answered in self.env["event.course.evaluation"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count", "answered_count:sum"]
            )
        }
        for event in self:
            event.course_evaluation_count, event.course_evaluation_answered_count = counts.get(
                event, (0, 0)
            )

    def write(self, vals):
        result = super().write(vals)
        if "company_id" in vals and not self.env.su:
            # not moved into an organisation the user does not work in (rules are checked
            # before a write, not after)
            self.check_access("write")
        if WAITLIST_PLACE_FIELDS & vals.keys():
            # more seats or a wider margin may make room for people on the waiting list
            self.filtered("is_course")._course_offer_places()
        return result

    @api.constrains("company_id")
    def _check_event_organisation(self):
        # every event is an organisation's: core lets events without a company be seen (and
        # their registrations changed) by every organisation's staff
        if any(not event.company_id for event in self):
            raise ValidationError(_("An event must belong to an organisation."))

    @api.constrains(lambda self: self._course_company_fields())
    def _check_course_companies(self):
        # core events do not check their companies (no _check_company_auto): a course's
        # category, levels, term, fee, terms and survey are of its own organisation
        self._check_company(self._course_company_fields())

    @api.model
    def _course_company_fields(self):
        return [
            "company_id",
            *(
                name
                for name, field in self._fields.items()
                if getattr(field, "check_company", False) and field._module == "event_course"
            ),
        ]

    @api.constrains("is_course", "company_id", "course_product_id")
    def _check_course(self):
        for event in self.filtered("is_course"):
            if not event.company_id:
                raise ValidationError(
                    _("The course %s must belong to an organisation.", event.name)
                )
            if not event.course_product_id:
                raise ValidationError(_("The course %s needs a course fee product.", event.name))

    @api.constrains("course_role_margin")
    def _check_role_margin(self):
        if any(event.course_role_margin < 0 for event in self):
            raise ValidationError(_("The role margin cannot be negative."))

    # -- catalogue ------------------------------------------------------------------------------
    @api.model
    def _course_catalogue(self, organisation):
        """The published courses of ``organisation`` (and its branches) not ended yet."""
        return self.search(
            [
                ("is_course", "=", True),
                ("course_published", "=", True),
                ("company_id", "child_of", organisation.id),
                ("date_end", ">=", fields.Datetime.now()),
            ],
            order="date_begin, name, id",
        )

    def _course_follow_ons(self, partner):
        """Of these courses, those that follow on what ``partner`` has done: they require a
        level the person holds (and every required one), and the person is not registered."""
        approved = (
            self.env["event.course.level.approval"]
            .sudo()
            .search([("partner_id", "=", partner.id)])
            .level_id
        )
        registered = (
            self.env["event.registration"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "!=", "cancel")])
            .event_id
        )
        return self.filtered(
            lambda course: (
                course.required_level_ids
                and course not in registered
                and course.required_level_ids.category_id & approved.category_id
                and not course._course_missing_levels(partner)
            )
        )

    def _course_earlier_than(self):
        """When this course's term starts (UTC, as ``date_begin``), or without a term, when
        the course does: courses that started before it are of an earlier term."""
        self.ensure_one()
        if not self.term_id:
            return self.date_begin
        start = pytz.timezone(self.date_tz or "UTC").localize(
            datetime.combine(self.term_id.date_start, time.min)
        )
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    # -- checks --------------------------------------------------------------------------------
    def _course_today(self):
        return fields.Date.context_today(self.with_context(tz=self.date_tz))

    def _course_missing_levels(self, partners):
        """``{partner: levels}``: the required levels each of ``partners`` is not approved for."""
        self.ensure_one()
        if not self.required_level_ids:
            return {}
        # sudo: the approvals of these people for this course's levels only, to tell them
        # (on the public pages too) what they lack
        approvals = (
            self.env["event.course.level.approval"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", partners.ids),
                    ("level_id.category_id", "in", self.required_level_ids.category_id.ids),
                ],
                ["partner_id", "level_id"],
            )
        )
        held = {}
        for approval in approvals:
            held.setdefault(approval.partner_id, []).append(approval.level_id)
        result = {}
        for partner in partners:
            levels = held.get(partner, [])
            missing = self.required_level_ids.filtered(
                lambda required, levels=levels: (
                    not any(
                        level.category_id == required.category_id
                        and (level == required or level.sequence > required.sequence)
                        for level in levels
                    )
                )
            )
            if missing:
                result[partner] = missing
        return result

    def _course_overdue(self, partners):
        """``{partner: reason}`` for those of ``partners`` who owe the organisation: an
        invoice of its units past its due date, or marked in arrears by its reminders."""
        self.ensure_one()
        organisation = self.company_id.root_id
        # sudo: whether these people owe this organisation, to refuse the registration with
        # the reason; the registering user need not read invoices
        invoices = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("commercial_partner_id", "in", partners.commercial_partner_id.ids),
                    ("company_id", "child_of", organisation.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", self._course_today()),
                ],
                ["name", "commercial_partner_id", "invoice_date_due"],
                order="invoice_date_due",
            )
        )
        result = {}
        for partner in partners:
            overdue = invoices.filtered(
                lambda move, partner=partner: (
                    move.commercial_partner_id == partner.commercial_partner_id
                )
            )[:1]
            if overdue:
                result[partner] = _(
                    "invoice %(invoice)s was due on %(date)s",
                    invoice=overdue.name,
                    date=overdue.invoice_date_due,
                )
        in_arrears = partners.sudo().with_company(self.company_id).filtered("dunning_in_arrears")
        for partner in in_arrears:
            result.setdefault(partner, _("in arrears after reminders"))
        return result

    def _course_place_problem(self, roles, partners=None):
        """Why ``roles`` (one per new participant; empty without role balance) do not get a
        place now, or an empty string: seats and the balance of leaders and followers. The
        places offered from the waiting list and not answered yet are taken, except those
        offered to ``partners`` (the people registering)."""
        self.ensure_one()
        held = self._course_held_offers(partners)
        free = self.seats_available - len(held)
        if self.seats_limited and self.seats_max and free < len(roles):
            return _(
                "%(course)s has %(count)s free places.",
                course=self.name,
                count=max(free, 0),
            )
        if not self.course_role_balance:
            return ""
        taken = dict(
            self.env["event.registration"]
            .sudo()
            ._read_group(
                [("event_id", "=", self.id), ("state", "in", ("open", "done"))],
                ["course_role"],
                ["__count"],
            )
        )
        held_roles = held.mapped("course_role")
        leaders = taken.get("leader", 0) + held_roles.count("leader")
        followers = taken.get("follower", 0) + held_roles.count("follower")
        after_leaders = leaders + roles.count("leader")
        after_followers = followers + roles.count("follower")
        before, after = abs(leaders - followers), abs(after_leaders - after_followers)
        if after > self.course_role_margin and after > before:
            return _(
                "%(course)s balances leaders and followers: %(leaders)s leaders and "
                "%(followers)s followers are registered.",
                course=self.name,
                leaders=leaders,
                followers=followers,
            )
        return ""

    def _course_check(self, participants):
        """Raise :class:`CourseRegistrationRefused` naming each reason when ``participants``
        (dicts with ``partner`` and ``role``) may not register together."""
        self.ensure_one()
        partners = self.env["res.partner"].union(*(p["partner"] for p in participants))
        reasons = []
        if not self.is_course:
            reasons.append((None, _("%s is not a course.", self.name)))
        if self.course_role_balance and any(not p.get("role") for p in participants):
            reasons.append(
                (None, _("Choose leader or follower for each participant of %s.", self.name))
            )
        registered = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("event_id", "=", self.id),
                    ("partner_id", "in", partners.ids),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        for registration in registered:
            person = registration.partner_id
            reasons.append((person, _("%(person)s is already registered.", person=person.name)))
        for partner, levels in self._course_missing_levels(partners).items():
            text = _(
                "%(person)s is not approved for %(levels)s.",
                person=partner.name,
                levels=", ".join(levels.mapped("display_name")),
            )
            reasons.append((partner, text))
        for partner, reason in self._course_overdue(partners).items():
            text = _("%(person)s owes a payment: %(reason)s.", person=partner.name, reason=reason)
            reasons.append((partner, text))
        if reasons:
            raise CourseRegistrationRefused(
                "\n".join(text for _person, text in reasons), reasons=reasons
            )
        roles = (
            [p.get("role") for p in participants]
            if self.course_role_balance
            else [None] * len(participants)
        )
        place = self._course_place_problem(roles, partners)
        if place:
            raise CourseRegistrationRefused(
                place + "\n" + _("You can join the waiting list."), waitlist=True
            )

    # -- pricing ---------------------------------------------------------------------------------
    def _course_price(self, partner, pricelist):
        """The price of this course for ``partner`` through ``pricelist``, before discounts."""
        self.ensure_one()
        product = self.course_product_id.with_company(self.company_id)
        if not pricelist:
            return product.lst_price
        return pricelist._get_product_price(
            product, 1.0, currency=self.company_id.currency_id, date=self._course_today()
        )

    def _course_term_registrations(self, partner):
        """``partner``'s other registrations (not cancelled) for courses of this course's
        organisation and term."""
        self.ensure_one()
        if not self.term_id:
            return self.env["event.registration"]
        # sudo: the person's own courses this term, for the discount they give
        return (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "!=", "cancel"),
                    ("event_id", "!=", self.id),
                    ("event_id.is_course", "=", True),
                    ("event_id.term_id", "=", self.term_id.id),
                ]
            )
        )

    def _course_discount_line(self, partner, pricelist, price):
        """The discount line for ``partner`` (a dict as in :meth:`_course_quote`) or None: the
        first rule of the organisation that applies to this course and the person's other
        courses this term."""
        self.ensure_one()
        others = self._course_term_registrations(partner).event_id
        if not others:
            return None
        rules = (
            self.env["event.course.discount.rule"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
        )
        for rule in rules.filtered(lambda r: r._applies_to(self)):
            counted = others.filtered(rule._applies_to)
            if not counted:
                continue
            if rule.kind == "cheaper":
                cheapest = min(counted, key=lambda course: course._course_price(partner, pricelist))
                base = min(price, cheapest._course_price(partner, pricelist))
                label = _(
                    "%(rule)s (the cheaper of %(course)s and %(other)s)",
                    rule=rule.name,
                    course=self.name,
                    other=cheapest.name,
                )
            else:
                base = price
                label = _(
                    "%(rule)s (also registered for %(other)s)",
                    rule=rule.name,
                    other=counted[0].name,
                )
            amount = rule._discount(base)
            if amount:
                return {
                    "kind": "discount",
                    "product": self.course_product_id,
                    "name": label,
                    "amount": -amount,
                    "rule": rule,
                }
        return None

    def _course_membership_line(self, partner):
        """The membership fee line (a dict as in :meth:`_course_quote`) when ``partner`` is not
        a member of the organisation for the period that covers the course start, or None."""
        self.ensure_one()
        start = fields.Datetime.context_timestamp(
            self.with_context(tz=self.date_tz), self.date_begin
        ).date()
        # sudo: the organisation's period and this person's membership of it, read to add the
        # fee its rules decide; the registering user may be a member on the public pages
        period = self.env["membership.period"].sudo()._find(self.company_id, start)
        if not period:
            return None
        member = (
            self.env["membership.membership_line"]
            .sudo()
            .search_count(
                [
                    ("partner", "=", partner.id),
                    ("period_id", "=", period.id),
                    ("date_cancel", "=", False),
                ],
                limit=1,
            )
        )
        if member:
            return None
        fees = self.env["membership.fee.rule"].sudo()._fees(partner, period, self._course_today())
        rule, fee = fees[partner]
        return {
            "kind": "membership",
            "product": rule.product_id,
            "name": _("Membership %(period)s", period=period.name),
            "amount": fee,
            "period": period,
        }

    def _course_credit(self, payer):
        """The payer's credit with the course's organisation: their open receivable credit
        lines (an earlier cancellation, an over-payment), oldest first."""
        self.ensure_one()
        # sudo: the payer's own credit, to use it on their invoice
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", payer.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "<", 0),
                    # a credit to be paid back is not the person's to spend
                    ("move_id.course_refund_requested", "=", False),
                ],
                order="date, id",
            )
        )

    def _course_quote(self, partner, payer=None):
        """What ``partner`` pays for this course, each line explained: ``{"lines": [{"kind":
        "course"|"discount"|"membership", "product", "name", "amount"}], "total", "credit"
        (the payer's credit used), "to_pay", "currency"}``."""
        self.ensure_one()
        payer = payer or partner
        currency = self.company_id.currency_id
        pricelist = partner._association_pricelists(self._course_today(), self.company_id)[
            partner.id
        ]
        price = self._course_price(partner, pricelist)
        name = f"{self.name} ({self.term_id.name})" if self.term_id else self.name
        lines = [
            {"kind": "course", "product": self.course_product_id, "name": name, "amount": price}
        ]
        for line in (
            self._course_discount_line(partner, pricelist, price),
            self._course_membership_line(partner),
        ):
            # a free membership (fee 0) is still registered through its invoice line
            if line and (line["amount"] or line["kind"] == "membership"):
                lines.append(line)
        total = currency.round(sum(line["amount"] for line in lines))
        available = -sum(self._course_credit(payer).mapped("amount_residual"))
        credit = currency.round(max(min(available, total), 0.0))
        return {
            "lines": lines,
            "total": total,
            "credit": credit,
            "to_pay": currency.round(total - credit),
            "currency": currency,
        }

    # -- registration ----------------------------------------------------------------------------
    def _course_register(self, participants):
        """Register ``participants`` together (dicts: ``partner``, optional ``role``,
        ``payer`` (default: the participant) and ``pay``: ``"invoice"`` (by e-mail, OCR/KID)
        or ``"card"`` (at once: the invoice's payment page)). Each participant gets their
        own invoice, with the membership fee when they are not a member; the payer's credit
        is used on it. Returns the registrations."""
        self.ensure_one()
        # one registration of a course at a time: seats and role balance are counted anew
        self.env.cr.execute(SQL("SELECT id FROM event_event WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset(["seats_available", "seats_reserved", "seats_taken"])
        self._course_check(participants)
        quotes = [self._course_quote(p["partner"], p.get("payer")) for p in participants]
        registrations = (
            self.env["event.registration"]
            .with_context(event_course_registering=True)
            .create(
                [
                    {
                        "event_id": self.id,
                        "partner_id": p["partner"].id,
                        "name": p["partner"].name,
                        "email": p["partner"].email,
                        "phone": p["partner"].phone,
                        "course_role": p.get("role") or False,
                        "course_payer_id": (p.get("payer") or p["partner"]).id,
                        "state": "open",
                    }
                    for p in participants
                ]
            )
        )
        if len(registrations) > 1:
            first = registrations[0]
            first.course_partner_registration_id = registrations[1]
            (registrations - first).course_partner_registration_id = first
        registrations._course_invoice(quotes, [p.get("pay", "invoice") for p in participants])
        registrations._course_notify()
        # without the flag that let them be created and linked
        return registrations.with_env(self.env)

    def _course_invoice_line_extra(self):
        """Invoice line values of this course's fee and discount lines: the category's income
        account, the course (for the revenue per course) and its analytic distribution."""
        self.ensure_one()
        extra = {"course_event_id": self.id}
        if self.course_category_id.income_account_id:
            extra["account_id"] = self.course_category_id.income_account_id.id
        if distribution := self._course_analytic_distribution():
            extra["analytic_distribution"] = distribution
        return extra

    def _course_analytic_distribution(self):
        """The analytic distribution of this course's revenue: all of it on the course's
        analytic account, and also on its category's when that one is of another plan (the
        category's cost centre and the course's project); ``False`` without an account."""
        self.ensure_one()
        accounts = self.course_analytic_account_id
        category_account = self.course_category_id.analytic_account_id
        if category_account and category_account.root_plan_id not in accounts.root_plan_id:
            accounts |= category_account
        if not accounts:
            return False
        return {",".join(str(account_id) for account_id in sorted(accounts.ids)): 100.0}

    def _course_due_date(self):
        return self._course_today() + timedelta(days=self.company_id.billing_payment_days)

    # -- waiting list ----------------------------------------------------------------------------
    def _course_held_offers(self, partners=None):
        """The open offers of this course's waiting list (they hold a place until they are
        answered or expire), except those to ``partners``."""
        self.ensure_one()
        domain = [
            ("event_id", "=", self.id),
            ("state", "=", "offered"),
            ("offer_deadline", ">", fields.Datetime.now()),
        ]
        if partners:
            domain.append(("partner_id", "not in", partners.ids))
        # sudo: the places held for people offered one, counted for whoever registers
        return self.env["event.course.waitlist"].sudo().search(domain)

    def _course_lock(self):
        """One registration or offer of this course at a time: seats and role balance are
        counted anew."""
        self.ensure_one()
        self.env.cr.execute(SQL("SELECT id FROM event_event WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset(["seats_available", "seats_reserved", "seats_taken"])

    def _course_join_waitlist(self, participants):
        """Put ``participants`` (dicts as for :meth:`_course_register`) on this course's
        waiting list, together when there are two (they are offered places together).
        Refused (:class:`CourseRegistrationRefused`) for people already registered or
        waiting, and for every reason of the course's checks other than the want of a place.
        Returns the entries (offered a place at once when one is free)."""
        self.ensure_one()
        self._course_lock()
        partners = self.env["res.partner"].union(*(p["partner"] for p in participants))
        # sudo: whether these people are on the list already, whoever puts them on it
        waiting = (
            self.env["event.course.waitlist"]
            .sudo()
            .search(
                [
                    ("event_id", "=", self.id),
                    ("partner_id", "in", partners.ids),
                    ("state", "in", ("waiting", "offered")),
                ]
            )
        )
        if waiting:
            raise CourseRegistrationRefused(
                "\n".join(
                    _(
                        "%(person)s is already on the waiting list of %(course)s.",
                        person=entry.partner_id.name,
                        course=self.name,
                    )
                    for entry in waiting
                )
            )
        try:
            self._course_check(participants)
        except CourseRegistrationRefused as refusal:
            if not refusal.waitlist:
                raise
        now = fields.Datetime.now()
        entries = (
            self.env["event.course.waitlist"]
            .with_context(event_course_joining=True)
            .create(
                [
                    {
                        "event_id": self.id,
                        "partner_id": p["partner"].id,
                        "course_role": (p.get("role") or False)
                        if self.course_role_balance
                        else False,
                        "payer_id": (p.get("payer") or p["partner"]).id,
                        "pay": p.get("pay", "invoice"),
                        "date_joined": now,
                    }
                    for p in participants
                ]
            )
        )
        if len(entries) > 1:
            first = entries[0]
            first.together_id = entries[1]
            (entries - first).together_id = first
        self._course_offer_places()
        return entries.with_env(self.env)

    def _course_offer_places(self):
        """Offer the free places of these courses to the next people on their waiting lists
        who fit: in the order they joined, skipping those whose role (or whose pair) would
        break the balance or who need more seats than are free. Courses that have ended
        offer nothing."""
        now = fields.Datetime.now()
        # sudo: a freed place is offered by the course's rules, whoever freed it (a member
        # cancelling on the portal, the expiry job)
        for course in self.sudo().filtered(lambda c: c.is_course and c.date_end > now):
            course._course_lock()
            waiting = course.course_waitlist_ids.filtered(lambda e: e.state == "waiting")
            seen = waiting.browse()
            for entry in waiting.sorted(lambda e: (e.date_joined, e.id)):
                if entry in seen:
                    continue
                group = entry._course_group(("waiting",))
                seen |= group
                if not course._course_place_problem(group._course_roles()):
                    group._course_offer()
                elif (
                    course.seats_limited
                    and course.seats_max
                    and course.seats_available <= len(course._course_held_offers())
                ):
                    break  # no seat left for anybody

    def action_course_waitlist(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Waiting list of %s", self.name),
            "res_model": "event.course.waitlist",
            "view_mode": "list,form",
            "domain": [("event_id", "=", self.id)],
            "context": {"default_event_id": self.id, "search_default_active": 1},
        }

    def _course_cancellation_terms(self):
        """The terms of cancelling a registration of this course: its own, else its
        organisation's."""
        self.ensure_one()
        return self.course_cancellation_terms_id or self.company_id.course_cancellation_terms_id

    def action_course_sessions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Sessions of %s", self.name),
            "res_model": "event.course.session",
            "view_mode": "list,calendar",
            "domain": [("event_id", "=", self.id)],
            "context": {"default_event_id": self.id},
        }

    # -- evaluation ------------------------------------------------------------------------------
    def _course_evaluation_survey(self):
        """The survey that evaluates this course: its own, its category's or its
        organisation's."""
        self.ensure_one()
        return (
            self.course_evaluation_survey_id
            or self.course_category_id.evaluation_survey_id
            or self.company_id.course_evaluation_survey_id
        )

    def action_course_evaluations(self):
        """The participants asked to evaluate this course and who answered."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Evaluations of %s", self.name),
            "res_model": "event.course.evaluation",
            "view_mode": "list,pivot,graph",
            "domain": [("event_id", "=", self.id)],
        }

    def action_course_evaluation_results(self):
        """The survey's results page, of this course's answers only."""
        self.ensure_one()
        survey = self.course_evaluation_ids.survey_id[:1] or self._course_evaluation_survey()
        if not survey:
            raise UserError(_("%s has no evaluation survey.", self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/survey/results/{survey.id}?course_id={self.id}",
            "target": "new",
        }
