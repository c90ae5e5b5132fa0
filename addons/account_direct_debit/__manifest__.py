{
    "name": "Direct debit collections",
    "summary": "Collections of due invoices from payers with a valid direct-debit mandate "
    "(Autogiro, AvtaleGiro) on OCA's payment orders: settled by the bank's report, failed "
    "debits retried and then handed to reminders, the billing run's direct-debit channel",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    # AGPL-3: it extends OCA's account_payment_order and account_banking_mandate (AGPL-3)
    "license": "AGPL-3",
    "depends": [
        "account_billing_run",
        "account_banking_mandate",
        "account_payment_import",
        "account_payment_order",
        "association_base",
    ],
    "data": [
        "security/account_direct_debit_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/account_payment_mode_views.xml",
        "views/account_payment_order_views.xml",
        "views/account_payment_line_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/account_direct_debit_menus.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": ["account_direct_debit/static/tests/tours/*.js"],
    },
}
