from . import (
    account_banking_mandate,
    account_journal,
    account_payment_line,
    account_payment_method,
    account_payment_order,
    autogiro_file,
    autogiro_file_line,
    autogiro_payee,
    res_company,
)
