from odoo import _, api, models
from odoo.exceptions import ValidationError

# states of a line whose reminder has gone (or is going) out
ISSUED = ("queued", "to_be_sent", "sent", "email_error")


class CreditControlLine(models.Model):
    _inherit = "credit.control.line"

    def init(self):
        super().init()
        # "Never two reminders for one invoice and level": enforced by PostgreSQL, whatever
        # runs, jobs, retries or users do. Draft and ignored lines are proposals, not
        # reminders.
        self.env.cr.execute(
            f"""
            CREATE UNIQUE INDEX IF NOT EXISTS credit_control_line_issued_unique
                ON credit_control_line (move_line_id, policy_level_id)
             WHERE state IN {ISSUED}
            """
        )

    @api.constrains("invoice_id", "move_line_id")
    def _check_invoice_of_the_line(self):
        # OCA fills in the invoice of the journal item; another one would attach (and note)
        # an invoice that is not reminded, perhaps another organisation's
        for line in self:
            if line.invoice_id and line.invoice_id != line.move_line_id.move_id:
                raise ValidationError(
                    _("A reminder line is about the invoice of its journal item only.")
                )

    def write(self, vals):
        if "manual_followup" in vals:
            # OCA copies the flag to the person, in the current organisation: it is the
            # line's organisation's follow-up (the field is per organisation)
            for company, lines in self.grouped("company_id").items():
                super(CreditControlLine, lines.with_company(company)).write(vals)
            return True
        return super().write(vals)
