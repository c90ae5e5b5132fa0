from . import (
    test_access,
    test_branch,
    test_collection,
    test_end_to_end,
    test_mandate_file,
    test_payee,
    test_portal,
    test_reports,
    test_tours,
)
