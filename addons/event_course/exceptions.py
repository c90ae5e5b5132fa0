from odoo.exceptions import UserError


class CourseRegistrationRefused(UserError):
    """A registration the course's rules refuse. ``waitlist``: the refusal is for want of a
    place (seats, role balance) and the people may join the waiting list instead."""

    def __init__(self, message, waitlist=False):
        super().__init__(message)
        self.waitlist = waitlist
