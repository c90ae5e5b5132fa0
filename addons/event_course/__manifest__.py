{
    "name": "Courses",
    "summary": "Courses on events: terms, levels and prerequisites, sessions and attendance, "
    "registration with a partner, pricing with discounts, membership fee and credit",
    "version": "18.0.1.0.0",
    "category": "Marketing/Events",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    # AGPL-3: it builds on account_dunning (AGPL-3, on OCA's account_credit_control)
    "license": "AGPL-3",
    "depends": ["event", "membership_period", "account_dunning", "account_payment"],
    # nordic-formats: the holidays a weekly schedule of sessions leaves out
    "external_dependencies": {"python": ["nordic-formats"]},
    "data": [
        "security/event_course_security.xml",
        "security/ir.model.access.csv",
        "views/event_course_category_views.xml",
        "views/event_course_level_views.xml",
        "views/event_course_level_approval_views.xml",
        "views/event_course_discount_rule_views.xml",
        "views/event_course_session_views.xml",
        "views/event_course_attendance_views.xml",
        "views/event_event_views.xml",
        "views/event_registration_views.xml",
        "views/event_course_menus.xml",
        "wizards/event_course_session_plan_views.xml",
        "wizards/event_course_level_approve_views.xml",
        "views/course_attendance_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": ["event_course/static/src/js/course_attendance.js"],
        "web.assets_tests": ["event_course/static/tests/tours/*.js"],
    },
}
