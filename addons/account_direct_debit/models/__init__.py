from . import (
    account_banking_mandate,
    account_billing_run,
    account_billing_run_line,
    account_move,
    account_payment_line,
    account_payment_method,
    account_payment_mode,
    account_payment_order,
    res_company,
    res_partner,
)
