from odoo import _, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    course_refund_requested = fields.Boolean(
        string="Refund asked for",
        readonly=True,
        copy=False,
        help="The credit of this credit note (a cancelled course) is to be paid back to the "
        "person: register the payment on it when the money is sent. Until then no "
        "registration uses it as credit.",
    )

    def _course_request_refund(self, course):
        """Flag this credit note's open credit to be paid back, with a to-do for the course's
        responsible (else the user cancelling, when staff)."""
        self.ensure_one()
        self.course_refund_requested = True
        user = course.user_id if course.user_id and not course.user_id.share else self.env.user
        if user.share:
            return  # nobody of the staff to tell: the credit note's flag and filter show it
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Refund the cancelled course"),
            note=_(
                "%(person)s cancelled %(course)s and asked for the money back: pay "
                "%(amount)s to them and register the payment on this credit note.",
                person=self.partner_id.name,
                course=course.name,
                amount=self.currency_id.format(self.amount_residual),
            ),
            user_id=user.id,
        )
