import base64
import datetime

from odoo import Command
from odoo.tests import tagged

from nordic_formats.se import autogiro

from .common import CollectionCase, advice, specification


@tagged("post_install", "-at_install")
class TestEndToEnd(CollectionCase):
    """Sweden, as a season goes: mandates → mandate file → Bankgirot's advice → billing run
    with the Direct debit channel → collection → payment file → Bankgirot's specification
    with one debit approved and one stopped → one invoice paid and reconciled, the other
    marked with the reason and retried → after the last retry it is in reminders."""

    def setUp(self):
        super().setUp()
        if "membership.period" not in self.env:
            self.skipTest(
                "the billing run's membership source (membership_period) is not installed"
            )

    def test_season(self):
        billing = self._env_of(self.billing)
        # 1. the members sign mandates; they go to Bankgirot in a mandate file
        for mandate in self.mandate_malin | self.mandate_karl:
            mandate.write({"state": "draft", "autogiro_pending": "new"})
        mandates = (self.mandate_malin | self.mandate_karl).with_env(billing)
        mandates.action_autogiro_export()
        self.assertEqual(mandates.mapped("state"), ["sent", "sent"])
        mandate_file = self.env["autogiro.file"].search([("kind", "=", "mandates")])
        (section,) = autogiro.read_requests(base64.b64decode(mandate_file.data))
        self.assertEqual([m.action for m in section.mandates], ["new", "new"])
        # 2. Bankgirot approves them
        self._import(advice(self.payee, self.today, mandates), "UAGU4.txt")
        self.assertEqual(mandates.mapped("state"), ["valid", "valid"])

        # 3. the dues of the year, by a billing run with the Direct debit channel
        period = self.env["membership.period"].create(
            {
                "name": "2027",
                "company_id": self.org_a.id,
                "date_start": datetime.date(2027, 1, 1),
                "date_end": datetime.date(2027, 12, 31),
            }
        )
        product = self.env["product.product"].create(
            {"name": "Medlemsavgift", "type": "service", "taxes_id": [Command.clear()]}
        )
        self.env["membership.fee.rule"].create(
            {"name": "Alla", "company_id": self.org_a.id, "product_id": product.id, "amount": 450}
        )
        for person in self.malin | self.karl:
            self.env["membership.membership_line"].create(
                {"partner": person.id, "period_id": period.id, "date": period.date_start}
            )
        run = (
            billing["account.billing.run"]
            .with_context(queue_job__no_delay=True)
            .create(
                {
                    "company_id": self.org_a.id,
                    "source": "membership",
                    "membership_period_id": period.id,
                    "default_channel": "direct_debit",
                    "invoice_date": self.today,
                    "invoice_date_due": self.due,
                }
            )
        )
        run.action_compute()
        self.assertEqual(set(run.line_ids.mapped("channel")), {"direct_debit"})
        run.action_confirm()
        self.assertEqual(run.state, "confirmed")
        invoices = run.line_ids.invoice_id
        malin = invoices.filtered(lambda move: move.partner_id == self.malin)
        karl = invoices - malin
        # the run put them into the next collection and e-mailed the notices of the debit
        collection = billing["account.payment.order"].search(
            [("payment_mode_id", "=", self.mode.id), ("state", "=", "draft")]
        )
        self.assertEqual(collection.payment_line_ids.move_id, invoices)
        self.assertTrue(all(invoices.mapped("is_move_sent")))

        # 4. the collection becomes the payment file
        collection.draft2open()
        collection.open2generated()
        collection.generated2uploaded()
        (section,) = autogiro.read_requests(base64.b64decode(collection.autogiro_file_ids.data))
        self.assertEqual(
            sorted((p.payer_number, p.amount) for p in section.payments),
            [("1001", 45000), ("1002", 45000)],
        )

        # 5. Bankgirot's specification: Malin's debit approved, Karl's stopped (no funds)
        debit_date = collection.payment_line_ids[0].date
        self._import(
            specification(
                self.payee,
                debit_date,
                [
                    ("1001", 45000, self._reference(malin), "0"),
                    ("1002", 45000, self._reference(karl), "1"),
                ],
            ),
            "UAGU2.txt",
            user=self.accountant,
        )
        self.assertIn(malin.payment_state, ("paid", "in_payment"))
        receivable = malin.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
        self.assertTrue(receivable.reconciled)
        self.assertEqual(karl.payment_state, "not_paid")
        self.assertEqual(karl.direct_debit_state, "retry")
        self.assertEqual(karl.direct_debit_reason, "Insufficient funds")

        # 6. retried in the next collections, stopped again each time: then reminders
        for attempt in (2, 3):
            order = self._sent_collection(karl)
            self.assertEqual(order.payment_line_ids.debit_attempt, attempt)
            self._import(
                specification(
                    self.payee,
                    order.payment_line_ids.date,
                    [("1002", 45000, self._reference(karl), "1")],
                    written=debit_date + datetime.timedelta(days=attempt),
                ),
                f"UAGU2-{attempt}.txt",
                user=self.accountant,
            )
        self.assertEqual(karl.direct_debit_state, "failed")
        self.assertFalse(self._collection().payment_line_ids)
        if "_dunning_remindable_domain" in dir(self.env["account.move"]):
            domain = self.env["account.move"]._dunning_remindable_domain()
            self.assertIn(karl, self.env["account.move"].search(domain))
