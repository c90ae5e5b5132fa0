from . import test_level_approve, test_registration, test_session_plan
