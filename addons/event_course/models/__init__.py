# the models below inherit it: loaded first
from . import event_course_organisation_mixin  # isort: split

from . import (
    account_move,
    account_move_line,
    event_course_attendance,
    event_course_cancellation_terms,
    event_course_cancellation_tier,
    event_course_category,
    event_course_discount_rule,
    event_course_evaluation,
    event_course_invitation,
    event_course_level,
    event_course_level_approval,
    event_course_session,
    event_course_waitlist,
    event_event,
    event_registration,
    membership_period,
    res_company,
    res_partner,
    survey_survey,
    survey_user_input,
)
