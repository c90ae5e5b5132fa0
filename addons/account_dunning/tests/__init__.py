from . import (
    test_fee_caps,
    test_followup,
    test_portal,
    test_receipt_paths,
    test_receipts,
    test_reminder_run,
    test_render,
    test_tampering,
    test_tours,
)
