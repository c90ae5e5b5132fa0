from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DunningCommon

DUE = date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestTampering(DunningCommon):
    """A billing user may write reminders and their lines (OCA's rights), also over RPC:
    whatever they change, nothing of another organisation goes out with a reminder, and
    nothing is sent in another organisation's name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.setup_other_company(name="Union B")["company"]
        cls.org_b.write({"country_id": cls.env.ref("base.se").id, "email": "kansli@b.example"})
        cls.person_b = cls._customer("Bo Berg", mobile="070-174 06 42")
        cls.person_b.sudo().organisation_ids = cls.org_b
        cls.invoice_b = cls._invoice(cls.person_b, DUE, company=cls.org_b)

    def _reminder(self):
        self._invoice(self.karin, DUE)
        run = self._run(date(2026, 2, 10))
        return run.with_user(self.billing), run.communication_ids.with_user(self.billing)

    def _send_by_the_job(self, run):
        run.action_dunning_send()
        self.env["credit.control.run"]._cron_dunning_send()
        run.invalidate_recordset()

    def _assert_not_sent(self, comm):
        comm = comm.sudo()
        self.assertNotEqual(comm.dunning_state, "done")
        self.assertIn("has been changed", comm.error)
        self.assertFalse(self._mails(comm))
        self.assertFalse(comm.fee_move_id)

    def test_another_invoice_on_a_line_is_refused(self):
        _run, comm = self._reminder()
        with self.assertRaises(ValidationError):
            comm.credit_control_line_ids.write({"invoice_id": self.invoice_b.id})

    def test_another_organisations_journal_item_is_not_sent(self):
        run, comm = self._reminder()
        receivable_b = self.invoice_b.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        comm.credit_control_line_ids.write(
            {"move_line_id": receivable_b.id, "invoice_id": self.invoice_b.id}
        )
        self._send_by_the_job(run)
        self._assert_not_sent(comm)
        self.assertFalse(
            self.env["mail.message"]
            .search([("model", "=", "account.move"), ("res_id", "=", self.invoice_b.id)])
            .filtered(lambda message: "Reminder" in (message.body or "")),
            "no note on B's invoice",
        )

    def test_a_reminder_moved_to_another_organisation_is_refused(self):
        run, comm = self._reminder()
        run.action_dunning_send()
        comm.write({"company_id": self.org_b.id})
        self.env["credit.control.run"]._cron_dunning_send()
        self._assert_not_sent(comm)
        self.assertFalse(
            self.env["account.move"].search([("company_id", "=", self.org_b.id)]) - self.invoice_b,
            "no fee invoice in B's books",
        )

    def test_another_persons_address_is_not_used(self):
        run, comm = self._reminder()
        comm.write({"contact_address_id": self.person_b.id})
        self._send_by_the_job(run)
        self._assert_not_sent(comm)
        self.assertNotEqual(comm.sudo().sms_number, "+46701740642", "not B's person's number")
