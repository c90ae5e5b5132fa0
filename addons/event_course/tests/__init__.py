from . import (
    test_attendance_page,
    test_level_approve,
    test_registration,
    test_session_plan,
)
