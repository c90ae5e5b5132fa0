from . import (
    account_billing_run,
    account_move,
    membership_membership_line,
    payroll_deduction_addon,
    payroll_deduction_import,
    payroll_deduction_import_line,
    payroll_deduction_list,
    payroll_deduction_list_line,
    payroll_deduction_rule,
    payroll_employer,
    payroll_employment,
)
