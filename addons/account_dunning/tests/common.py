import base64
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import (
    AccountTestInvoicingCommon,
    AccountTestInvoicingHttpCommon,
)

QUIET = {"tracking_disable": True, "mail_create_nolog": True}
PDF = base64.b64encode(b"%PDF-1.4 invoice")


class DunningMixin:
    """A Swedish association (the test company) with a reminder policy: a first reminder
    10 days after the due date by e-mail and SMS with a 60 kr fee, a second one 14 days
    later by e-mail and letter that puts the person in arrears. Its billing user sends
    reminders; people owe it dues."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org = cls.env.company
        cls.org.country_id = cls.env.ref("base.se")
        cls.billing = new_test_user(
            cls.env,
            login="dunning_billing",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.org.id,
            company_ids=[Command.set(cls.org.ids)],
        )
        cls.dues = cls._create_product(name="Dues", lst_price=600.0, taxes_id=[Command.clear()])
        cls.fee_product = cls._create_product(
            name="Reminder fee", lst_price=60.0, taxes_id=[Command.clear()]
        )
        cls.policy = cls._policy(cls.org, fee=60.0)
        cls.level_1, cls.level_2 = cls.policy.level_ids.sorted("level")
        cls.org.credit_policy_id = cls.policy
        cls.karin = cls._customer("Karin Berg", mobile="070-123 45 67")

    @classmethod
    def _policy(cls, company, fee=0.0, **vals):
        receivable = cls.env["account.account"].search(
            [
                *cls.env["account.account"]._check_company_domain(company),
                ("account_type", "=", "asset_receivable"),
            ]
        )
        level = {
            "computation_mode": "net_days",
            "custom_text": "Unpaid.",
            "custom_mail_text": "<p>We have not received your payment.</p>",
        }
        return cls.env["credit.control.policy"].create(
            {
                "name": f"Reminders {company.name}",
                "company_id": company.id,
                "account_ids": [Command.set(receivable.ids)],
                "fee_agreed": True,
                "level_ids": [
                    Command.create(
                        {
                            **level,
                            "name": "First reminder",
                            "level": 1,
                            "delay_days": 10,
                            "send_sms": True,
                            "fee_product_id": cls.fee_product.id if fee else False,
                            "fee_amount": fee,
                        }
                    ),
                    Command.create(
                        {
                            **level,
                            "name": "Second reminder",
                            "level": 2,
                            "computation_mode": "previous_date",
                            "delay_days": 14,
                            "send_letter": True,
                            "mark_in_arrears": True,
                        }
                    ),
                ],
                **vals,
            }
        )

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@example.se",
                "country_id": cls.env.ref("base.se").id,
                **vals,
            }
        )

    @classmethod
    def _invoice(cls, partner, due, amount=600.0, company=None, pdf=True):
        company = company or cls.org
        move = (
            cls.env["account.move"]
            .with_company(company)
            .with_context(**QUIET)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": date(due.year, due.month, 1),
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": cls.dues.id, "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )
        move.action_post()
        if pdf:  # the PDF it was sent with
            move.sudo().invoice_pdf_report_file = PDF
        return move

    def _run(self, day, user=None, company=None):
        """A reminder run of ``day`` computed as ``user`` (default: the billing user)."""
        company = company or self.org
        Run = self.env["credit.control.run"].with_user(user or self.billing).with_company(company)
        run = Run.create({"date": day, "company_id": company.id})
        run.action_dunning_compute()
        return run

    def _send(self, run):
        run.action_dunning_send()
        run._dunning_send_queued()
        run.invalidate_recordset()
        return run

    def _pay(self, invoice, amount=None, day=None):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "amount": amount or invoice.amount_residual,
                "payment_date": day or invoice.invoice_date_due,
            }
        )._create_payments()

    def _mails(self, records):
        return self.env["mail.mail"].search(
            [("model", "=", records._name), ("res_id", "in", records.ids)]
        )


class DunningCommon(DunningMixin, AccountTestInvoicingCommon):
    pass


class DunningHttpCommon(DunningMixin, AccountTestInvoicingHttpCommon):
    pass
