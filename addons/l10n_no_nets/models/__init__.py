from . import (
    account_banking_mandate,
    account_journal,
    account_move,
    account_payment_line,
    account_payment_method,
    account_payment_mode,
    account_payment_order,
    avtalegiro_file,
    avtalegiro_file_line,
    payment_provider,
    res_company,
    res_partner,
)
