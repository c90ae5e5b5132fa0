from . import (
    test_amounts,
    test_export,
    test_import,
    test_invoice_cancelled,
    test_isolation,
    test_lists,
    test_tours,
)
