from . import (
    account_billing_run,
    account_billing_run_line,
    account_journal,
    account_move,
    res_company,
    res_partner,
)
