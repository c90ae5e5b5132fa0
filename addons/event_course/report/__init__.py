from . import event_course_revenue_report
