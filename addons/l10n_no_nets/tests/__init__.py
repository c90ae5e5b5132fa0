from . import test_kid, test_nets_import, test_portal_payment, test_tours
