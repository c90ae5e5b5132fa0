import tempfile

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.exporter import Sie4Exporter, company_and_branches


class L10nSeSie4ExportWizard(models.TransientModel):
    _name = "l10n_se_sie4.export.wizard"
    _description = "SIE 4 export"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    fiscal_year_date = fields.Date(
        string="Fiscal year of",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the fiscal year to export.",
    )
    fiscal_year_start = fields.Date(compute="_compute_fiscal_year")
    fiscal_year_end = fields.Date(compute="_compute_fiscal_year")
    date_from = fields.Date(
        compute="_compute_range",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Vouchers from this day (balances are always for the whole year up to 'To').",
    )
    date_to = fields.Date(
        compute="_compute_range", store=True, readonly=False, required=True, precompute=True
    )
    lock = fields.Boolean(
        string="Lock the exported period",
        help="Set the lock date to the end of the export: nothing exported can change any "
        "more (accounting managers).",
    )

    @api.depends("company_id", "fiscal_year_date")
    def _compute_fiscal_year(self):
        for wizard in self:
            dates = wizard.company_id.compute_fiscalyear_dates(wizard.fiscal_year_date)
            wizard.fiscal_year_start = dates["date_from"]
            wizard.fiscal_year_end = dates["date_to"]

    @api.depends("fiscal_year_start", "fiscal_year_end")
    def _compute_range(self):
        for wizard in self:
            wizard.date_from = wizard.fiscal_year_start
            wizard.date_to = wizard.fiscal_year_end

    def _check(self):
        self.ensure_one()
        if not (self.fiscal_year_start <= self.date_from <= self.date_to <= self.fiscal_year_end):
            raise UserError(
                _(
                    "The dates must lie in the fiscal year %(start)s – %(end)s, 'from' before "
                    "'to'.",
                    start=self.fiscal_year_start,
                    end=self.fiscal_year_end,
                )
            )
        if self.lock and not self.env.user.has_group("account.group_account_manager"):
            raise UserError(_("Only accounting managers may lock the exported period."))
        # The file holds the company with all its branches, whichever the company switcher
        # shows. A branch the user does not belong to is not theirs to export: refused,
        # rather than a file that silently leaves the branch out. The message names no
        # company the user does not work in.
        if self.company_id not in self.env.user.company_ids:
            raise UserError(_("You can export the SIE file only of an organisation you work in."))
        missing = company_and_branches(self.company_id) - self.env.user.company_ids
        if missing:
            raise UserError(
                _(
                    "The SIE file of %(company)s holds its branches too, and you do not have "
                    "access to %(count)s of them: ask an administrator to give you access to "
                    "them, or to export the file.",
                    company=self.company_id.name,
                    count=len(missing),
                )
            )

    def action_export(self):
        """Write the file, keep it in the export log (and lock the period if asked), download
        it and close the dialog."""
        log = self._export()
        # as core's downloads from a dialog (account's invoice download): the web client
        # opens the file's URL (the browser downloads it) and closes the dialog ("close"
        # counts for an URL opened in a new window only, not with target "self")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{log._name}/{log.id}/file/{log.name}?download=true",
            "close": True,
        }

    def _export(self):
        self._check()
        company = self.company_id
        previous_end = self.fiscal_year_start - relativedelta(days=1)
        previous = company.compute_fiscalyear_dates(previous_end)
        exporter = Sie4Exporter(
            company,
            (self.fiscal_year_start, self.fiscal_year_end),
            self.date_from,
            self.date_to,
            (previous["date_from"], previous["date_to"]),
        )
        today = fields.Date.context_today(self)
        name = f"{company.name} {self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}.se".replace("/", "-")
        # the file goes to disk as it is written, and from there to the file store
        with tempfile.NamedTemporaryFile(suffix=".se") as stream:
            exporter.write(stream, self.env.user.name, today)
            stream.flush()
            size = stream.tell()
            stream.seek(max(0, size - 40))
            checksum = stream.read().decode("cp437").strip().rsplit("#KSUMMA", 1)[-1].strip()
            log = self.env["l10n_se_sie4.export"].create(
                {
                    "name": name,
                    "company_id": company.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "fiscal_year_start": self.fiscal_year_start,
                    "fiscal_year_end": self.fiscal_year_end,
                    "voucher_count": exporter.voucher_count,
                    "line_count": exporter.line_count,
                    "locked": self.lock,
                    "file_size": size,
                    "checksum": checksum,
                }
            )
            log._attach_file(stream.name, size)
        if self.lock and (company.fiscalyear_lock_date or self.date_to) <= self.date_to:
            company.sudo().fiscalyear_lock_date = self.date_to  # sudo: group checked above
        return log
