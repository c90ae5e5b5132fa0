import base64
import datetime
import hashlib

import netsgiro
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import format_date

from nordic_formats import bankdays
from nordic_formats.no import nets

from .common import SAMPLES, CollectionCase, ocr_giro_file

CLAIMS_SAMPLE = SAMPLES / "nets_avtalegiro" / "netsgiro_avtalegiro_payment_request.txt"


def claim_records(number, kind, date, amount, kid, name, reference, text=""):
    """The records of one AvtaleGiro claim as Nets' example claim file lays them out: amount
    items 1 and 2 and, for a claim the bank notifies, the specification records of its
    text (each line of 80 characters in two columns of 40)."""
    records = [
        f"NY21{kind}30{number:07d}{date:%d%m%y}{' ' * 11}{amount:017d}{kid:>25}000000",
        f"NY21{kind}31{number:07d}{name:<10}{' ' * 25}{reference:<25}00000",
    ]
    for line, row in enumerate(text.splitlines(), 1):
        for column in (1, 2):
            part = row[(column - 1) * 40 : column * 40]
            records.append(f"NY21{kind}49{number:07d}4{line:03d}{column}{part:<40}" + "0" * 20)
    return records


@tagged("post_install", "-at_install")
class TestAvtaleGiroCollection(CollectionCase):
    """AvtaleGiro collections: due invoices of payers with an active agreement → the claim
    file → Nets' OCR giro file settles them; unpaid claims fail after the days to wait."""

    def test_the_layout_is_nets_example_files(self):
        sample = CLAIMS_SAMPLE.read_text("latin-1").splitlines()
        notified = " Gjelder Faktura: 168837  Dato: 19/03/04" + " " * 18 + "ForfallsDato: 17/06/04"
        self.assertEqual(
            claim_records(
                1, "21", datetime.date(2004, 6, 17), 100, "008000011688373", "NAVN", "", notified
            ),
            sample[2:6],
        )
        self.assertEqual(
            claim_records(6, "02", datetime.date(2004, 6, 17), 100, "008000061688422", "NAVN", ""),
            sample[18:20],
        )

    # -- the collection and its claim file ---------------------------------------------------
    def test_claim_file(self):
        kari = self._invoice(self.kari, 450)
        per = self._invoice(self.per, 300.5)
        later = self._invoice(self.kari, 100, due=self.due + datetime.timedelta(days=60))
        nobody = self._invoice(self.nina, 200)  # no agreement
        order = self._collection()
        self.assertTrue(order.direct_debit)
        self.assertEqual(order.payment_line_ids.move_id, kari | per)
        self.assertFalse(later.direct_debit_state or nobody.direct_debit_state)
        order.draft2open()
        self.assertEqual(set(order.payment_line_ids.mapped("date")), {self.due})
        self.assertFalse(order.payment_ids, "nothing is booked: Nets' file settles")
        number = self.bank.l10n_no_avtalegiro_next_number
        action = order.open2generated()
        file = order.avtalegiro_file_ids
        self.assertEqual((action["res_model"], action["res_id"]), ("avtalegiro.file", file.id))
        self.assertEqual(
            (file.kind, file.direction, file.journal_id, file.company_id),
            ("claims", "out", self.bank, self.org),
        )
        data = base64.b64decode(file.data)
        self.assertEqual(file.checksum, hashlib.sha256(data).hexdigest())
        self.assertEqual(file.name, f"AVTALEGIRO-CLAIMS-12345678-{number:07d}.txt")
        self.assertEqual(self.bank.l10n_no_avtalegiro_next_number, number + 1)
        # what netsgiro reads in it
        transmission = netsgiro.parse(data.decode("latin-1"))
        (assignment,) = transmission.assignments
        self.assertEqual(
            (transmission.data_transmitter, transmission.data_recipient, transmission.number),
            ("12345678", netsgiro.NETS_ID, f"{number:07d}"),
        )
        self.assertEqual(
            (assignment.service_code, assignment.type, assignment.number, assignment.account),
            (
                netsgiro.ServiceCode.AVTALEGIRO,
                netsgiro.AssignmentType.TRANSACTIONS,
                f"{number:07d}",
                "99991042764",
            ),
        )
        claims = {claim.kid: claim for claim in assignment.transactions}
        self.assertEqual(set(claims), {self.kari_kid, self.per_kid})
        notified, waived = claims[self.kari_kid], claims[self.per_kid]
        self.assertEqual(
            (notified.type, notified.date, notified.amount, notified.reference),
            (netsgiro.TransactionType.AVTALEGIRO_WITH_BANK_NOTIFICATION, self.due, 450, kari.name),
        )
        # Kari wants the bank's notice: what the invoice is for, its due date and amount,
        # each line a text and a value (Nets refuses an empty half of a line)
        rows = notified.text.splitlines()
        self.assertEqual(rows[0], f"{self.org.name:<40}{'Invoice ' + kari.name:>40}")
        self.assertEqual(
            [(row[:40].strip(), row[40:].strip()) for row in rows[2:]],
            [
                ("Medlemskontingent 2026", "kr 450.00"),
                ("Due date", format_date(self.env, self.due)),
                ("Amount", "kr 450.00"),
            ],
        )
        # Per waived it: no notice from the bank, no text
        self.assertEqual(
            (waived.type, waived.amount, waived.text),
            (netsgiro.TransactionType.AVTALEGIRO_WITH_PAYEE_NOTIFICATION, 300.5, ""),
        )
        # byte for byte as Nets' example claim file lays out a claim
        lines = data.decode("latin-1").splitlines()
        first = 1 if self.kari_kid < self.per_kid else 2
        kari_records = claim_records(
            first,
            "21",
            self.due,
            45000,
            self.kari_kid,
            self.kari.name[:10],
            kari.name,
            notified.text,
        )
        per_records = claim_records(
            3 - first, "02", self.due, 30050, self.per_kid, "Per Hansen", per.name
        )
        self.assertEqual(
            lines[2:-2], kari_records + per_records if first == 1 else per_records + kari_records
        )
        self.assertEqual(len(lines), 2 + len(kari_records) + len(per_records) + 2)
        specification = [text for text in lines if text[6:8] == "49"]
        self.assertEqual(len(specification), 2 * len(rows))
        self.assertTrue(all(text[20:60].strip() for text in specification))
        # the debits know their file; the file knows what each record claimed
        self.assertEqual(order.payment_line_ids.mapped("debit_state"), ["sent", "sent"])
        self.assertEqual(set(order.payment_line_ids.mapped("debit_file_ref")), {file.name})
        record = file.line_ids.filtered(lambda line: line.kid == self.kari_kid)
        self.assertEqual(
            (record.payment_line_id.move_id, record.invoice_id, record.line_number, record.notify),
            (kari, kari, 3 if first == 1 else 5, True),
        )
        self.assertEqual((record.due_date, record.amount, record.action), (self.due, 450, "claim"))
        # written once: Nets would collect twice
        with self.assertRaisesRegex(UserError, "sent to the bank once"):
            order.open2generated()
        with self.assertRaisesRegex(UserError, "not written twice"):
            self.env["avtalegiro.file"]._write_claims(order)
        self.assertEqual(len(self.env["avtalegiro.file"].search([("kind", "=", "claims")])), 1)
        order.generated2uploaded()
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(kari.payment_state, "not_paid")

    def test_claim_dates_follow_nets_lead_time_and_the_norwegian_calendar(self):
        christmas = datetime.date(self.today.year + 1, 12, 25)
        on_holiday = self._invoice(self.kari, 100, due=christmas)
        overdue = self._invoice(self.per, 100, due=self.today - datetime.timedelta(days=5))
        order = self.env["account.payment.order"].create(
            {"payment_mode_id": self.mode.id, "direct_debit_until": christmas}
        )
        order.action_direct_debit_fill()
        order.draft2open()
        dates = {line.move_id: line.date for line in order.payment_line_ids}
        self.assertEqual(dates[on_holiday], bankdays.next_bank_day(christmas, "NO"))
        self.assertGreater(dates[on_holiday], christmas + datetime.timedelta(days=1))
        # an overdue invoice: the earliest due date Nets takes, on a bank day
        earliest = nets.earliest_due_date(datetime.datetime.now(datetime.timezone.utc))
        self.assertEqual(dates[overdue], bankdays.next_bank_day(earliest, "NO"))
        self.assertGreaterEqual(dates[overdue], self.today + datetime.timedelta(days=4))

    def test_a_claim_the_bank_notifies_waits_for_nets_monthly_deadline(self):
        """Nets takes claims the payer's bank notifies of by 14:00 on the last working day
        of a month, for due dates from the 15th of the next month."""
        self.mandate_per.l10n_no_avtalegiro_notify = True
        self.mandate_kari.l10n_no_avtalegiro_notify = False
        due = datetime.date(2027, 1, 20)
        kari = self._invoice(self.kari, 450, due=due)
        per = self._invoice(self.per, 300, due=due)
        with freeze_time("2027-01-11 09:00:00"):  # 10:00 in Oslo, a Monday
            order = self._collection(until=datetime.date(2027, 2, 1))
            order.draft2open()
            self.assertEqual(kari.direct_debit_line_ids.date, due)
            self.assertEqual(per.direct_debit_line_ids.date, datetime.date(2027, 2, 15))
        # written after 14:00 on 29 January, the last working day: the 15th of March
        with freeze_time("2027-01-29 13:30:00"):
            order.open2generated()
            earliest = order._direct_debit_debit_date(False)
        self.assertEqual(per.direct_debit_line_ids.date, datetime.date(2027, 3, 15))
        self.assertEqual(kari.direct_debit_line_ids.date, earliest, "Nets' lead time only")
        self.assertLess(earliest, datetime.date(2027, 2, 15))

    def test_confirmed_days_ago_the_file_moves_the_date(self):
        kari = self._invoice(self.kari, 450)
        order = self._collection()
        order.draft2open()
        line = order.payment_line_ids
        line.date = self.today + datetime.timedelta(days=1)  # confirmed long ago
        order.open2generated()
        # Kari's bank notifies her: Nets' monthly deadline, not only its lead time
        self.assertEqual(line.date, order._l10n_no_avtalegiro_earliest(line))
        self.assertGreaterEqual(line.date, order._direct_debit_debit_date(False))
        self.assertTrue(order.message_ids.filtered(lambda m: kari.name in (m.body or "")))

    def test_the_journal_must_be_set_up(self):
        self._invoice(self.kari, 450)
        order = self._collection()
        order.draft2open()
        self.bank.l10n_no_nets_customer_unit = False
        with self.assertRaisesRegex(UserError, "no Nets customer unit ID"):
            order.open2generated()
        self.assertEqual(order.payment_line_ids.debit_state, "draft")
        with self.assertRaisesRegex(UserError, "8 digits"):
            self.bank.l10n_no_nets_customer_unit = "1234"

    def test_file_numbers_are_never_given_twice(self):
        next_number = self.bank.l10n_no_avtalegiro_next_number
        self.bank.l10n_no_avtalegiro_next_number = next_number + 100
        self.assertEqual(self.bank._l10n_no_avtalegiro_file_number(), f"{next_number + 100:07d}")
        with self.assertRaisesRegex(UserError, "does not go back"):
            self.bank.l10n_no_avtalegiro_next_number = next_number + 100
        # a second journal of the same customer unit ID numbers on from the same numbers
        other = self.env["account.journal"].create(
            {
                "name": "Fjelltur sparekonto",
                "code": "FJS",
                "type": "bank",
                "l10n_no_nets_customer_unit": self.CUSTOMER_UNIT,
            }
        )
        self.assertEqual(
            other.l10n_no_avtalegiro_sequence_id, self.bank.l10n_no_avtalegiro_sequence_id
        )
        self.assertEqual(other._l10n_no_avtalegiro_file_number(), f"{next_number + 101:07d}")

    # -- settled by Nets' OCR giro file, or not paid -----------------------------------------
    def test_one_claim_paid_the_other_not_then_retried_then_reminded(self):
        """Agreements from Nets' file → invoices into the next collection (the billing run's
        direct-debit channel) → the claim file → Nets' OCR giro file pays Kari's claim →
        Per's is not paid in the days to wait: failed, retried, and after the last retry
        left to reminders."""
        self.mode.direct_debit_retries = 1
        self.assertEqual(
            self.agreements.line_ids.mapped("action"), ["new", "new"], "from Nets' file"
        )
        self.assertEqual((self.mandate_kari.state, self.mandate_per.state), ("valid", "valid"))
        kari = self._invoice(self.kari, 450)
        per = self._invoice(self.per, 300)
        env = self._env_of(self.billing)
        added = env["account.move"].browse((kari | per).ids)._direct_debit_enqueue()
        self.assertEqual(added, kari | per)
        order = env["account.payment.order"].search([("payment_mode_id", "=", self.mode.id)])
        self.assertEqual((order.state, order.payment_line_ids.move_id), ("draft", kari | per))
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
        kari_line = kari.direct_debit_line_ids
        per_line = per.direct_debit_line_ids
        # Nets' OCR giro file on the due date: Kari's bank paid her claim (type 15), and a
        # giro payment of somebody else's
        other = self._invoice(self.nina, 120)
        ocr = ocr_giro_file(
            [
                ("15", self.due, 45000, self.kari_kid),
                ("10", self.due, 12000, other.payment_reference),
            ]
        )
        log = self._import_ocr(ocr)
        self.assertEqual((log.count_total, log.count_matched, log.count_unmatched), (2, 2, 0))
        self.assertIn(kari.payment_state, ("paid", "in_payment"))
        self.assertEqual(kari.amount_residual, 0)
        self.assertEqual((kari_line.debit_state, kari_line.debit_done_date), ("paid", self.due))
        self.assertEqual(kari.direct_debit_state, "paid")
        self.assertEqual(self.mandate_kari.last_debit_date, self.due)
        self.assertIn(other.payment_state, ("paid", "in_payment"))
        # Per's claim waits for the days to wait (3 bank days)
        deadline = bankdays.add_bank_days(self.due, 3, "NO")
        with freeze_time(deadline):
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
        self.assertEqual(per_line.debit_state, "sent")
        with freeze_time(deadline + datetime.timedelta(days=1)):
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
            self.assertEqual(per_line.debit_state, "failed")
            self.assertEqual(per.direct_debit_state, "retry")
            self.assertIn("Not paid by the payer's bank by", per.direct_debit_reason)
            self.assertIn("could not debit", self._failure_mail(per).body_html)
            self.assertEqual(kari_line.debit_state, "paid")
            if "_dunning_remindable_domain" in dir(self.env["account.move"]):
                domain = self.env["account.move"]._dunning_remindable_domain()
                self.assertFalse(self.env["account.move"].search([("id", "=", per.id), *domain]))
            # the job again changes nothing
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
            self.assertEqual(len(per.direct_debit_line_ids), 1)
            # the next collection takes it again, as the second attempt
            second = self._sent_collection(per)
        line = second.payment_line_ids
        self.assertEqual((line.debit_attempt, line.debit_state), (2, "sent"))
        with freeze_time(bankdays.add_bank_days(line.date, 4, "NO")):
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
            # the last retry failed: in reminders, no further collection takes it
            self.assertEqual(per.direct_debit_state, "failed")
            self.assertFalse(self._collection().payment_line_ids)
            self.assertIn("not debited again", self._failure_mail(per).body_html)
            if "_dunning_remindable_domain" in dir(self.env["account.move"]):
                domain = self.env["account.move"]._dunning_remindable_domain()
                self.assertTrue(self.env["account.move"].search([("id", "=", per.id), *domain]))
        # the same OCR giro file again changes nothing
        again = self._import_ocr(ocr, "OCR-again.txt")
        self.assertEqual((again.count_duplicate, len(again.line_ids)), (2, 0))
        self.assertEqual(kari_line.debit_state, "paid")

    def test_a_claim_paid_late_settles_its_invoice(self):
        per = self._invoice(self.per, 300)
        order = self._sent_collection(per)
        line = order.payment_line_ids
        late = bankdays.add_bank_days(self.due, 6, "NO")
        with freeze_time(late):
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
            self.assertEqual(line.debit_state, "failed")
            self._import_ocr(ocr_giro_file([("15", late, 30000, self.per_kid)]))
        self.assertEqual(line.debit_state, "paid")
        self.assertIn(per.payment_state, ("paid", "in_payment"))
        self.assertEqual(per.direct_debit_state, "paid")

    def test_a_claim_paid_late_withdraws_its_retry(self):
        """A claim failed (not paid in time) and sent again in the next collection; then
        the first one is paid late: it settles the invoice, and the retry is cancelled at
        Nets, so that the payer is not debited twice."""
        per = self._invoice(self.per, 300)
        first = self._sent_collection(per).payment_line_ids
        late = bankdays.add_bank_days(self.due, 6, "NO")
        with freeze_time(late):
            self.env["account.payment.line"]._cron_l10n_no_avtalegiro_unpaid()
            self.assertEqual(per.direct_debit_state, "retry")
            retry = self._sent_collection(per).payment_line_ids
            retry.date = late + datetime.timedelta(days=20)  # time enough to cancel
            self._import_ocr(ocr_giro_file([("15", late, 30000, self.per_kid)]))
            self.assertEqual((first.debit_state, retry.debit_state), ("paid", "sent"))
            self.env["account.payment.line"]._cron_direct_debit_paid_otherwise()
        self.assertEqual((retry.debit_state, retry.debit_paid_otherwise), ("withdrawn", True))
        cancellations = self.env["avtalegiro.file"].search([("kind", "=", "cancellations")])
        self.assertEqual(cancellations.line_ids.payment_line_id, retry)
        # files to Nets are sent by hand: whoever wrote the retry's collection is asked to
        self.assertIn(cancellations.name, retry.order_id.activity_ids.note)
        self.assertIn(per.payment_state, ("paid", "in_payment"))
        self.assertEqual(per.direct_debit_state, "paid")

    def test_a_payer_kid_pays_no_other_invoice(self):
        """A settlement of no claim sent from here keeps its payer's KID from paying an
        invoice that happens to have that KID."""
        invoice = self._invoice(self.nina, 300)
        invoice.payment_reference = self.per_kid
        log = self._import_ocr(ocr_giro_file([("15", self.today, 30000, self.per_kid)]))
        self.assertEqual((log.count_matched, log.count_unmatched), (0, 1))
        self.assertEqual(log.line_ids.reference, self.per_kid)
        self.assertTrue(log.line_ids.statement_line_id, "kept, to be reconciled by hand")
        self.assertEqual(invoice.payment_state, "not_paid")
        # the same KID in a giro payment is a payment of that invoice
        self._import_ocr(ocr_giro_file([("10", self.today, 30000, self.per_kid)]))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_two_claims_of_one_payer(self):
        """Two claims of one agreement: the same KID; the amount and the day tell them
        apart."""
        first = self._invoice(self.kari, 450)
        second = self._invoice(self.kari, 450, due=self.due + datetime.timedelta(days=30))
        order = self.env["account.payment.order"].create(
            {
                "payment_mode_id": self.mode.id,
                "direct_debit_until": self.due + datetime.timedelta(days=31),
            }
        )
        order.action_direct_debit_fill()
        order.draft2open()
        order.open2generated()
        self._import_ocr(ocr_giro_file([("15", self.due, 45000, self.kari_kid)]))
        self.assertIn(first.payment_state, ("paid", "in_payment"))
        self.assertEqual(second.payment_state, "not_paid")
        self.assertEqual(second.direct_debit_state, "collecting")

    # -- withdrawn before its due date -------------------------------------------------------
    def test_withdraw_a_claim(self):
        kari = self._invoice(self.kari, 450)
        per = self._invoice(self.per, 300)
        order = self._sent_collection(kari | per)
        claims = order.avtalegiro_file_ids
        line = per.direct_debit_line_ids
        line.with_env(self._env_of(self.billing)).action_direct_debit_withdraw()
        self.assertEqual((line.debit_state, per.direct_debit_state), ("withdrawn", "withdrawn"))
        file = self.env["avtalegiro.file"].search([("kind", "=", "cancellations")])
        self.assertEqual(
            (file.direction, file.journal_id, file.create_uid), ("out", self.bank, self.billing)
        )
        self.assertIn(file.name, line.debit_reason)
        lines = base64.b64decode(file.data).decode("latin-1").splitlines()
        self.assertTrue(lines[1].startswith("NY213620"))
        # the claim as it was sent, as a cancellation (transaction type 93)
        sent = base64.b64decode(claims.data).decode("latin-1").splitlines()
        claim = next(text for text in sent if text[6:8] == "30" and self.per_kid in text)
        self.assertEqual((lines[2][:8], lines[2][15:]), ("NY219330", claim[15:]))
        self.assertEqual(file.line_ids.payment_line_id, line)
        self.assertEqual(file.line_ids.action, "claim_cancelled")
        # withdrawn twice: nothing more is written
        with self.assertRaisesRegex(UserError, "Only debits sent to the bank"):
            line.action_direct_debit_withdraw()
        self.assertEqual(kari.direct_debit_line_ids.debit_state, "sent")

    def test_withdraw_too_late_is_refused(self):
        per = self._invoice(self.per, 300)
        order = self._sent_collection(per)
        line = order.payment_line_ids
        line.date = self.today + datetime.timedelta(days=2)
        with self.assertRaisesRegex(UserError, "can no longer be cancelled at Nets"):
            line.action_direct_debit_withdraw()
        self.assertEqual(line.debit_state, "sent")
        self.assertFalse(self.env["avtalegiro.file"].search([("kind", "=", "cancellations")]))

    # -- who may -----------------------------------------------------------------------------
    def test_access(self):
        order = self._sent_collection(self._invoice(self.kari, 450))
        file = order.avtalegiro_file_ids
        self.assertEqual(file.create_uid, self.billing)
        # another organisation's billing user sees nothing of it
        env = self._env_of(self.billing_b)
        self.assertFalse(env["account.payment.order"].search([("id", "=", order.id)]))
        self.assertFalse(env["account.payment.line"].search([("order_id", "=", order.id)]))
        self.assertFalse(env["avtalegiro.file"].search([("id", "=", file.id)]))
        self.assertFalse(env["avtalegiro.file.line"].search([("file_id", "=", file.id)]))
        # nor do staff without billing rights, or a portal member (the payer)
        for user in (self.billing_b, self.staff, self.staff_b, self.portal):
            env = self._env_of(user)
            with self.assertRaises(AccessError, msg=user.login):
                order.with_env(env).read(["name"])
            with self.assertRaises(AccessError, msg=user.login):
                file.with_env(env).read(["data"])
            with self.assertRaises(AccessError, msg=user.login):
                file.line_ids.with_env(env).read(["kid"])
        with self.assertRaises(AccessError):
            self._env_of(self.portal)["account.payment.line"].search([])
        # the file is kept as it was written, also from its own organisation's users
        mine = self._env_of(self.billing)
        with self.assertRaisesRegex(AccessError, "kept as it was"):
            file.with_env(mine).write({"data": base64.b64encode(b"NY000010")})
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            file.line_ids.with_env(mine).write({"amount": 1})
        file.line_ids.with_env(mine).write({"followed_up": True})
