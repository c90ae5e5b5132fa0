{
    "name": "Norway - KID and Nets OCR giro",
    "summary": "KID (MOD10/MOD11, length, composition) on customer invoices, Nets OCR giro "
    "files of incoming payments reconciled automatically",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "countries": ["no"],
    "depends": ["account_payment_import", "l10n_no"],
    "external_dependencies": {"python": ["nordic-formats", "netsgiro"]},
    "data": [
        "views/account_journal_views.xml",
        "views/report_invoice.xml",
    ],
}
