from odoo import api, fields, models
from odoo.tools import SQL

# The SIE voucher number of each exported (or imported) journal entry, per company, fiscal
# year and series: given the first time the entry is exported and kept, so that exporting
# the same period again gives the same numbers. A technical table written only in SQL and
# without foreign keys: numbering a year of a large association's books is one insert (the
# per-row foreign key checks of an ORM table took half of that time). Numbers of entries
# deleted later stay used, as a number must not be given to another voucher.
VOUCHER_TABLE = "l10n_se_sie4_voucher_number"


class AccountMove(models.Model):
    _inherit = "account.move"

    sie_series = fields.Char(string="SIE series", compute="_compute_sie_voucher")
    sie_voucher_number = fields.Integer(string="SIE voucher number", compute="_compute_sie_voucher")

    def init(self):
        super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(table)s (
                    move_id integer PRIMARY KEY,
                    company_id integer NOT NULL,
                    fiscal_year date NOT NULL,
                    series varchar NOT NULL,
                    number integer NOT NULL,
                    UNIQUE (company_id, fiscal_year, series, number)
                )
                """,
                table=SQL.identifier(VOUCHER_TABLE),
            )
        )

    @api.depends("state")
    def _compute_sie_voucher(self):
        numbers = {}
        if self.ids:
            rows = self.env.execute_query(
                SQL(
                    "SELECT move_id, series, number FROM %s WHERE move_id = ANY(%s)",
                    SQL.identifier(VOUCHER_TABLE),
                    list(self.ids),
                )
            )
            numbers = {move_id: (series, number) for move_id, series, number in rows}
        for move in self:
            move.sie_series, move.sie_voucher_number = numbers.get(move.id, (False, 0))
