{
    "name": "Norway - KID, Nets OCR giro and AvtaleGiro",
    "summary": "KID (MOD10/MOD11, length, composition) on customer invoices, Nets OCR giro "
    "files of incoming payments reconciled automatically, payment with KID shown to members "
    "on the portal, AvtaleGiro agreements imported from Nets' agreement files, AvtaleGiro "
    "collections: claim and cancellation files, settled by the OCR giro file",
    "version": "18.0.1.4.1",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    # AGPL-3: it extends OCA's account_banking_mandate (AGPL-3)
    "license": "AGPL-3",
    "countries": ["no"],
    # account_payment (auto-installed with account) and payment_custom: payment with KID on
    # the portal is a wire transfer of core's custom provider; AvtaleGiro agreements are
    # OCA's banking mandates of the people of association_base's organisations; members
    # sign up for AvtaleGiro on account_direct_debit's portal page; AvtaleGiro collections
    # are account_direct_debit's on OCA's payment orders
    "depends": [
        "account_payment_import",
        "l10n_no",
        "account_payment",
        "payment_custom",
        "account_banking_mandate",
        "account_payment_order",
        "account_direct_debit",
        "association_base",
    ],
    "external_dependencies": {"python": ["nordic-formats", "netsgiro"]},
    "data": [
        "security/l10n_no_nets_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/account_payment_method_data.xml",
        "data/ir_cron_data.xml",
        "views/account_journal_views.xml",
        "views/account_payment_mode_views.xml",
        "views/account_statement_import_views.xml",
        "views/payment_templates.xml",
        "views/report_invoice.xml",
        "wizards/avtalegiro_import_views.xml",
        "views/avtalegiro_file_views.xml",
        "views/account_banking_mandate_views.xml",
        "views/l10n_no_nets_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/account_journal_demo.xml",
        "demo/avtalegiro_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["l10n_no_nets/static/tests/tours/*.js"],
    },
}
