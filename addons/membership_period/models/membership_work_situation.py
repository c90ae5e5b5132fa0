from odoo import fields, models


class MembershipWorkSituation(models.Model):
    _name = "membership.work.situation"
    _description = "Work situation"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
