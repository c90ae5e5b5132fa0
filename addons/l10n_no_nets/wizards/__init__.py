from . import account_statement_import, avtalegiro_import
