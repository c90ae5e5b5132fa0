{
    "name": "Sweden - Bankgiro, OCR and BgMax",
    "summary": "Bankgiro numbers on bank journals, OCR references on invoices (every control "
    "level), BgMax files of incoming payments reconciled automatically, payment by Bankgiro "
    "and OCR shown to members on the portal",
    "version": "18.0.1.1.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "countries": ["se"],
    # account_payment (auto-installed with account) and payment_custom: payment by Bankgiro
    # on the portal is a wire transfer of core's custom provider
    "depends": ["account_payment_import", "l10n_se", "account_payment", "payment_custom"],
    "external_dependencies": {"python": ["nordic-formats"]},
    "data": [
        "views/account_journal_views.xml",
        "views/account_statement_import_views.xml",
        "views/payment_templates.xml",
        "views/report_invoice.xml",
    ],
    "demo": ["demo/account_journal_demo.xml"],
    "assets": {
        "web.assets_tests": ["l10n_se_bankgiro/static/tests/tours/*.js"],
    },
}
