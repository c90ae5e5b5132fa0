{
    "name": "Norway - KID and Nets OCR giro",
    "summary": "KID (MOD10/MOD11, length, composition) on customer invoices, Nets OCR giro "
    "files of incoming payments reconciled automatically, payment with KID shown to members "
    "on the portal",
    "version": "18.0.1.1.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "countries": ["no"],
    # account_payment (auto-installed with account) and payment_custom: payment with KID on
    # the portal is a wire transfer of core's custom provider
    "depends": ["account_payment_import", "l10n_no", "account_payment", "payment_custom"],
    "external_dependencies": {"python": ["nordic-formats", "netsgiro"]},
    "data": [
        "views/account_journal_views.xml",
        "views/account_statement_import_views.xml",
        "views/payment_templates.xml",
        "views/report_invoice.xml",
    ],
    "demo": ["demo/account_journal_demo.xml"],
    "assets": {
        "web.assets_tests": ["l10n_no_nets/static/tests/tours/*.js"],
    },
}
