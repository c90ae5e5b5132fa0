from . import (
    account_billing_run,
    membership_fee_rule,
    membership_membership_line,
    membership_period,
    membership_work_situation,
    res_company,
    res_partner,
)
