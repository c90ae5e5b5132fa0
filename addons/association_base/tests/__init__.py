from . import (
    test_customer_type,
    test_deduplication,
    test_mobile_number,
    test_national_id,
    test_organisation_privacy,
    test_portal,
    test_tours,
    test_visibility,
)
