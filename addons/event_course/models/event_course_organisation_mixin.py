from odoo import models


class EventCourseOrganisationMixin(models.AbstractModel):
    """Organisation data that must stay in its organisation when it is changed.

    Record rules are checked on a record before it is written, not after: writing a record's
    organisation, or the parent record its organisation comes from, could move it into an
    organisation the user does not work in. Such a write is checked again afterwards."""

    _name = "event.course.organisation.mixin"
    _description = "Course data kept in its organisation"
    # the fields that decide the record's organisation
    _course_organisation_fields = ("company_id",)

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su and vals.keys() & set(self._course_organisation_fields):
            self.check_access("write")
        return result
