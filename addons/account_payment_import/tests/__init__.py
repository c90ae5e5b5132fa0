from . import test_payment_import, test_statement_import
