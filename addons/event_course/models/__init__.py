from . import (
    account_move_line,
    event_course_attendance,
    event_course_category,
    event_course_discount_rule,
    event_course_level,
    event_course_level_approval,
    event_course_session,
    event_event,
    event_registration,
)
