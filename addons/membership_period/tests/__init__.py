from . import (
    test_access_matrix,
    test_billing_run,
    test_fee_rules,
    test_hardening,
    test_membership_period,
    test_portal,
    test_security_review,
    test_tours,
)
