from . import test_direct_debit, test_portal
