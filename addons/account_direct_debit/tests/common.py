from odoo import Command
from odoo.tests import new_test_user


class DirectDebitCase:
    """What the tests of direct-debit collections share, whatever the format (mixed into
    account_direct_debit's test case and the formats' ones): users of one organisation, an
    environment of such a user, collections and their failure mails. A collection needs the
    test case's ``mode`` (the payment mode it collects by) and ``billing`` (the user who
    collects by default)."""

    @classmethod
    def _user(cls, login, groups, company):
        """An internal user of ``company`` only, with ``groups`` (XML ids, comma-separated)."""
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _env_of(self, user):
        """``user``'s environment, in all their companies, as they work."""
        return self.env(user=user, context={"allowed_company_ids": user.company_ids.ids})

    def _collection(self, user=None, until=None):
        """A collection of the mode's debits due by ``until`` (by default the collection's
        own default), made and filled by ``user`` (by default the billing user)."""
        env = self._env_of(user or self.billing)
        vals = {"payment_mode_id": self.mode.id}
        if until:
            vals["direct_debit_until"] = until
        order = env["account.payment.order"].create(vals)
        order.action_direct_debit_fill()
        return order

    def _sent_collection(self, invoices):
        """The billing user's collection, of exactly ``invoices``, confirmed, its file made
        and sent to the bank."""
        order = self._collection()
        self.assertEqual(order.payment_line_ids.move_id, invoices)
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
        return order

    def _failure_mail(self, invoice):
        """The last e-mail of ``invoice`` whose subject names a direct debit (that of a
        failed debit, in these tests)."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("subject", "ilike", "direct debit"),
            ],
            order="id desc",
            limit=1,
        )
