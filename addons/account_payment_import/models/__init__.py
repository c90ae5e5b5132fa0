from . import (
    account_bank_statement_line,
    account_journal,
    account_move,
    account_payment_import,
    account_payment_import_line,
    payment_provider,
)
