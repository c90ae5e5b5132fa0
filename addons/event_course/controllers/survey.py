from odoo.osv import expression

from odoo.addons.survey.controllers.main import Survey


class CourseSurvey(Survey):
    """The results page of a survey (``/survey/results/<survey>``) shows the answers of one
    course with ``?course_id=<id>`` (the course's *Results* button); the filters of the page
    keep it. What a user sees of the answers stays what the record rules let them read."""

    def _get_results_page_user_input_domain(self, survey, **post):
        domain = super()._get_results_page_user_input_domain(survey, **post)
        course_id = post.get("course_id")
        if course_id and course_id.isdigit():
            domain = expression.AND([domain, [("course_event_id", "=", int(course_id))]])
        return domain
