from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.exceptions import AccessDenied
from odoo.http import Controller, request, route

from ..exceptions import CourseRegistrationRefused
from ..models.event_event import COURSE_ROLES

ROLES = tuple(role for role, _label in COURSE_ROLES)

SESSION_KEY = "event_course_person"


class CoursePages(Controller):
    """The public course catalogue of an organisation and registration.

    Who registers is known from a personal link (a signed token, kept in the session until
    it expires) or from the login; nobody types their data. Everything is read with sudo:
    published courses of the organisation, the known person's own data, and the people they
    registered with before (found here, never taken from the form)."""

    # -- who is registering ------------------------------------------------------------------
    def _known_person(self, organisation):
        """The person registering with ``organisation``'s courses, or an empty recordset."""
        Partner = request.env["res.partner"].sudo()
        user = request.env.user
        if not user._is_public():
            # a login always wins over a personal link kept from before
            request.session.pop(SESSION_KEY, None)
            return user.partner_id.sudo()
        remembered = request.session.get(SESSION_KEY)
        if remembered and remembered.get("organisation") == organisation.root_id.id:
            try:
                partner, _organisation = Partner._course_from_invite_token(remembered["token"])
                return partner
            except AccessDenied:
                request.session.pop(SESSION_KEY, None)
        return Partner

    def _organisation(self, organisation_id):
        # sudo: the organisation's name and logo on its own public pages
        organisation = request.env["res.company"].sudo().browse(organisation_id).exists()
        if not organisation:
            raise NotFound()
        return organisation

    def _course(self, event_id):
        # sudo: published courses are public
        course = request.env["event.event"].sudo().browse(event_id).exists()
        if (
            not course
            or not course.is_course
            or not course.course_published
            or course.date_end < fields.Datetime.now()
        ):
            raise NotFound()
        return course

    def _values(self, organisation, **values):
        person = self._known_person(organisation)
        return {"organisation": organisation, "person": person, **values}

    # -- pages -------------------------------------------------------------------------------
    @route("/courses/invite/<string:token>", type="http", auth="public", website=True)
    def invite(self, token, course=None, **kwargs):
        """Recognise the person of the link, then show the catalogue, or the page of
        ``course`` (an id) when it is on the catalogue of the link's organisation."""
        try:
            partner, organisation = (
                request.env["res.partner"].sudo()._course_from_invite_token(token)
            )
        except AccessDenied as error:
            return request.render(
                "event_course.course_link_invalid", {"message": error.args[0]}, status=403
            )
        request.session[SESSION_KEY] = {"token": token, "organisation": organisation.root_id.id}
        if partner.lang:
            request.update_context(lang=partner.lang)
        if course and course.isdigit():
            catalogue = request.env["event.event"].sudo()._course_catalogue(organisation)
            if int(course) in catalogue.ids:
                return request.redirect(f"/courses/course/{int(course)}")
        return request.redirect(f"/courses/{organisation.id}")

    @route("/courses/forget", type="http", auth="public", website=True, methods=["POST"])
    def forget(self, organisation_id, **kwargs):
        request.session.pop(SESSION_KEY, None)
        return request.redirect(f"/courses/{int(organisation_id)}")

    @route("/courses/<int:organisation_id>", type="http", auth="public", website=True)
    def catalogue(self, organisation_id, **kwargs):
        organisation = self._organisation(organisation_id)
        courses = request.env["event.event"].sudo()._course_catalogue(organisation)
        values = self._values(organisation, courses=courses)
        person = values["person"]
        values["suggested"] = courses._course_follow_ons(person) if person else courses.browse()
        return request.render("event_course.course_catalogue", values)

    @route("/courses/course/<int:event_id>", type="http", auth="public", website=True)
    def course(self, event_id, registered=None, waiting=None, **kwargs):
        course = self._course(event_id)
        organisation = course.company_id
        values = self._values(organisation, course=course)
        person = values["person"]
        if person:
            values["previous_partners"] = person._course_previous_partners(organisation)
            values["registration"] = course.registration_ids.filtered(
                lambda r: r.partner_id == person and r.state != "cancel"
            )[:1]
        values["registered"] = bool(registered)
        values["waiting"] = bool(waiting)
        return request.render("event_course.course_page", values)

    def _participants(self, course, person, form):
        """The participants the form asks for: the known person and, optionally, one of the
        people they registered with before (checked against that list)."""
        organisation = course.company_id
        role = form.get("role") or False
        pay = form.get("pay", "invoice")
        partner_id = form.get("partner_id") or "0"
        if (
            role not in (False, *ROLES)
            or pay not in ("card", "invoice")
            or not partner_id.isdigit()
        ):
            raise NotFound()
        participants = [{"partner": person, "role": role, "pay": pay}]
        partner_id = int(partner_id)
        if partner_id:
            partner = person._course_previous_partners(organisation).filtered(
                lambda p: p.id == partner_id
            )
            if not partner:
                raise NotFound()
            other_role = {"leader": "follower", "follower": "leader"}.get(role, False)
            # the partner is not here to pay by card: their invoice goes by e-mail
            participants.append({"partner": partner, "role": other_role, "pay": "invoice"})
        return participants

    def _refusal_text(self, refusal, person):
        """What the registering person may read of a refusal: their own reasons, and of their
        partner only that they cannot be registered (not what they owe or lack)."""
        lines = []
        for about, text in refusal.reasons or [(None, refusal.args[0])]:
            if about and about != person:
                text = _(
                    "%s cannot be registered for this course now: they are welcome to ask "
                    "the organisation why.",
                    about.name,
                )
            if text not in lines:
                lines.append(text)
        return "\n".join(lines)

    def _review(self, course, person, form, refusal=None):
        participants = self._participants(course, person, form)
        quotes = [course._course_quote(p["partner"]) for p in participants]
        error = self._refusal_text(refusal, person) if refusal else None
        waitlist = bool(refusal and refusal.waitlist)
        values = self._values(
            course.company_id,
            course=course,
            participants=list(zip(participants, quotes, strict=True)),
            form=form,
            error=error,
            waitlist=waitlist,
        )
        return request.render("event_course.course_review", values)

    def _require_person(self, course):
        person = self._known_person(course.company_id)
        if not person:
            raise NotFound()
        return person

    @route(
        "/courses/course/<int:event_id>/review",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def review(self, event_id, **form):
        course = self._course(event_id)
        person = self._require_person(course)
        try:
            course._course_check(self._participants(course, person, form))
        except CourseRegistrationRefused as refusal:
            return self._review(course, person, form, refusal)
        return self._review(course, person, form)

    @route(
        "/courses/course/<int:event_id>/confirm",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def confirm(self, event_id, **form):
        course = self._course(event_id)
        person = self._require_person(course)
        participants = self._participants(course, person, form)
        try:
            registrations = course._course_register(participants)
        except CourseRegistrationRefused as refusal:
            request.env.cr.rollback()
            return self._review(course, person, form, refusal)
        own = registrations[0]
        invoice = own.course_invoice_id
        if (
            participants[0]["pay"] == "card"
            and invoice
            and not invoice.currency_id.is_zero(invoice.amount_residual)
        ):
            return request.redirect(invoice.get_portal_url())
        return request.redirect(f"/courses/course/{course.id}?registered=1")

    @route(
        "/courses/course/<int:event_id>/waitlist",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def waitlist(self, event_id, **form):
        course = self._course(event_id)
        person = self._require_person(course)
        try:
            course._course_join_waitlist(self._participants(course, person, form))
        except CourseRegistrationRefused as refusal:
            request.env.cr.rollback()
            return self._review(course, person, form, refusal)
        return request.redirect(f"/courses/course/{course.id}?waiting=1")
