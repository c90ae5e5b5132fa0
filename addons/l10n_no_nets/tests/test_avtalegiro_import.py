import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from nordic_formats.no import kid

from .common import AGREEMENTS, SAMPLES, AvtaleGiroCase, agreement_file

KARI, PER, NINA = "000112000507155", "001006300507304", "001020200507462"
BERIT = "001026300507518"  # the KID of the other organisation's person
UNKNOWN = kid.create("999999999", "mod10", length=15)  # nobody's


@tagged("post_install", "-at_install")
class TestAvtaleGiroImport(AvtaleGiroCase):
    def _mails_to(self, mandate, partner):
        return mandate.message_ids.filtered(
            lambda message: partner in message.partner_ids and message.message_type == "comment"
        )

    def test_sample_file(self):
        record = self._import(AGREEMENTS.read_bytes(), "FBO_20190417.txt")
        self.assertEqual(
            (record.kind, record.direction, record.company_id, record.journal_id),
            ("agreements", "in", self.org, self.bank),
        )
        self.assertEqual((len(record.line_ids), record.create_uid), (16, self.billing))
        agreements = self._agreements()
        self.assertEqual(len(agreements), 3, "the agreements of the organisation's people")
        by_person = {mandate.partner_id: mandate for mandate in agreements}
        self.assertEqual(
            {
                person: (
                    mandate.l10n_no_avtalegiro_kid,
                    mandate.l10n_no_avtalegiro_notify,
                    mandate.state,
                )
                for person, mandate in by_person.items()
            },
            {
                self.kari: (KARI, True, "valid"),
                self.per: (PER, False, "valid"),
                self.nina: (NINA, True, "valid"),
            },
        )
        self.assertEqual(agreements.company_id, self.org)
        self.assertEqual(agreements.l10n_no_avtalegiro_account_id, self.account)
        self.assertFalse(agreements.partner_bank_id, "Nets does not tell the payer's account")
        # the 13 others (one of them a person of another organisation) are to follow up
        unknown = record.line_ids.filtered(lambda line: line.action == "unknown")
        self.assertEqual(len(unknown), 13)
        self.assertEqual(set(unknown.mapped("needs_followup")), {True})
        self.assertEqual(
            set(unknown.mapped("message")), {"Nobody of the organisation has this KID"}
        )
        self.assertIn(BERIT, unknown.mapped("kid"))
        self.assertEqual(record.followup_count, 13)
        line = record.line_ids.filtered(lambda line: line.kid == PER)
        self.assertEqual(
            (line.line_number, line.registration_type, line.notify, line.action, line.mandate_id),
            (4, "1", False, "new", by_person[self.per]),
        )
        # the history is on the person, in the organisation's own chatter
        note = self.kari.message_ids.filtered(lambda msg: KARI in (msg.body or ""))
        self.assertEqual(note.organisation_id, self.org)
        self.assertIn("notify payer: yes", note.body)
        # the same file again: refused, nothing changes
        with self.assertRaisesRegex(UserError, "FBO-again.txt was imported already"):
            self._import(AGREEMENTS.read_bytes(), "FBO-again.txt")
        self.assertEqual(self.env["avtalegiro.file"].search_count([]), 1)
        self.assertEqual(len(self._agreements()), 3)

    def test_new_changed_deleted(self):
        self._import(agreement_file([("1", KARI, True)]), "new.txt")
        (mandate,) = self._agreements(self.kari)
        self.assertEqual((mandate.state, mandate.l10n_no_avtalegiro_notify), ("valid", True))
        # changed: the payer wants no notice any more; a record as it was changes nothing
        record = self._import(agreement_file([("1", KARI, False), ("1", KARI, False)]), "ch.txt")
        self.assertEqual(record.line_ids.mapped("action"), ["changed", "confirmed"])
        self.assertEqual(record.line_ids[0].message, "notify payer: yes → no")
        self.assertFalse(mandate.l10n_no_avtalegiro_notify)
        self.assertEqual(self._agreements(self.kari), mandate, "no second agreement")
        # deleted by the payer in their bank: ended, the payer e-mailed
        record = self._import(agreement_file([("2", KARI, False), ("2", PER, False)]), "del.txt")
        self.assertEqual(
            (mandate.state, mandate.l10n_no_avtalegiro_cancelled_by), ("cancel", "payer")
        )
        self.assertEqual(
            record.line_ids.mapped(lambda line: (line.kid, line.action, line.needs_followup)),
            [(KARI, "cancelled", False), (PER, "unknown", False)],
        )
        (mail,) = self._mails_to(mandate, self.kari)
        self.assertIn("has been deleted in your bank", mail.body)
        self.assertIn(KARI, mail.body)
        # registered again: a new agreement, the old one stays closed
        self._import(agreement_file([("1", KARI, True)]), "again.txt")
        old, new = self._agreements(self.kari)
        self.assertEqual((old, old.state, new.state), (mandate, "cancel", "valid"))
        self.assertEqual(new.l10n_no_avtalegiro_file_line_ids.file_id.mapped("name"), ["again.txt"])
        self.assertEqual(len(mandate.l10n_no_avtalegiro_file_line_ids), 4)
        # one open agreement per person, organisation and KID
        with self.assertRaisesRegex(ValidationError, "has an open AvtaleGiro agreement"):
            old.write({"state": "valid"})

    def test_agreement_of_somebody_no_longer_connected_ends(self):
        self._import(agreement_file([("1", PER, False)]), "new.txt")
        (mandate,) = self._agreements(self.per)
        self.per.organisation_ids = self.org_b  # Per left the organisation
        record = self._import(agreement_file([("0", KARI, True)]), "all.txt")
        self.assertEqual(
            (mandate.state, mandate.l10n_no_avtalegiro_cancelled_by), ("cancel", "nets")
        )
        self.assertEqual(
            sorted(record.line_ids.mapped("action")), ["missing", "new"], "the file imported"
        )
        self.assertFalse(self._mails_to(mandate, self.per), "no e-mail to who left")
        note = self.per.message_ids.filtered(lambda msg: "list of active" in (msg.body or ""))
        self.assertEqual(note.organisation_id, self.org)

    def test_list_of_all_active_agreements(self):
        self._import(agreement_file([("1", KARI, True), ("1", PER, False)]), "new.txt")
        kari, per = self._agreements()
        # an agreement on another account of the organisation is not in this account's list
        other_bank = self.env["account.journal"].create(
            {"name": "Sparekonto", "code": "SPAR", "type": "bank", "company_id": self.org.id}
        )
        other_bank.set_bank_account("1503.12.34562")
        self._import(agreement_file([("1", NINA, True)], account="15031234562"), "other.txt")
        (nina,) = self._agreements(self.nina)
        self.assertEqual(nina.l10n_no_avtalegiro_account_id, other_bank.bank_account_id)
        record = self._import(agreement_file([("0", KARI, True), ("0", UNKNOWN, True)]), "all.txt")
        self.assertEqual(kari.state, "valid")
        self.assertEqual(
            (per.state, per.l10n_no_avtalegiro_cancelled_by), ("cancel", "nets"), "not listed"
        )
        self.assertEqual(nina.state, "valid", "another account's")
        self.assertEqual(
            sorted(record.line_ids.mapped(lambda line: (line.kid, line.action))),
            sorted([(KARI, "confirmed"), (UNKNOWN, "unknown"), (PER, "missing")]),
        )
        missing = record.line_ids.filtered(lambda line: line.action == "missing")
        self.assertTrue(missing.needs_followup)
        self.assertIn("no longer registered with Nets", self._mails_to(per, self.per).body)
        # a payee's cancellation: Nets still lists it; it stays cancelled, to follow up
        kari.with_user(self.billing).cancel()
        self.assertEqual(kari.l10n_no_avtalegiro_cancelled_by, "payee")
        record = self._import(agreement_file([("0", KARI, True)]), "all2.txt")
        self.assertEqual(kari.state, "cancel")
        self.assertEqual(
            (record.line_ids.action, record.line_ids.needs_followup), ("cancelled_here", True)
        )

    def test_unknown_kid_linked_by_hand(self):
        record = self._import(agreement_file([("1", UNKNOWN, True)]), "new.txt")
        line = record.line_ids.with_env(self._env_of(self.billing))
        self.assertEqual((line.action, line.needs_followup), ("unknown", True))
        with self.assertRaisesRegex(UserError, "Choose the person"):
            line.action_create_mandate()
        line.partner_id = self.nina
        line.action_create_mandate()
        self.assertEqual(
            (line.mandate_id.partner_id, line.mandate_id.l10n_no_avtalegiro_kid, line.followed_up),
            (self.nina, UNKNOWN, True),
        )
        self.assertEqual(record.followup_count, 0)

    def test_broken_files_refused_whole(self):
        data = AGREEMENTS.read_bytes()
        lines = data.splitlines(keepends=True)
        with self.assertRaisesRegex(UserError, r"cut.txt, line 1\d.*incomplete"):
            self._import(b"".join(lines[:-3]), "cut.txt")
        wrong_count = data.replace(b"NY21248800000016000000180", b"NY21248800000016000000190")
        with self.assertRaisesRegex(
            UserError, "count.txt, line 19, field number of records: the assignment end says 19"
        ):
            self._import(wrong_count, "count.txt")
        broken = data.replace(b"000507155J", b"000507155X")
        with self.assertRaisesRegex(UserError, "record.txt, line 3, field record: not a valid"):
            self._import(broken, "record.txt")
        without_kid = agreement_file([("1", KARI, True), ("1", "", True)])
        with self.assertRaisesRegex(UserError, "nokid.txt, line 4, field KID"):
            self._import(without_kid, "nokid.txt")
        # a payment file is not an agreement file
        with self.assertRaisesRegex(
            UserError, "payments.txt, line 3, field record type: a payment"
        ):
            self._import(
                (SAMPLES / "nets_ocr_giro" / "netsgiro_ocr_giro_transactions.txt").read_bytes(),
                "payments.txt",
            )
        self.assertFalse(self.env["avtalegiro.file"].search([]))
        self.assertFalse(self._agreements(), "nothing of the files was written")

    def test_account_must_be_the_organisations(self):
        with self.assertRaisesRegex(
            UserError, "wrong.txt is for the agreement account 86011117947: no bank journal"
        ):
            self._import(agreement_file([("1", KARI, True)], account="86011117947"), "wrong.txt")
        other_bank = self.env["account.journal"].create(
            {"name": "Sparekonto", "code": "SPAR", "type": "bank", "company_id": self.org.id}
        )
        with self.assertRaisesRegex(UserError, "not for the account of journal Sparekonto"):
            self._import(agreement_file([("1", KARI, True)]), "bank.txt", journal=other_bank)
        # another organisation's billing user: not their account
        with self.assertRaisesRegex(UserError, "no bank journal of your organisations"):
            self._import(agreement_file([("1", KARI, True)]), "b.txt", user=self.billing_b)
        # an organisation that makes no KIDs
        self.sale.invoice_reference_model = "odoo"
        with self.assertRaisesRegex(UserError, "makes no KIDs"):
            self._import(agreement_file([("1", KARI, True)]), "nokid.txt")
        self.assertFalse(self.env["avtalegiro.file"].search([]))

    def test_statement_import_screen(self):
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=self.org.ids, journal_id=self.bank.id)
            .create(
                {
                    "statement_file": base64.b64encode(AGREEMENTS.read_bytes()),
                    "statement_filename": "FBO.txt",
                }
            )
        )
        action = wizard.import_file_button()
        record = self.env["avtalegiro.file"].browse(action["res_id"])
        self.assertEqual((record.kind, record.create_uid), ("agreements", self.accountant))
        self.assertEqual(len(self._agreements()), 3)
        # the import wizard of the AvtaleGiro menu, as a billing user
        self.assertFalse(
            self.env["account.statement.import"].with_user(self.billing).has_access("create")
        )
        upload = self._env_of(self.billing)["avtalegiro.import"].create(
            {
                "data": base64.b64encode(agreement_file([("2", KARI, True)])),
                "filename": "del.txt",
            }
        )
        record = self.env["avtalegiro.file"].browse(upload.action_import()["res_id"])
        self.assertEqual(record.line_ids.action, "cancelled")

    def test_demo_agreement(self):
        Mandate = self.env["account.banking.mandate"]
        Mandate._l10n_no_avtalegiro_demo(self.org.id, self.nina.id)
        (mandate,) = self._agreements(self.nina)
        self.assertEqual(
            (mandate.l10n_no_avtalegiro_kid, mandate.state, mandate.l10n_no_avtalegiro_account_id),
            (NINA, "valid", self.account),
        )
        with self.assertRaisesRegex(UserError, "registered by the payer in their online bank"):
            Mandate.create(
                {"format": "avtalegiro", "company_id": self.org.id, "partner_id": self.per.id}
            )

    def test_in_the_users_and_the_payers_language(self):
        for code in ("sv_SE", "nb_NO"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["l10n_no_nets"], ["sv_SE", "nb_NO"])
        self.kari.lang = "nb_NO"
        self._import(agreement_file([("1", KARI, True)]), "new.txt")
        self._import(agreement_file([("2", KARI, True)]), "del.txt")
        (mail,) = self._mails_to(self._agreements(self.kari), self.kari)
        self.assertIn("er slettet i banken din", mail.body)
        self.assertIn("AvtaleGiro-avtalen din er avsluttet", mail.subject)
        self.billing.lang = "sv_SE"
        with self.assertRaisesRegex(UserError, "igen.txt gäller avtalskontot 86011117947"):
            self._import(agreement_file([("1", KARI, True)], account="86011117947"), "igen.txt")
