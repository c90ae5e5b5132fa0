from . import (
    test_avtalegiro_access,
    test_avtalegiro_collection,
    test_avtalegiro_import,
    test_avtalegiro_kid,
    test_direct_debit_portal,
    test_kid,
    test_nets_import,
    test_portal_payment,
    test_tours,
)
