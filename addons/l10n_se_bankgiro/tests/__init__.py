from . import (
    test_bgmax_import,
    test_bgmax_test_mark,
    test_invoice_pdf,
    test_payment_provider,
    test_tours,
)
