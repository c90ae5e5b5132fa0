from . import (
    test_allocation,
    test_billing_user,
    test_folder_import,
    test_payment_import,
    test_payment_provider,
    test_statement_import,
)
