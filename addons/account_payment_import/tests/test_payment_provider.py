from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestReferenceTransfer(AccountTestInvoicingCommon):
    """The wire transfer a country's module offers on the portal to pay with the reference
    (its message is tested in l10n_se_bankgiro and l10n_no_nets): the company's own, enabled
    and published, never a second one."""

    def test_enable_the_companys_wire_transfer(self):
        data = self.setup_other_company(name="Förening Väst")
        company = data["company"]
        data["default_journal_bank"].set_bank_account("SE45 5000 0000 0583 9825 7466")
        Provider = self.env["payment.provider"]
        provider = Provider._payment_import_enable_transfer(company, "Transfer with reference")
        self.assertEqual(
            (provider.name, provider.company_id, provider.code, provider.custom_mode),
            ("Transfer with reference", company, "custom", "wire_transfer"),
        )
        self.assertEqual((provider.state, provider.is_published), ("enabled", True))
        self.assertEqual(
            provider.payment_method_ids, self.env.ref("payment_custom.payment_method_wire_transfer")
        )
        # no country's reference for this company: payment_custom's list of bank accounts
        self.assertIn("SE45 5000 0000 0583 9825 7466", provider.pending_msg)
        # the same provider the next time, enabled again, keeping its name
        provider.write({"state": "disabled", "is_published": False})
        again = Provider._payment_import_enable_transfer(company, "Another name")
        self.assertEqual(again, provider)
        self.assertEqual(
            (again.name, again.state, again.is_published), (provider.name, "enabled", True)
        )
        self.assertEqual(
            Provider.search_count(
                [("company_id", "=", company.id), ("custom_mode", "=", "wire_transfer")]
            ),
            1,
        )
