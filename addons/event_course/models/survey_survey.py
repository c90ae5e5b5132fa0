from odoo import fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        index=True,
        default=lambda self: self.env.company,
        help="The organisation whose staff see and edit this survey (empty: every "
        "organisation, a survey shared by the platform).",
    )
