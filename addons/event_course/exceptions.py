from odoo.exceptions import UserError


class CourseRegistrationRefused(UserError):
    """A registration the course's rules refuse. ``waitlist``: the refusal is for want of a
    place (seats, role balance) and the people may join the waiting list instead.
    ``reasons``: ``[(person or None, text)]``, each reason with the person it is about (what
    a partner owes or lacks is not for the person who registers them to read)."""

    def __init__(self, message, waitlist=False, reasons=()):
        super().__init__(message)
        self.waitlist = waitlist
        self.reasons = list(reasons)
