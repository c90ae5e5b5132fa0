from odoo.tests import HttpCase, tagged

from .common import AutogiroCase, CollectionCase


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


@tagged("post_install", "-at_install")
class TestCollectionTour(CollectionCase, HttpCase):
    def test_collection_to_the_file(self):
        malin = self._invoice(self.malin, 300)
        self.start_tour(
            "/odoo/action-account_direct_debit.action_direct_debit_collections"
            f"?cids={self.org_a.id}",
            "l10n_se_autogiro_collection_tour",
            login="ag_billing",
        )
        order = self.env["account.payment.order"].search([("payment_mode_id", "=", self.mode.id)])
        self.assertEqual(order.create_uid, self.billing)
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(order.payment_line_ids.move_id, malin)
        self.assertEqual(order.autogiro_file_ids.kind, "payments")
