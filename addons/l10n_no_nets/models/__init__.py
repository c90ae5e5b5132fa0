from . import (
    account_banking_mandate,
    account_journal,
    account_move,
    avtalegiro_file,
    avtalegiro_file_line,
    payment_provider,
    res_company,
    res_partner,
)
