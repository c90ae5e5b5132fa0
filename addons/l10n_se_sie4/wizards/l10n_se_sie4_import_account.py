from odoo import fields, models


class L10nSeSie4ImportAccount(models.TransientModel):
    """An account of the file in the import preview: the Odoo account it books to, or the
    account the import creates."""

    _name = "l10n_se_sie4.import.account"
    _description = "SIE import: account mapping"
    _order = "number"

    wizard_id = fields.Many2one("l10n_se_sie4.import.wizard", required=True, ondelete="cascade")
    number = fields.Char(required=True, readonly=True)
    name = fields.Char(readonly=True)
    account_type = fields.Char(string="Type", readonly=True)
    account_id = fields.Many2one(
        "account.account",
        string="Odoo account",
        help="Empty: the import creates the account with the file's number and name.",
    )
