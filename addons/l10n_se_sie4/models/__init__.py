from . import (
    account_account,
    account_journal,
    account_move,
    l10n_se_sie4_export,
    res_company,
)
