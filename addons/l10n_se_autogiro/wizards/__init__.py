from . import account_statement_import, autogiro_import
