{
    "name": "Payroll Deduction",
    "summary": "Union dues deducted from pay by employers: deduction rules (percentage of gross "
    "pay with a monthly minimum and maximum), monthly lists per employer, employer invoices, "
    "import of the employers' returned deduction files",
    "version": "18.0.1.1.0",
    "category": "Association",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "depends": ["account_billing_run", "membership_period"],
    "external_dependencies": {"python": ["xlsxwriter", "openpyxl", "xlrd"]},
    "data": [
        "security/payroll_deduction_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/payroll_employer_views.xml",
        "views/payroll_employment_views.xml",
        "views/payroll_deduction_rule_views.xml",
        "views/payroll_deduction_list_views.xml",
        "views/payroll_deduction_import_views.xml",
        "views/account_billing_run_views.xml",
        "views/payroll_deduction_menus.xml",
    ],
    "demo": ["demo/payroll_deduction_demo.xml"],
    "assets": {
        "web.assets_tests": ["payroll_deduction/static/tests/tours/*.js"],
    },
}
