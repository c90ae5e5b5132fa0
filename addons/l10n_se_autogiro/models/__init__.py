from . import account_banking_mandate, autogiro_file, autogiro_file_line, autogiro_payee
