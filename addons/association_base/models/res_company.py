from odoo import api, fields, models


class ResCompany(models.Model):
    """An organisation: an association, a union, a gym or facility, or a municipality.

    The units of an organisation (local branches, facilities) are Odoo branches
    (companies with a parent) and have the organisation's type.
    """

    _inherit = "res.company"

    organisation_type = fields.Selection(
        [
            ("association", "Association"),
            ("union", "Union"),
            ("gym", "Gym / facility"),
            ("municipality", "Municipality"),
        ],
        default="association",
        compute="_compute_organisation_type",
        store=True,
        readonly=False,
        precompute=True,
        recursive=True,
        help="What kind of organisation this is. Branches (units) have their organisation's type.",
    )

    @api.depends("parent_id.organisation_type")
    def _compute_organisation_type(self):
        for company in self.filtered("parent_id"):
            company.organisation_type = company.parent_id.organisation_type
