import hashlib
import os
import shutil

from odoo import fields, models
from odoo.tools import SQL


class L10nSeSie4Export(models.Model):
    """What was exported, by whom and when: the treasurer downloads earlier files again."""

    _name = "l10n_se_sie4.export"
    _description = "SIE export"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    fiscal_year_start = fields.Date(required=True, readonly=True)
    fiscal_year_end = fields.Date(required=True, readonly=True)
    voucher_count = fields.Integer(string="Vouchers", readonly=True)
    line_count = fields.Integer(string="Transactions", readonly=True)
    locked = fields.Boolean(
        string="Period locked", readonly=True, help="The export set the lock date to its end."
    )
    file = fields.Binary(attachment=True, readonly=True)
    file_size = fields.Integer(readonly=True)
    checksum = fields.Char(string="KSUMMA", readonly=True)

    def _attach_file(self, path, size):
        """Store the file at ``path`` as this export's file. A year of a large association's
        books is tens of megabytes: in the file store it is copied and hashed in blocks,
        never held in memory (Odoo's attachment API takes the whole content as bytes)."""
        self.ensure_one()
        # sudo: the attachment is the file of this export log, which the user has just
        # created (create access checked); accountants may not modify logs, which creating
        # an attachment of one would otherwise require
        Attachment = self.env["ir.attachment"].sudo()
        values = {
            "name": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "res_field": "file",
            "mimetype": "text/plain",
        }
        if Attachment._storage() != "file":
            with open(path, "rb") as stream:
                Attachment.create({**values, "raw": stream.read()})
        else:
            sha = hashlib.sha1()
            with open(path, "rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    sha.update(block)
            checksum = sha.hexdigest()
            store_fname = f"{checksum[:2]}/{checksum}"
            full_path = Attachment._full_path(store_fname)
            if not os.path.isfile(full_path):
                os.makedirs(os.path.dirname(full_path), exist_ok=True)
                shutil.copyfile(path, full_path)
            attachment = Attachment.create(values)
            # create() and write() drop these three fields (they follow the content given as
            # bytes); the content is already in the file store under its checksum
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_attachment SET store_fname = %s, file_size = %s, checksum = %s "
                    "WHERE id = %s",
                    store_fname,
                    size,
                    checksum,
                    attachment.id,
                )
            )
            attachment.invalidate_recordset(["store_fname", "file_size", "checksum"])
        self.invalidate_recordset(["file"])
