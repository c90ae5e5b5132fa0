from . import account_journal, account_move, payment_provider
