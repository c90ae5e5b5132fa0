from odoo import models

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
