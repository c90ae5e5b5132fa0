import base64

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from nordic_formats.se import autogiro

from .common import ADVICE, EMANDATES, REGISTER, AutogiroCase, sample


@tagged("post_install", "-at_install")
class TestReports(AutogiroCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.people = {
            name: Partner.create(
                {
                    "name": name,
                    "email": f"{name.lower()}@example.se",
                    "organisation_ids": [Command.set(cls.org_a.ids)],
                }
            )
            for name in ("Anders", "Bodil", "Cecilia", "David", "Eva", "Filip", "Gustav")
        }

    def _advice_mandates(self):
        """A mandate of the organisation for every payer number of Bankgirot's example
        mandate advice, as we sent them."""
        p = self.people
        mandates = {
            "103": self._mandate(p["Anders"], number="103", state="sent"),
            "2222101": self._mandate(p["Bodil"], number="2222101", state="valid"),
            "102": self._mandate(p["Cecilia"], number="102", state="valid"),
            "3331022": self._mandate(p["David"], number="3331022", state="sent"),
            "101": self._mandate(self.malin, number="101", account="3300-1212121212", state="sent"),
            "7771014": self._mandate(p["Eva"], number="7771014", state="valid"),
            "105": self._mandate(p["Filip"], number="105", state="valid"),
        }
        mandates["7771014"].cancel()  # the payee's cancellation, refused by Bankgirot
        return mandates

    def test_mandate_advice_sample(self):
        m = self._advice_mandates()
        record = self._import(sample(ADVICE), "UAGU4.txt")
        self.assertEqual((record.kind, record.direction), ("mandate_advice", "in"))
        self.assertEqual(len(record.line_ids), 10)
        # 103: approved (04/32), then cancelled by us (03/33) in the same advice
        self.assertEqual((m["103"].state, m["103"].autogiro_cancelled_by), ("cancel", "payee"))
        self.assertEqual(m["103"].partner_bank_id.acc_number, "5001-1000020", "the bank's account")
        # 2222101: cancelled by us, then by the payer's bank (46/02): ours is what stays
        self.assertEqual(m["2222101"].state, "cancel")
        # 102: removed, the account inquiry was not answered (43/07): the bank's doing
        self.assertEqual(
            (m["102"].state, m["102"].autogiro_cancelled_by, m["102"].autogiro_reason_code),
            ("cancel", "bank", "07"),
        )
        # 3331022: rejected, wrong payee bankgiro (04/29)
        self.assertEqual(
            (m["3331022"].state, m["3331022"].autogiro_reason),
            ("rejected", "Wrong payee bankgiro number"),
        )
        # 101: answer to the bank's account inquiry, approved (42/32)
        self.assertEqual(m["101"].state, "valid")
        # 7771014: our cancellation refused (03/21, wrong payer number): to follow up
        refused = record.line_ids.filtered(lambda line: line.payer_number == "7771014")
        self.assertEqual((refused.action, refused.needs_followup), ("refused", True))
        # 105 → 104: the payer number changed (05/32 and 05/33)
        self.assertEqual((m["105"].autogiro_payer_number, m["105"].state), ("104", "valid"))
        self.assertIn("changed", record.line_ids.mapped("action"))
        # the payer of the mandate the bank ended was e-mailed, with the reason; the
        # rejection for a wrong payee bankgiro is the payee's to put right: followed up
        mails = self.env["mail.mail"].search([("model", "=", "account.banking.mandate")])
        self.assertEqual(set(mails.mapped("res_id")), {m["102"].id})
        self.assertIn(self.people["Cecilia"], mails.recipient_ids)
        self.assertIn("the account inquiry was not answered", mails[0].body_html)
        rejected = record.line_ids.filtered(lambda line: line.payer_number == "3331022")
        self.assertEqual((rejected.action, rejected.needs_followup), ("rejected", True))
        # the history is on the person too, in the organisation's own chatter
        note = self.people["Cecilia"].message_ids.filtered(
            lambda msg: "account inquiry" in (msg.body or "")
        )
        self.assertEqual(note.organisation_id, self.org_a)
        # the same file again: refused, nothing changes
        with self.assertRaisesRegex(UserError, "imported already"):
            self._import(sample(ADVICE), "UAGU4-again.txt")
        self.assertEqual(
            self.env["autogiro.file"].search_count([("kind", "=", "mandate_advice")]), 1
        )

    def test_unknown_payer_number_refuses_the_whole_advice(self):
        m = self._advice_mandates()
        m["101"].unlink()
        with self.assertRaisesRegex(UserError, r"UAGU4.txt, line 12, field payer number: .*101"):
            self._import(sample(ADVICE), "UAGU4.txt")
        self.assertEqual(m["103"].state, "sent", "nothing of the file was written")
        self.assertFalse(self.env["autogiro.file"].search([("kind", "=", "mandate_advice")]))

    def test_broken_advice_refused_with_line_and_field(self):
        self._advice_mandates()
        lines = sample(ADVICE).split(b"\r\n")
        cut = b"\r\n".join(lines[:-3])  # the closing record and the last mandate are gone
        with self.assertRaisesRegex(UserError, r"cut.txt, line 1[45].*closing record"):
            self._import(cut, "cut.txt")
        wrong_total = sample(ADVICE).replace(b"092008061199000000010", b"092008061199000000011")
        with self.assertRaisesRegex(
            UserError, "total.txt, line 16, field number of records: the closing record says 11"
        ):
            self._import(wrong_total, "total.txt")
        self.assertFalse(self.env["autogiro.file"].search([]))

    def test_other_reports_and_old_layout_refused(self):
        with self.assertRaisesRegex(UserError, "old file layout"):
            self._import(
                sample(
                    "old_layout/autogiro_gl_exempelfil_medgivandeavisering_fran-bankgirot"
                    "-medgivanden-kontonummer_exemeplfil_sv.txt"
                ),
                "old.txt",
            )
        # Bankgirot's example specification is of debits never sent from here
        self.payee.journal_id = self.env["account.journal"].create(
            {"name": "Bankgiro A", "code": "BGA", "type": "bank", "company_id": self.org_a.id}
        )
        with self.assertRaisesRegex(
            UserError,
            r"spec.txt, line 4, field payer number: no debit of payer number 101 of 3000.00",
        ):
            self._import(
                sample("new_layout/autogiro_exempelfil_bet-spec-o-tk_sv.txt"),
                "spec.txt",
                user=self._user("ag_spec_accountant", "account.group_account_user", self.org_a),
            )

    def test_another_organisation_cannot_import(self):
        self._advice_mandates()
        with self.assertRaisesRegex(UserError, "none of your organisations' Autogiro payees"):
            self._import(sample(ADVICE), "UAGU4.txt", user=self.billing_b)
        # a payee's customer number is checked too
        self.payee.customer_number = "471118"
        with self.assertRaisesRegex(UserError, "customer number 471117"):
            self._import(sample(ADVICE), "UAGU4.txt")

    def test_internet_bank_mandates_sample(self):
        # 111 and 114 give organisation number 555600-0521: a company of ours; another
        # organisation's company with the number is not theirs to be found
        company, _other = self.env["res.partner"].create(
            [
                {
                    "name": f"Bygg AB {org.name}",
                    "is_company": True,
                    "company_registry": "555600-0521",
                    "organisation_ids": [Command.set(org.ids)],
                }
                for org in (self.org_a, self.org_b)
            ]
        )
        record = self._import(sample(EMANDATES), "UAGU3.txt")
        self.assertEqual(record.kind, "emandates")
        self.assertEqual(len(record.line_ids), 4)
        by_number = {line.payer_number: line for line in record.line_ids}
        # 112: Malin Wiktorsson by her personnummer, to approve in the next file
        mandate = by_number["112"].mandate_id
        self.assertEqual(mandate.partner_id, self.malin)
        self.assertEqual(
            (mandate.state, mandate.autogiro_pending, mandate.autogiro_origin),
            ("draft", "accept", "internet_bank"),
        )
        self.assertEqual(mandate.partner_bank_id.acc_number, "3300-1212121212")
        self.assertEqual(by_number["111"].mandate_id.partner_id, company)
        self.assertEqual(by_number["114"].mandate_id.partner_id, company)
        # 113 is nobody of ours: listed with what the file says
        unknown = by_number["113"]
        self.assertEqual((unknown.action, unknown.needs_followup), ("unknown", True))
        self.assertEqual(unknown.payer_name, "JOHN ANDERSSON")
        self.assertEqual(unknown.sudo().id_number, "196803050000")
        # a billing user who is no organisation user does not read the identity numbers
        clerk = self._user("ag_clerk", "account.group_account_invoice", self.org_a)
        self.assertNotIn("id_number", unknown.with_user(clerk).fields_get())
        self.assertIn("id_number", unknown.with_user(self.billing).fields_get())
        # the follow-up: John is found, his mandate made from the line
        john = self.env["res.partner"].create(
            {"name": "John Andersson", "organisation_ids": [Command.set(self.org_a.ids)]}
        )
        line = unknown.with_user(self.billing)
        line.partner_id = john
        line.action_create_mandate()
        self.assertEqual(line.mandate_id.partner_id, john)
        self.assertEqual(line.mandate_id.partner_bank_id.acc_number, "5001-1000020")
        # the company did not mean to give two: the payee rejects 111
        by_number["111"].mandate_id.with_user(self.billing).cancel()
        # the approvals and the rejection go in the next mandate file (TK04 with the payer
        # number only; with AV to reject)
        export = self._env_of(self.billing)["account.banking.mandate"].action_autogiro_export()
        out = self.env["autogiro.file"].browse(export["res_id"])
        self.assertEqual(
            sorted(out.line_ids.mapped(lambda line: (line.payer_number, line.action))),
            [
                ("111", "request_reject"),
                ("112", "request_accept"),
                ("113", "request_accept"),
                ("114", "request_accept"),
            ],
        )
        (section,) = autogiro.read_requests(base64.b64decode(out.data))
        self.assertEqual(
            [(r.action, r.payer_number) for r in section.mandates],
            [("reject", "111"), ("accept", "112"), ("accept", "113"), ("accept", "114")],
        )
        self.assertEqual(mandate.state, "sent")
        self.assertEqual(by_number["111"].mandate_id.state, "cancel")
        with self.assertRaisesRegex(UserError, "imported already"):
            self._import(sample(EMANDATES), "UAGU3.txt")

    def test_mandate_register_sample(self):
        p = self.people
        active = self._mandate(p["Anders"], number="102", state="sent")
        inquiry = self._mandate(p["Bodil"], number="103", account="3300-1212121212", state="valid")
        gone = self._mandate(p["Gustav"], number="999", state="valid")
        record = self._import(sample(REGISTER), "UAGU7.txt")
        self.assertEqual(record.kind, "register")
        self.assertEqual(active.state, "valid", "the register says approved")
        self.assertEqual(active.partner_bank_id.acc_number, "5001-1000020")
        self.assertEqual(inquiry.state, "sent", "the register says under inquiry")
        self.assertEqual((gone.state, gone.autogiro_cancelled_by), ("cancel", "bank"))
        by_action = {}
        for line in record.line_ids:
            by_action.setdefault(line.action, set()).add(line.payer_number)
        self.assertEqual(by_action["corrected"], {"102", "103"})
        self.assertEqual(by_action["missing"], {"999"})
        self.assertEqual(by_action["unknown"], {"101", "7771014", "5551004", "104", "105"})
        # importing it again is refused; a new extract that agrees changes nothing
        with self.assertRaisesRegex(UserError, "imported already"):
            self._import(sample(REGISTER), "UAGU7.txt")

    def test_statement_import_screen_takes_the_mandate_advice(self):
        m = self._advice_mandates()
        accountant = self._user("ag_accountant", "account.group_account_user", self.org_a)
        wizard = (
            self.env["account.statement.import"]
            .with_user(accountant)
            .with_context(allowed_company_ids=self.org_a.ids)
            .create(
                {
                    "statement_file": base64.b64encode(sample(ADVICE)),
                    "statement_filename": "UAGU4.txt",
                }
            )
        )
        action = wizard.import_file_button()
        record = self.env["autogiro.file"].browse(action["res_id"])
        self.assertEqual((record.kind, record.create_uid), ("mandate_advice", accountant))
        self.assertEqual(m["101"].state, "valid")

    def test_in_the_users_and_the_payers_language(self):
        for code in ("sv_SE", "nb_NO"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["l10n_se_autogiro"], ["sv_SE", "nb_NO"])
        m = self._advice_mandates()
        self.people["David"].lang = "sv_SE"  # his mandate is rejected: wrong account
        self.people["Cecilia"].lang = "nb_NO"  # hers is cancelled by the bank
        advice = sample(ADVICE).replace(b"     042920080611", b"     042320080611")
        self._import(advice, "UAGU4.txt")
        mails = self.env["mail.mail"].search([("model", "=", "account.banking.mandate")])
        david = mails.filtered(lambda mail: mail.res_id == m["3331022"].id)[:1]
        self.assertIn("godkändes inte av Bankgirot", david.body_html)
        self.assertIn("Fel bankkontonummer", david.body_html)
        cecilia = mails.filtered(lambda mail: mail.res_id == m["102"].id)[:1]
        self.assertIn("er kansellert av banken din", cecilia.body_html)
        # the user's errors are in the user's language, with the file and what was wrong
        self.billing.lang = "sv_SE"
        with self.assertRaisesRegex(UserError, "UAGU4-igen.txt har redan importerats"):
            self._import(advice, "UAGU4-igen.txt")
