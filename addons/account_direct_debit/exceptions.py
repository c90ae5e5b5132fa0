from odoo.exceptions import UserError


class DirectDebitNotWithdrawable(UserError):
    """The bank takes no withdrawal of these debits from here: too close to their date, or
    the scheme has no cancellation file."""
