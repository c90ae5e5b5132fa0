from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DunningHttpCommon


@tagged("post_install", "-at_install")
class TestReminderTour(DunningHttpCommon):
    def test_reminder_run_preview_and_send(self):
        """A billing user computes a reminder run, reads the preview and sends it."""
        self._invoice(self.karin, date(2026, 11, 4))
        self.billing.write({"password": "dunning_billing"})
        with freeze_time(date(2026, 11, 14)):
            self.start_tour(
                "/odoo/action-account_dunning.action_dunning_runs",
                "account_dunning_run",
                login="dunning_billing",
            )
        run = self.env["credit.control.run"].search([("company_id", "=", self.org.id)])
        self.assertEqual(run.dunning_state, "sending")
        self.assertEqual(run.communication_ids.partner_id, self.karin)
