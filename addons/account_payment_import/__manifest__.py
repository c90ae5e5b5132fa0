{
    "name": "Incoming Payment Files",
    "summary": "One path from any incoming-payment file (BgMax, Nets OCR giro, ...) to paid "
    "invoices: statement lines, matching on payment reference, credits, unmatched list",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    # payment_custom: the portal's wire transfer paid with a reference (an OCR number, a
    # KID) that the country's payment file is matched by
    "depends": [
        "account",
        "account_statement_import_file",
        "account_reconcile_oca",
        "payment_custom",
    ],
    "external_dependencies": {"python": ["nordic-formats"]},
    "data": [
        "security/ir.model.access.csv",
        "security/account_payment_import_security.xml",
        "data/ir_cron_data.xml",
        "views/account_payment_import_views.xml",
        "views/account_journal_views.xml",
        "views/account_bank_statement_line_views.xml",
    ],
}
