from . import (
    event_course_cancel,
    event_course_level_approve,
    event_course_level_approve_line,
    event_course_register,
    event_course_session_plan,
    event_course_session_plan_skip,
)
