import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class AutogiroImport(models.TransientModel):
    """Upload a mandate report from Bankgirot: the mandate advice, the internet-bank
    mandates or the mandate register extract."""

    _name = "autogiro.import"
    _description = "Import an Autogiro report"

    data = fields.Binary(string="File", required=True)
    filename = fields.Char(string="File name")

    def action_import(self):
        self.ensure_one()
        if not self.data:
            raise UserError(_("Choose the file from Bankgirot first."))
        record = self.env["autogiro.file"]._import_report(
            base64.b64decode(self.data), self.filename or _("Autogiro report")
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "autogiro.file",
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
