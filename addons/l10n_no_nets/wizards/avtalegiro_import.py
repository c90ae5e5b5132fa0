import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class AvtaleGiroImport(models.TransientModel):
    """Upload Nets' AvtaleGiro agreement file (new, changed and deleted agreements, or the
    list of all active ones)."""

    _name = "avtalegiro.import"
    _description = "Import an AvtaleGiro agreement file"

    data = fields.Binary(string="File", required=True)
    filename = fields.Char(string="File name")

    def action_import(self):
        self.ensure_one()
        if not self.data:
            raise UserError(_("Choose the file from Nets first."))
        record = self.env["avtalegiro.file"]._import_agreements(
            base64.b64decode(self.data), self.filename or _("AvtaleGiro agreements")
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "avtalegiro.file",
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
