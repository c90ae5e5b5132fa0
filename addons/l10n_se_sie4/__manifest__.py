{
    "name": "Sweden - SIE 4 export and import",
    "summary": "SIE 4E export for the treasurer (voucher series, dimensions, balances, lock and "
    "export log) and SIE 4E/4I import to start from an old system",
    "version": "18.0.1.1.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "depends": ["account", "analytic"],
    "external_dependencies": {"python": ["nordic-formats"]},
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/l10n_se_sie4_security.xml",
        "views/l10n_se_sie4_export_views.xml",
        "views/account_journal_views.xml",
        "views/account_account_views.xml",
        "views/res_company_views.xml",
        "wizards/l10n_se_sie4_export_wizard_views.xml",
        "wizards/l10n_se_sie4_import_wizard_views.xml",
        "views/l10n_se_sie4_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["l10n_se_sie4/static/tests/tours/*.js"],
    },
}
