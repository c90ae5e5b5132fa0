{
    "name": "Payment Reminders",
    "summary": "Reminders of unpaid invoices by e-mail, SMS and letter with legal fee caps per "
    "country, one reminder per person, a daily run; receipts when an invoice is paid",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    # AGPL-3: it extends OCA's account_credit_control (AGPL-3)
    "license": "AGPL-3",
    "depends": ["account_credit_control", "account_billing_run", "sms", "association_base"],
    "data": [
        "security/account_dunning_security.xml",
        "security/ir.model.access.csv",
        "data/account_dunning_fee_cap_data.xml",
        "data/mail_template_data.xml",
        "data/sms_template_data.xml",
        "data/ir_cron_data.xml",
        "report/report_credit_control_summary.xml",
        "views/account_dunning_fee_cap_views.xml",
        "views/credit_control_policy_views.xml",
        "views/credit_control_run_views.xml",
        "views/credit_control_communication_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_dunning_menus.xml",
    ],
    "demo": ["demo/account_dunning_demo.xml"],
    "pre_init_hook": "pre_init_hook",
    "assets": {
        "web.assets_tests": ["account_dunning/static/tests/tours/*.js"],
    },
}
