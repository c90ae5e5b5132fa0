from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AvtaleGiroCase


@tagged("post_install", "-at_install")
class TestAvtaleGiroPortal(AvtaleGiroCase, HttpCase):
    """A member of an organisation paid with KID, on their direct-debit page: the KID and
    account to sign up for AvtaleGiro with in their online bank, then their agreement."""

    def _page(self, url="/my/direct-debit"):
        self.authenticate("ag_no_portal", "ag_no_portal")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_sign_up_with_the_kid_and_account(self):
        kid = self.kari._l10n_no_avtalegiro_kid(self.sale)
        page = self._page()
        self.assertEqual(page.count("o_direct_debit_signup_avtalegiro"), 1)
        self.assertIn(f'o_avtalegiro_kid">{kid}<', page)
        self.assertIn(f'o_avtalegiro_account">{self.account.acc_number}<', page)
        self.assertIn("Sign up for AvtaleGiro in your online bank", page)
        # the same on the organisation's own start page; another organisation's is not hers
        self.assertIn(kid, self._page(f"/my/direct-debit/start/{self.org.id}"))
        response = self.url_open(f"/my/direct-debit/start/{self.org_b.id}")
        self.assertEqual(response.status_code, 404)

    def test_her_agreement_instead_once_she_has_one(self):
        kid = self.kari._l10n_no_avtalegiro_kid(self.sale)
        self.env["account.banking.mandate"]._l10n_no_avtalegiro_create(
            self.org, self.kari, kid, self.account, True, fields.Date.today()
        )
        page = self._page()
        self.assertNotIn("o_direct_debit_signup", page)
        self.assertIn("AvtaleGiro", page)
        self.assertIn("Active", page)
        self.assertIn(f"KID {kid}", page)

    def test_no_sign_up_without_the_account_of_nets_files(self):
        self.bank.bank_account_id = False
        self.assertNotIn("o_direct_debit_signup", self._page())

    def test_a_customer_number_too_long_for_the_kid(self):
        """Her reference does not fit in the journal's KID length: she is asked to contact
        the organisation, the page still shows."""
        self.kari.ref = "9" * 20
        page = self._page()
        self.assertIn("o_direct_debit_signup_avtalegiro", page)
        self.assertNotIn("o_avtalegiro_kid", page)
        self.assertIn("for the KID", page)
