from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestRender(DunningCommon):
    """Reminder e-mails of many people are rendered from one compiled template: each still
    reads its own person's invoices, and nobody renders code they may not write."""

    def test_batch_rendering_equals_rendering_one_by_one(self):
        people = [self._customer(name) for name in ("Anna Lind", "Erik Ek", "Sara Holm")]
        for person, amount in zip(people, (100.0, 250.0, 600.0), strict=True):
            self._invoice(person, date(2026, 1, 31), amount=amount)
        run = self._run(date(2026, 2, 10))
        comms = run.communication_ids
        self.assertEqual(len(comms), 3)
        template = self.level_1.email_template_id
        together = template._render_field("body_html", comms.ids)
        for comm in comms:
            alone = template._render_field("body_html", comm.ids)[comm.id]
            self.assertEqual(together[comm.id], alone)
            self.assertIn(comm.partner_id.name, together[comm.id])
        self.assertEqual(len(set(together.values())), 3)

    def test_forbidden_code_refused_in_a_batch(self):
        for name in ("Anna Lind", "Erik Ek"):
            self._invoice(self._customer(name), date(2026, 1, 31))
        comms = self._run(date(2026, 2, 10)).communication_ids
        clerk = new_test_user(
            self.env, login="dunning_clerk", groups="base.group_user,account.group_account_invoice"
        )
        clerk.groups_id -= self.env.ref("mail.group_mail_template_editor")
        self.assertFalse(clerk.has_group("mail.group_mail_template_editor"))
        # templates are trusted (only editors write them); text rendered for a composer is not
        Render = self.env["mail.render.mixin"].with_user(clerk)
        with self.assertRaises(AccessError):
            Render._render_template(
                '<p t-out="object.env.cr.dbname"/>', comms._name, comms.ids, engine="qweb"
            )
