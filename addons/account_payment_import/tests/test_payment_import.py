from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.payments import IncomingPayment, ReferenceKind


@tagged("post_install", "-at_install")
class TestPaymentImport(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.currency = cls.bank.currency_id or cls.env.company.currency_id
        cls.serial = 0

    def _invoice(self, amount, reference, partner=None, day=10, company=None):
        company = company or self.env.company
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or self.partner_a).id,
                    "invoice_date": date(2026, 1, day),
                    "payment_reference": reference,
                    "invoice_line_ids": [
                        Command.create({"name": "Dues", "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _payment(self, amount, reference="", payer="", currency=None, uid=None, account=""):
        type(self).serial += 1
        return IncomingPayment(
            date=date(2026, 2, 1),
            amount_minor=round(amount * 100),
            currency=currency or self.currency.name,
            reference=reference,
            reference_kind=ReferenceKind.OCR if reference else ReferenceKind.NONE,
            unique_id=uid or f"TEST:{self.serial}",
            source_line=self.serial,
            payer_name=payer,
            payer_account=account,
            references=(reference,) if reference else (),
        )

    def _import(self, payments, journal=None, name="payments.txt"):
        return (journal or self.bank)._import_incoming_payments(payments, name, b"file", "TEST")

    def test_exact_partial_and_over_payment(self):
        exact = self._invoice(1000, "1000001")
        partial = self._invoice(1000, "1000002")
        over = self._invoice(1000, "1000003", partner=self.partner_b)
        log = self._import(
            [
                self._payment(1000, "1000001"),
                self._payment(400, "1000002"),
                self._payment(1200, "1000003"),
            ]
        )
        self.assertEqual(exact.payment_state, "paid")
        self.assertEqual(partial.payment_state, "partial")
        self.assertAlmostEqual(partial.amount_residual, 600)
        self.assertEqual(over.payment_state, "paid")
        self.assertEqual(
            (
                log.count_total,
                log.count_matched,
                log.count_partial,
                log.count_overpaid,
                log.count_unmatched,
            ),
            (3, 1, 1, 1, 0),
        )
        self.assertEqual(log.line_ids.mapped("payment_match"), ["matched", "partial", "overpaid"])
        self.assertEqual(log.line_ids.invoice_ids, exact | partial | over)
        # booked together on one statement line for the day, reconciled payment by payment
        self.assertEqual(len(log.statement_id.line_ids), 1)
        self.assertAlmostEqual(log.statement_id.line_ids.amount, 2600)
        self.assertTrue(log.statement_id.line_ids.is_reconciled)
        self.assertEqual(log.line_ids.move_line_id.partner_id, self.partner_a | self.partner_b)
        # the surplus is the customer's credit, offered on the next invoice
        credit = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.partner_b.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertAlmostEqual(sum(credit.mapped("amount_residual")), -200)
        next_invoice = self._invoice(150, "1000004", partner=self.partner_b, day=20)
        self.assertEqual(next_invoice.payment_state, "paid", "the credit pays the next invoice")
        after = self._invoice(300, "1000005", partner=self.partner_b, day=21)
        self.assertAlmostEqual(
            after.amount_residual, 250, msg="and what is left of it, the one after"
        )
        self.assertFalse(after.invoice_has_outstanding)

    def test_one_reference_for_several_invoices_pays_the_oldest_first(self):
        february = self._invoice(300, "2000001", day=28)
        january = self._invoice(300, "2000001", day=5)
        log = self._import([self._payment(450, "2000001")])
        self.assertEqual(january.payment_state, "paid")
        self.assertEqual(february.payment_state, "partial")
        self.assertAlmostEqual(february.amount_residual, 150)
        self.assertEqual(log.count_partial, 1)

    def test_payments_of_one_file_share_the_invoices(self):
        invoice = self._invoice(500, "3000001")
        log = self._import([self._payment(300, "3000001"), self._payment(300, "3000001")])
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(log.line_ids.mapped("payment_match"), ["partial", "overpaid"])

    def test_without_a_known_reference_the_payment_waits_unmatched(self):
        invoice = self._invoice(777, "4000001", partner=self.partner_a)
        log = self._import(
            [
                # the amount and the payer's name fit exactly one invoice: still for a person
                self._payment(777, payer=self.partner_a.name.upper()),
                self._payment(55, "9999999"),  # a reference nobody has
            ]
        )
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(log.line_ids.mapped("payment_match"), ["unmatched", "unmatched"])
        # each unmatched payment has a statement line of its own, not reconciled
        self.assertEqual(len(log.line_ids.statement_line_id), 2)
        self.assertFalse(any(log.line_ids.statement_line_id.mapped("is_reconciled")))
        self.assertAlmostEqual(log.amount_unmatched, 832)
        action = self.env.ref("account_payment_import.action_unmatched_payments")
        listed = self.env["account.bank.statement.line"].search(safe_eval(action.domain))
        self.assertEqual(listed, log.line_ids.statement_line_id, "waiting in the unmatched list")

    def test_unmatched_payment_from_a_known_account_names_its_payer(self):
        self.env["res.partner.bank"].create(
            {"acc_number": "5841-0000010098", "partner_id": self.partner_b.id}
        )
        log = self._import(
            [
                self._payment(12, "7777777", account="58410000010098"),
                self._payment(13, "7777778", account="11112222"),  # nobody's account
            ]
        )
        self.assertEqual(log.line_ids.mapped("payment_match"), ["unmatched", "unmatched"])
        self.assertEqual(
            log.line_ids.statement_line_id.mapped("partner_id"),
            self.partner_b,
            "the first payer is known by the account, the second is left to a person",
        )

    def test_importing_again_adds_nothing(self):
        invoice = self._invoice(100, "5000001")
        payments = [
            self._payment(100, "5000001", uid="FILE:1"),
            self._payment(5, "x", uid="FILE:2"),
        ]
        first = self._import(payments)
        second = self._import(payments)
        overlapping = self._import([payments[1], self._payment(7, "y", uid="FILE:3")])
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(
            (second.count_total, second.count_duplicate, second.statement_id),
            (2, 2, second.statement_id.browse()),
        )
        self.assertEqual(second.summary, "0 new, 2 already imported, 0 unmatched")
        self.assertEqual((overlapping.count_duplicate, len(overlapping.line_ids)), (1, 1))
        lines = self.env["account.bank.statement.line"].search(
            [("payment_import_id", "in", (first | second | overlapping).ids)]
        )
        self.assertEqual(len(lines), 3)

    def test_a_bad_payment_refuses_the_whole_file(self):
        self._invoice(100, "6000001")
        lines_before = self.env["account.bank.statement.line"].search_count([])
        with self.assertRaisesRegex(UserError, "line 2"):
            self._import([self._payment(100, "6000001"), self._payment(5, "z", currency="XXX")])
        self.assertEqual(self.env["account.bank.statement.line"].search_count([]), lines_before)
        self.assertFalse(self.env["account.payment.import.line"].search([]))

    def test_a_branch_is_paid_on_its_parents_journal(self):
        """A branch without a bank account of its own gives its parent's on its invoices:
        the payment arrives on the parent's journal and pays the branch's invoice."""
        self.env.company.write({"child_ids": [Command.create({"name": "Youth branch"})]})
        self.cr.precommit.run()  # the branch's accounting set up (as Odoo's own tests do)
        branch = self.env.company.child_ids
        self.env.user.company_ids |= branch
        invoice = self._invoice(100, "7100001", company=branch)
        log = self._import([self._payment(100, "7100001")])
        self.assertEqual(log.count_matched, 1)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(log.line_ids.invoice_ids, invoice)

    def test_other_companies_invoices_are_never_touched(self):
        other = self.setup_other_company()["company"]
        foreign = self._invoice(100, "7000001", company=other)
        own = self._invoice(100, "7000001")
        self._import([self._payment(100, "7000001")])
        self.assertEqual(own.payment_state, "paid")
        self.assertEqual(foreign.payment_state, "not_paid")
