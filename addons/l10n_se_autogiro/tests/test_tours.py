from odoo.tests import HttpCase, tagged

from .common import AutogiroCase


@tagged("post_install", "-at_install")
class TestAutogiroTours(AutogiroCase, HttpCase):
    def test_mandate_to_bankgirot_and_back(self):
        self.start_tour(
            f"/odoo/action-l10n_se_autogiro.autogiro_mandate_action?cids={self.org_a.id}",
            "l10n_se_autogiro_mandate_tour",
            login="ag_billing",
        )
        mandate = self.env["account.banking.mandate"].search(
            [("autogiro_payer_number", "=", "5001")]
        )
        self.assertEqual(mandate.create_uid, self.billing)
        self.assertEqual(mandate.partner_id, self.malin)
        self.assertEqual(mandate.state, "valid")
        files = self.env["autogiro.file"].search([("payee_id", "=", self.payee.id)])
        self.assertEqual(sorted(files.mapped("kind")), ["mandate_advice", "mandates"])
