import base64
import os
import tempfile

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from nordic_formats.se import autogiro, seal

from .common import TEST_KEY, AutogiroCase


@tagged("post_install", "-at_install")
class TestMandateFile(AutogiroCase):
    def test_mandate_of_a_person(self):
        env = self._env_of(self.billing)
        mandate = self._mandate(self.malin, account="8901-1, 323 232 323-2", env=env)
        self.assertEqual(mandate.partner_id, self.malin)
        self.assertEqual(mandate.partner_bank_id.acc_number, "8901-3232323232")
        self.assertEqual(mandate.autogiro_payee_id, self.payee)
        self.assertEqual(mandate.autogiro_payer_number, str(self.malin.id))
        self.assertEqual((mandate.state, mandate.autogiro_pending), ("draft", "new"))
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self._mandate(self.karl, account="8901-3232323233", env=env)
        with self.assertRaisesRegex(ValidationError, "clearing number"):
            self._mandate(self.karl, account="3232323232", env=env)
        with self.assertRaisesRegex(ValidationError, "open Autogiro mandate"):
            self._mandate(self.karl, number=mandate.autogiro_payer_number, env=env)
        # a branch's mandate is collected under the parent's agreement
        branch_mandate = self.env["account.banking.mandate"].create(
            {
                "format": "autogiro",
                "company_id": self.branch_a.id,
                "autogiro_payer_id": self.karl.id,
                "autogiro_account": "3300-8112289874",
            }
        )
        self.assertEqual(branch_mandate.autogiro_payee_id, self.payee)

    def _file_requests(self, record):
        data = base64.b64decode(record.data)
        (section,) = autogiro.read_requests(data)
        self.assertEqual((section.payee_bankgiro, section.customer_number), ("9912346", 471117))
        return data, section.mandates

    def test_export_is_idempotent(self):
        env = self._env_of(self.billing)
        malin = self._mandate(self.malin, account="3300-1212121212", env=env)
        karl = self._mandate(self.karl, account="6000-123456789", env=env)
        action = (malin | karl).action_autogiro_export()
        record = env["autogiro.file"].browse(action["res_id"])
        self.assertEqual((record.direction, record.kind, record.sealed), ("out", "mandates", False))
        self.assertTrue(record.name.startswith("BFEP.IAGAG.K0471117.D"))
        data, requests = self._file_requests(record)
        self.assertEqual(
            {(r.action, r.payer_number, r.account, r.id_number) for r in requests},
            {
                ("new", str(self.malin.id), "3300001212121212", "191212121212"),
                ("new", str(self.karl.id), "6000000123456789", "198112289874"),
            },
        )
        expected = autogiro.write_mandates("9912346", 471117, record.date, requests)
        self.assertEqual(data, expected.encode("latin-1"), "byte for byte the library's file")
        self.assertEqual({malin.state, karl.state}, {"sent"})
        self.assertFalse(malin.autogiro_pending)
        self.assertEqual(record.line_ids.mandate_id, malin | karl)
        with self.assertRaisesRegex(UserError, "has all been sent"):
            (malin | karl).action_autogiro_export()
        self.assertEqual(env["autogiro.file"].search_count([]), 1, "no second file")

    def test_cancel_and_seal(self):
        self.payee.seal_key = TEST_KEY
        env = self._env_of(self.billing)
        mandate = self._mandate(self.malin, account="3300-1212121212", state="valid", env=env)
        draft = self._mandate(self.karl, account="6000-123456789", env=env)
        draft.cancel()
        self.assertEqual((draft.state, draft.autogiro_pending), ("cancel", False), "never sent")
        mandate.cancel()
        self.assertEqual(
            (mandate.state, mandate.autogiro_cancelled_by, mandate.autogiro_pending),
            ("cancel", "payee", "cancel"),
        )
        with self.assertRaisesRegex(UserError, "once its cancellation is sent"):
            mandate.back2draft()
        action = env["account.banking.mandate"].action_autogiro_export()
        record = env["autogiro.file"].browse(action["res_id"])
        self.assertTrue(record.sealed)
        content = seal.verify_file(base64.b64decode(record.data), TEST_KEY).content
        (section,) = autogiro.read_requests(content)
        self.assertEqual(
            [(r.action, r.payer_number) for r in section.mandates],
            [("cancel", mandate.autogiro_payer_number)],
        )
        self.assertFalse(mandate.autogiro_pending)
        # requested again: a new mandate request in the next file
        mandate.back2draft()
        self.assertEqual((mandate.state, mandate.autogiro_pending), ("draft", "new"))

    def test_identity_number_needed(self):
        nameless = self.env["res.partner"].create(
            {"name": "No Number", "organisation_ids": [(6, 0, self.org_a.ids)]}
        )
        mandate = self._mandate(nameless, account="3300-1212121212")
        with self.assertRaisesRegex(UserError, "personnummer or organisation number"):
            mandate.with_user(self.billing).action_autogiro_export()
        self.assertEqual(mandate.state, "draft")

    def test_rights(self):
        mandate = self._mandate(self.malin, account="3300-1212121212")
        # staff read the mandates of their organisation, do not change or send them
        self.assertEqual(mandate.with_user(self.staff).state, "draft")
        with self.assertRaises(AccessError):
            mandate.with_user(self.staff).write({"signature_date": "2026-01-01"})
        # nobody of another organisation reads, changes or sends them
        other = mandate.with_user(self.billing_b)
        with self.assertRaises(AccessError):
            other.read(["state"])
        with self.assertRaises(AccessError):
            other.write({"signature_date": "2026-01-01"})
        with self.assertRaises(AccessError):
            other.action_autogiro_export()

    def test_delivery_folder(self):
        env = self._env_of(self.billing)
        mandate = self._mandate(self.malin, account="3300-1212121212", env=env)
        with tempfile.TemporaryDirectory() as folder:
            self.payee.delivery_folder = os.path.join(folder, "missing")
            with (
                self.assertRaisesRegex(UserError, "does not exist on the server"),
                self.env.cr.savepoint(),
            ):
                mandate.action_autogiro_export()
            self.assertEqual(mandate.state, "draft", "not sent when the file was not written")
            self.payee.delivery_folder = folder
            action = mandate.action_autogiro_export()
            record = env["autogiro.file"].browse(action["res_id"])
            with open(os.path.join(folder, record.name), "rb") as handle:
                self.assertEqual(handle.read(), base64.b64decode(record.data))
            self.assertEqual(os.listdir(folder), [record.name], "no partial file left")
            self.assertEqual(record.delivered_to, folder)
