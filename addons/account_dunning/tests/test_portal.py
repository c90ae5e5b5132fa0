from datetime import date

from odoo.tests import new_test_user, tagged

from .common import DunningHttpCommon


@tagged("post_install", "-at_install")
class TestFeeInvoiceOnThePortal(DunningHttpCommon):
    """The member downloads the fee invoice of a reminder from the portal: its official
    PDF, not a proforma; another member cannot."""

    def test_fee_invoice_pdf(self):
        self._invoice(self.karin, date(2026, 1, 31))
        run = self._send(self._run(date(2026, 2, 10)))
        fee = run.communication_ids.fee_move_id
        self.assertEqual(fee.state, "posted")
        self.assertFalse(fee.invoice_pdf_report_id, "sent with the reminder, not by Send")
        new_test_user(
            self.env, login="karin_portal", groups="base.group_portal", partner_id=self.karin.id
        )
        new_test_user(self.env, login="erik_portal", groups="base.group_portal")
        url = f"/my/invoices/{fee.id}?report_type=pdf&download=true"

        self.authenticate("erik_portal", "erik_portal")
        response = self.url_open(url, allow_redirects=False)
        self.assertNotEqual(response.status_code, 200, "not another member's invoice")
        self.assertFalse(fee.invoice_pdf_report_id)

        self.authenticate("karin_portal", "karin_portal")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        fee.invalidate_recordset()
        self.assertTrue(fee.invoice_pdf_report_id, "the official PDF is made and kept")
        self.assertEqual(response.content, fee.invoice_pdf_report_id.raw)
        self.assertNotIn("proforma", response.headers["Content-Disposition"].lower())
