import base64
from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import (
    AccountTestInvoicingCommon,
    AccountTestInvoicingHttpCommon,
)

from nordic_formats.se import sie


@tagged("post_install", "-at_install")
class TestSie4Tours(AccountTestInvoicingHttpCommon):
    """The treasurer's SIE 4 export clicked through in the browser by an accountant of a
    Swedish organisation (not an accounting manager)."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("se")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write({"name": "Kappseglarna", "company_registry": "802456-1234"})
        cls.accountant = new_test_user(
            cls.env,
            login="se_accountant",
            password="se_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.invoices = {
            day: cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.partner_a.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create({"name": "Medlemsavgift", "price_unit": 400, "tax_ids": []})
                    ],
                }
            )
            for day in (date(2025, 12, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 6, 1))
        }
        for invoice in cls.invoices.values():
            invoice.action_post()

    def test_sie4_export_as_accountant(self):
        self.start_tour(
            "/odoo/action-l10n_se_sie4.action_l10n_se_sie4_export",
            "l10n_se_sie4_export_tour",
            login="se_accountant",
        )
        log = self.env["l10n_se_sie4.export"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.create_uid, self.accountant)
        self.assertEqual((log.date_from, log.date_to), (date(2026, 1, 1), date(2026, 4, 30)))
        self.assertFalse(log.locked)
        parsed = sie.read(base64.b64decode(log.file))
        self.assertEqual(parsed.company_name, "Kappseglarna")
        self.assertEqual(parsed.org_no, "802456-1234")
        self.assertEqual(parsed.generated_by, self.accountant.name)
        # the vouchers of February and March; December 2025 and June 2026 lie outside
        self.assertEqual([v.date for v in parsed.vouchers], [date(2026, 2, 1), date(2026, 3, 1)])
        self.assertEqual(log.voucher_count, 2)
        for voucher in parsed.vouchers:
            self.assertEqual(voucher.balance, 0)
            self.assertIn(400, [abs(t.amount) for t in voucher.transactions])
