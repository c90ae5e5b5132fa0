from odoo import fields, models


class EventCourseLevelApproveLine(models.TransientModel):
    """A participant on :class:`EventCourseLevelApprove`: their attendance and the tick."""

    _name = "event.course.level.approve.line"
    _description = "Participant to approve for a level"
    _order = "name, id"

    wizard_id = fields.Many2one("event.course.level.approve", required=True, ondelete="cascade")
    registration_id = fields.Many2one("event.registration", required=True)
    partner_id = fields.Many2one("res.partner", string="Participant")
    name = fields.Char()
    present_count = fields.Integer(string="Present")
    sessions_held = fields.Integer(string="Sessions held")
    already_approved = fields.Boolean()
    approve = fields.Boolean()
