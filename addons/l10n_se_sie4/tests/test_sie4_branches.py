import base64
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from nordic_formats.se import sie


@tagged("post_install", "-at_install")
class TestSie4Branches(AccountTestInvoicingCommon):
    """An association with a youth branch: one legal entity, one SIE file, one numbering."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.name = "Testföreningen"
        cls.branch = cls.env["res.company"].create(
            {
                "name": "Ungdomssektionen",
                "parent_id": cls.company.id,
                "country_id": cls.company.country_id.id,
            }
        )
        cls.cr.precommit.run()  # the branch's accounting (journals) as Odoo sets it up
        cls.env.user.company_ids |= cls.branch
        cls.branch_misc = cls.env["account.journal"].create(
            {
                "name": "Ungdom diverse",
                "code": "UDIV",
                "type": "general",
                "company_id": cls.branch.id,
            }
        )
        cls.expense = cls.company_data["default_account_expense"]
        cls.bank_account = cls.company_data["default_journal_bank"].default_account_id
        cls._entry(cls.company_data["default_journal_misc"], date(2026, 3, 1), 500, "Hyra")
        cls._entry(cls.branch_misc, date(2026, 2, 1), 120, "Läger")

    @classmethod
    def _entry(cls, journal, day, amount, ref):
        move = cls.env["account.move"].create(
            {
                "journal_id": journal.id,
                "date": day,
                "ref": ref,
                "line_ids": [
                    (0, 0, {"account_id": cls.expense.id, "name": ref, "balance": amount}),
                    (0, 0, {"account_id": cls.bank_account.id, "name": ref, "balance": -amount}),
                ],
            }
        )
        move.action_post()
        return move

    def _export(self, company, user=None, allowed=None):
        Wizard = self.env["l10n_se_sie4.export.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        if allowed:
            Wizard = Wizard.with_context(allowed_company_ids=allowed.ids)
        wizard = Wizard.create({"company_id": company.id, "fiscal_year_date": date(2026, 5, 1)})
        log = wizard._export()
        return {
            voucher.text.split()[-1]: (voucher.series, voucher.number)
            for voucher in sie.read(base64.b64decode(log.file)).vouchers
        }

    def _accountant(self, login, companies):
        return new_test_user(
            self.env,
            login=login,
            groups="base.group_user,account.group_account_user",
            company_id=self.company.id,
            company_ids=companies.ids,
        )

    def test_parent_and_branch_share_one_numbering(self):
        branch_alone = self._export(self.branch)
        self.assertEqual(branch_alone, {"Läger": ("A", "1")})
        whole = self._export(self.company)
        self.assertEqual(whole, {"Läger": ("A", "1"), "Hyra": ("A", "2")})
        # and the other way round: numbered by the parent, exported by the branch
        self._entry(self.branch_misc, date(2026, 4, 1), 80, "Buss")
        self.assertEqual(self._export(self.company)["Buss"], ("A", "3"))
        self.assertEqual(self._export(self.branch), {"Läger": ("A", "1"), "Buss": ("A", "3")})

    def test_branches_are_exported_whatever_the_company_switcher_shows(self):
        accountant = self._accountant("sie_both", self.company | self.branch)
        vouchers = self._export(self.company, user=accountant, allowed=self.company)
        self.assertEqual(set(vouchers), {"Hyra", "Läger"})

    def test_a_branch_the_user_does_not_belong_to_refuses_the_export(self):
        accountant = self._accountant("sie_parent_only", self.company)
        with self.assertRaisesRegex(UserError, "access to 1 of them") as refused:
            self._export(self.company, user=accountant, allowed=self.company)
        self.assertNotIn("Ungdomssektionen", str(refused.exception), "a company not theirs")
        self.assertFalse(self.env["l10n_se_sie4.export"].search([]))

    def test_another_organisations_export_names_none_of_its_companies(self):
        other = self.setup_other_company(name="Främmande förening")["company"]
        self.env["res.company"].create({"name": "Främmande gren", "parent_id": other.id})
        accountant = self._accountant("sie_own_only", self.company | self.branch)
        with self.assertRaisesRegex(UserError, "only of an organisation you work in") as refused:
            self._export(other, user=accountant, allowed=self.company)
        self.assertNotIn("Främmande", str(refused.exception))
        self.assertFalse(self.env["l10n_se_sie4.export"].search([]))
