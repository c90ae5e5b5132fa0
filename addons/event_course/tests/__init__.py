from . import (
    test_attendance_page,
    test_bookkeeping,
    test_cancellation,
    test_level_approve,
    test_pages,
    test_register_wizard,
    test_registration,
    test_reports,
    test_session_plan,
    test_story,
    test_waitlist,
    test_waitlist_pages,
)
