from . import test_billing_run, test_fee_rules, test_hardening, test_membership_period, test_portal
