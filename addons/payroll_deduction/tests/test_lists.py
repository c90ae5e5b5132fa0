import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DeductionCommon

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestDeductionLists(DeductionCommon):
    def test_employer_invoice_per_month_with_reference_and_lines_per_product(self):
        run = self._confirm(self._run(date(2026, 3, 17)))  # any day of the month
        deduction_list = self._list(run)
        invoice = deduction_list.invoice_id
        self.assertEqual(run.line_ids.invoice_id, invoice, "one invoice per employer and month")
        self.assertEqual(invoice.partner_id, self.employer_partner)
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.payment_reference, "the employer pays with the reference")
        self.assertEqual(invoice.amount_total, 1404.0)
        by_product = {line.product_id: line.price_subtotal for line in invoice.invoice_line_ids}
        self.assertEqual(by_product, {self.dues: 1354.0, self.insurance: 50.0})
        self.assertEqual(deduction_list.state, "done")
        self.assertEqual(invoice.billing_key, f"deduction:{self.employer.id}:2026-03")

    def test_deducted_members_not_invoiced_by_the_dues_run(self):
        dues = self.env["account.billing.run"].create(
            {
                "company_id": self.union.id,
                "source": "membership",
                "membership_period_id": self.period_2026.id,
                "invoice_date": date(2026, 1, 10),
                "invoice_date_due": date(2026, 1, 31),
            }
        )
        dues.with_user(self.treasurer).action_compute()
        self.assertEqual(dues.line_ids.partner_id, self.dag, "only the member not deducted")
        # an employment without deduction, or ended before the period, does not count
        self.job_anna.deduct_dues = False
        self.job_bjorn.write({"date_start": date(2020, 1, 1), "date_end": date(2025, 12, 31)})
        dues.with_user(self.treasurer).action_compute()
        self.assertEqual(dues.line_ids.partner_id, self.dag | self.anna | self.bjorn)

    def test_new_deducted_member_gets_no_invoice_of_their_own(self):
        self.union.membership_auto_invoice = True
        eva = self._person("Eva Fjell")
        self._employ(eva, 20000, "E-9")
        frank = self._person("Frank Gran")
        # a registering user who may invoice (staff alone cannot register with automatic
        # invoicing: membership_period's _auto_invoice recomputes the fee as a write)
        Membership = self.env["membership.membership_line"].with_user(self.treasurer)
        eva_row = Membership.create({"partner": eva.id, "period_id": self.period_2026.id})
        frank_row = Membership.create({"partner": frank.id, "period_id": self.period_2026.id})
        self.assertFalse(eva_row.account_invoice_line)
        self.assertTrue(frank_row.account_invoice_line)

    def test_first_list_everybody_starts_and_the_file(self):
        run = self._run(MARCH)
        run.action_compute()
        deduction_list = self._list(run).with_user(self.treasurer)
        self.assertEqual(set(deduction_list.line_ids.mapped("change")), {"new"})
        self.assertEqual(deduction_list.new_count, 3)
        name, content = deduction_list._export_file("csv")
        self.assertEqual(name, "Fjord Verksted AS 2026-03.csv")
        rows = self._csv_rows(content)
        self.assertEqual(
            rows[0],
            ["Name", "National identity number", "Employee number", "Period", "Amount", "Change"],
        )
        self.assertEqual(
            rows[1:],
            [
                ["Anna Aas", self.anna.national_id, "E-1", "2026-03", "108,00", "Starter"],
                ["Bjørn Berg", self.bjorn.national_id, "E-2", "2026-03", "515,00", "Starter"],
                ["Cecilie Dahl", self.cecilie.national_id, "E-3", "2026-03", "781,00", "Starter"],
            ],
        )

    def test_rerunning_a_month_gives_the_same_list(self):
        run = self._run(MARCH)
        run.action_compute()
        first = {fmt: self._list(run)._export_file(fmt) for fmt in ("csv", "xlsx")}
        run.action_compute()  # computed again
        self.assertEqual(self._list(run)._export_file("csv"), first["csv"])
        run.action_cancel()
        self.assertFalse(run.deduction_list_ids, "a cancelled run keeps no list")
        again = self._confirm(self._run(MARCH))
        self.assertEqual(self._list(again)._export_file("csv"), first["csv"])
        self.assertEqual(self._list(again)._export_file("xlsx"), first["xlsx"])
        # the month is sent: a third run bills nothing twice and changes nothing
        third = self._run(MARCH)
        third.action_compute()
        self.assertFalse(third.line_ids)
        self.assertFalse(third.deduction_list_ids)
        self.assertEqual(self._list(again)._export_file("csv"), first["csv"])

    def test_starters_changes_and_leavers_since_the_last_list(self):
        self._confirm(self._run(MARCH))
        # in April: Anna's pay rises, Bjørn left at the end of March, Cecilie has a new
        # employee number, Dag starts mid-April
        self.job_anna.gross_pay = 10000
        self.job_bjorn.date_end = date(2026, 3, 31)
        self.job_cecilie.employee_number = "E-33"
        self._employ(self.dag, 20000, "E-4", start=date(2026, 4, 15))
        run = self._confirm(self._run(APRIL))
        april = self._list(run)
        changes = {line.partner_id: line for line in april.line_ids}
        self.assertEqual(changes[self.anna].change, "changed")
        self.assertEqual(changes[self.anna].previous_amount, 108.0)
        self.assertEqual(changes[self.anna].amount, 155.0)
        self.assertEqual(changes[self.bjorn].change, "left")
        self.assertEqual(changes[self.bjorn].amount, 0.0)
        self.assertEqual(changes[self.bjorn].previous_amount, 515.0)
        self.assertEqual(changes[self.cecilie].change, "changed")
        self.assertEqual(changes[self.dag].change, "new")
        self.assertEqual(changes[self.dag].amount, 310.0)
        self.assertEqual(april.amount_total, 155 + 781 + 310)
        self.assertEqual((april.new_count, april.changed_count, april.left_count), (1, 2, 1))
        self.assertEqual(april.member_count, 3)

        _name, content = april.with_user(self.treasurer)._export_file("xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        full, moved = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
        self.assertEqual([row[0] for row in full[1:]], ["Anna Aas", "Cecilie Dahl", "Dag Eide"])
        self.assertEqual(full[1][1:], (self.anna.national_id, "E-1", "2026-04", 155))
        self.assertEqual(
            [(row[0], row[5], row[6]) for row in moved[1:]],
            [
                ("Anna Aas", "Changed", 108),
                ("Bjørn Berg", "Leaver", 515),
                ("Cecilie Dahl", "Changed", 781),
                ("Dag Eide", "Starter", None),
            ],
        )
        # May: nothing changed since April, and Bjørn is no longer listed
        may = self._list(self._confirm(self._run(date(2026, 5, 1))))
        self.assertEqual(may.previous_id, april)
        self.assertEqual(set(may.line_ids.mapped("change")), {"unchanged"})
        self.assertNotIn(self.bjorn, may.line_ids.partner_id)

    def test_list_of_leavers_only_is_sent_without_invoice(self):
        self._confirm(self._run(MARCH))
        (self.job_anna | self.job_bjorn | self.job_cecilie).date_end = date(2026, 3, 31)
        run = self._confirm(self._run(APRIL))
        april = self._list(run)
        self.assertEqual(set(april.line_ids.mapped("change")), {"left"})
        self.assertFalse(april.invoice_id)
        self.assertEqual(april.state, "done")
        self.assertTrue(april.sent_date)

    def test_lists_sent_by_email_to_the_payroll_office(self):
        run = self._confirm(self._run(MARCH))
        deduction_list = self._list(run)
        message = deduction_list.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.payroll_office)
        self.assertEqual(message.attachment_ids.name, "Fjord Verksted AS 2026-03.csv")
        self.assertEqual(
            message.attachment_ids.raw,
            deduction_list.with_user(self.treasurer)._export_file("csv")[1],
        )
        emailed = message.notification_ids.filtered(lambda n: n.notification_type == "email")
        self.assertEqual(emailed.res_partner_id, self.payroll_office)
        self.assertTrue(deduction_list.sent_date)
        # sent again: the first message keeps its file
        deduction_list.with_user(self.treasurer).action_send()
        sent = deduction_list.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(sent), 2)
        for each in sent:
            self.assertEqual(each.attachment_ids.name, "Fjord Verksted AS 2026-03.csv")

    def test_identity_numbers_only_for_users_allowed_to_see_them(self):
        run = self._run(MARCH, user=self.billing)
        with self.assertRaises(AccessError):
            run.action_compute()
        run = self._run(MARCH)
        run.action_compute()
        deduction_list = self._list(run)
        as_billing = deduction_list.with_user(self.billing)
        self.assertEqual(as_billing.amount_total, 1404.0, "billing users read the list")
        with self.assertRaises(AccessError):
            as_billing.line_ids.read(["national_id"])
        with self.assertRaises(AccessError):
            as_billing._export_file("csv")
        with self.assertRaises(AccessError):
            as_billing.action_download_xlsx()
        with self.assertRaises(AccessError):
            run.with_user(self.billing).action_confirm()
        # staff see the numbers but neither change the list nor invoice
        as_staff = deduction_list.with_user(self.staff)
        self.assertEqual(
            as_staff.line_ids.filtered(lambda line: line.partner_id == self.anna).national_id,
            self.anna.national_id,
        )
        with self.assertRaises(AccessError):
            as_staff.line_ids.write({"amount": 1})
        with self.assertRaises(AccessError):
            run.with_user(self.staff).action_confirm()

    def test_download(self):
        run = self._run(MARCH)
        run.action_compute()
        action = self._list(run).with_user(self.treasurer).action_download_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(attachment.name, "Fjord Verksted AS 2026-03.xlsx")
        self.assertEqual(attachment.with_user(self.treasurer).raw[:2], b"PK")
