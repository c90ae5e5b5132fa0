import time

from odoo import _, api, models
from odoo.exceptions import AccessDenied
from odoo.tools import consteq
from odoo.tools.misc import hmac

INVITE_SCOPE = "event_course.invite"
INVITE_DAYS = 60


class ResPartner(models.Model):
    _inherit = "res.partner"

    # -- personal links ----------------------------------------------------------------------
    def _course_invite_token(self, organisation, days=INVITE_DAYS):
        """A signed token that recognises this person on ``organisation``'s course pages
        for ``days`` days: ``<partner>-<organisation>-<expiry>-<signature>``."""
        self.ensure_one()
        expiry = int(time.time()) + days * 86400
        message = f"{self.id}-{organisation.id}-{expiry}"
        return f"{message}-{hmac(self.env(su=True), INVITE_SCOPE, message)}"

    def _course_invite_url(self, organisation, days=INVITE_DAYS):
        self.ensure_one()
        base = organisation.get_base_url()
        return f"{base}/courses/invite/{self._course_invite_token(organisation, days)}"

    @api.model
    def _course_from_invite_token(self, token):
        """``(person, organisation)`` of a token made by :meth:`_course_invite_token`;
        :class:`AccessDenied` when it was tampered with or has expired."""
        try:
            partner_id, organisation_id, expiry, signature = token.split("-")
            message = f"{int(partner_id)}-{int(organisation_id)}-{int(expiry)}"
        except ValueError as error:
            raise AccessDenied(_("This link is not valid.")) from error
        if not consteq(signature, hmac(self.env(su=True), INVITE_SCOPE, message)):
            raise AccessDenied(_("This link is not valid."))
        if int(expiry) < time.time():
            raise AccessDenied(_("This link has expired. Ask the organisation for a new one."))
        # sudo: the person and organisation the signature vouches for
        partner = self.sudo().browse(int(partner_id)).exists()
        organisation = self.env["res.company"].sudo().browse(int(organisation_id)).exists()
        if not partner or not organisation:
            raise AccessDenied(_("This link is not valid."))
        return partner, organisation

    # -- course partners ---------------------------------------------------------------------
    def _course_previous_partners(self, organisation):
        """The people this person registered together with for ``organisation``'s courses
        (of its units): whom they may register with again without typing anything."""
        self.ensure_one()
        # sudo: the person's own registrations with the organisation and whom they were
        # made together with; only those people are returned
        registrations = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.id),
                    ("event_id.is_course", "=", True),
                    ("event_id.company_id", "child_of", organisation.root_id.id),
                ]
            )
        )
        together = registrations.course_partner_registration_id | registrations.search(
            [("course_partner_registration_id", "in", registrations.ids)]
        )
        return (together.partner_id - self).sorted("name")
