{
    "name": "Sweden - Bankgiro, OCR and BgMax",
    "summary": "Bankgiro numbers on bank journals, OCR references on invoices (every control "
    "level), BgMax files of incoming payments reconciled automatically",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "countries": ["se"],
    "depends": ["account_payment_import", "l10n_se"],
    "external_dependencies": {"python": ["nordic-formats"]},
    "data": [
        "views/account_journal_views.xml",
        "views/report_invoice.xml",
    ],
    "demo": ["demo/account_journal_demo.xml"],
}
