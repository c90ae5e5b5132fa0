{
    "name": "Sweden - Autogiro",
    "summary": "Autogiro direct debit mandates on OCA's banking mandates: mandate files to "
    "Bankgirot (sealed), mandate advice, internet-bank mandates and the mandate register "
    "imported, the payer told when a mandate fails",
    "version": "18.0.1.3.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    # AGPL-3: it extends OCA's account_banking_mandate and account_payment_order (AGPL-3)
    "license": "AGPL-3",
    "countries": ["se"],
    "depends": [
        "account_direct_debit",
        "account_payment_import",
        "account_banking_mandate",
        "account_payment_order",
        "association_base",
        "l10n_se_bankgiro",
    ],
    "external_dependencies": {"python": ["nordic-formats"]},
    "data": [
        "security/l10n_se_autogiro_security.xml",
        "security/ir.model.access.csv",
        "data/account_payment_method_data.xml",
        "data/mail_template_data.xml",
        "wizards/autogiro_import_views.xml",
        "views/autogiro_payee_views.xml",
        "views/autogiro_file_views.xml",
        "views/account_banking_mandate_views.xml",
        "views/l10n_se_autogiro_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/autogiro_demo.xml"],
    "assets": {
        "web.assets_tests": ["l10n_se_autogiro/static/tests/tours/*.js"],
    },
}
