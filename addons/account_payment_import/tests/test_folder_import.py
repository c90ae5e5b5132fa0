import os
import tempfile
import time
from pathlib import Path

from odoo.tests import tagged

from .common import PaymentImportCase

LOGGER = "odoo.addons.account_payment_import.models.account_journal"


@tagged("post_install", "-at_install")
class TestFolderImport(PaymentImportCase):
    """The scheduled import of a journal's folder. A format module is stood in for by a
    parser of this test's own files: 'PAY <unique id> <reference> <amount in öre>' lines
    (our own hook, the chain format modules extend; Odoo itself is not touched)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank.bank_account_id = cls.env["res.partner.bank"].create(
            {"acc_number": "SE4550000000058398257466", "partner_id": cls.env.company.partner_id.id}
        )

    def setUp(self):
        super().setUp()
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.bank.payment_import_folder = str(self.folder)
        Import = self.registry["account.statement.import"]
        next_parser = Import._parse_incoming_payment_file
        test = self

        def parse(wizard, data):
            if data.startswith(b"BROKEN"):
                raise RuntimeError("the disk said no")
            if not data.startswith(b"PAY "):
                return next_parser(wizard, data)
            payments = []
            for line in data.decode().splitlines():
                _pay, uid, reference, amount = line.split()
                payments.append(test._payment(int(amount), [reference], uid=uid))
            return "TEST", "SE4550000000058398257466", payments

        self.patch(Import, "_parse_incoming_payment_file", parse)

    def _drop(self, name, content, age=3600):
        path = self.folder / name
        path.write_bytes(content)
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
        return path

    def _run(self):
        self.env["account.journal"]._cron_import_payment_folders()

    def _left(self):
        return sorted(p.name for p in self.folder.iterdir() if p.is_file())

    def test_only_settled_complete_files_are_taken(self):
        self.env["ir.config_parameter"].set_param(
            "account_payment_import.folder_settle_seconds", "300"
        )
        invoice = self._invoice(100, "9000001")
        self._drop("settled.txt", b"PAY F:1 9000001 10000")
        self._drop("writing.txt", b"PAY F:2 9000001 500", age=10)  # still being written
        self._drop("upload.txt.part", b"PAY F:3 9000001 500")
        self._drop(".upload.txt.x7Yz", b"PAY F:4 9000001 500")
        self._drop("upload.txt.tmp", b"PAY F:5 9000001 500")
        self._run()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue((self.folder / "done" / "settled.txt").exists())
        self.assertEqual(
            self._left(), [".upload.txt.x7Yz", "upload.txt.part", "upload.txt.tmp", "writing.txt"]
        )
        self.assertFalse((self.folder / "failed").exists())
        self.assertEqual(
            self.env["account.payment.import.line"].search([]).mapped("unique_id"), ["F:1"]
        )
        # once it has settled, the next run takes it
        stamp = time.time() - 600
        os.utime(self.folder / "writing.txt", (stamp, stamp))
        self._run()
        self.assertTrue((self.folder / "done" / "writing.txt").exists())
        self.assertEqual(
            sorted(self.env["account.payment.import.line"].search([]).mapped("unique_id")),
            ["F:1", "F:2"],
        )

    def test_a_failing_file_does_not_stop_the_others(self):
        first = self._invoice(100, "9100001")
        last = self._invoice(100, "9100003")
        self._drop("a.txt", b"PAY G:1 9100001 10000")
        self._drop("b.txt", b"BROKEN")
        self._drop("c.txt", b"PAY G:3 9100003 10000")
        with self.assertLogs(LOGGER, "ERROR") as logged:
            self._run()
        self.assertEqual(self._left(), [])
        self.assertTrue((self.folder / "done" / "a.txt").exists())
        self.assertTrue((self.folder / "failed" / "b.txt").exists())
        self.assertTrue((self.folder / "done" / "c.txt").exists())
        self.assertEqual((first | last).mapped("payment_state"), ["paid", "paid"])
        self.assertIn("b.txt", logged.output[0])
        self.assertIn("the disk said no", logged.output[0])
        refusal = self.bank.message_ids.filtered(lambda m: "b.txt" in (m.body or ""))
        self.assertEqual(len(refusal), 1)
        self.assertIn("RuntimeError: the disk said no", refusal.body)
        self.assertFalse(self.env["account.payment.import"].search([("name", "=", "b.txt")]))
