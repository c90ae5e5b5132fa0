from . import (
    account_banking_mandate,
    account_billing_run,
    account_billing_run_line,
    account_journal,
    account_move,
    account_partial_reconcile,
    account_payment_line,
    account_payment_method,
    account_payment_mode,
    account_payment_order,
    res_company,
    res_partner,
)
