from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    membership_auto_invoice = fields.Boolean(
        string="Invoice new members at once",
        help="A membership registered by staff, on the portal or by another module (a course "
        "registration) is invoiced straight away with the fee the rules give, and the invoice "
        "is sent. Renewals for a new period are invoiced by a billing run instead.",
    )
    membership_portal_join = fields.Boolean(
        string="Members join on the portal",
        help="People connected to the organisation may become members of its current period "
        "from their portal page (with the rules' fee; invoiced at once when new members are).",
    )
    membership_age_bands = fields.Char(
        string="Age bands",
        default="0,7,13,21,26,65",
        help="Lower bounds of the age bands of the member register, separated by commas "
        "(age at the start of the period): 0,7,13,21,26,65 gives 0–6, 7–12, 13–20, 21–25, "
        "26–64 and 65+.",
    )

    @api.constrains("membership_age_bands")
    def _check_membership_age_bands(self):
        for company in self:
            try:
                bounds = company._membership_age_bounds()
            except ValueError:
                bounds = None
            if bounds is None or bounds != sorted(set(bounds)):
                raise ValidationError(
                    _("Age bands are ages in increasing order separated by commas, like 0,7,13,21.")
                )

    def _membership_age_bounds(self):
        self.ensure_one()
        return [int(part) for part in (self.membership_age_bands or "0").split(",") if part.strip()]

    def _membership_age_band(self, age):
        """Label of the band ``age`` falls in ("7–12", "65+"; "unknown" without an age)."""
        self.ensure_one()
        if age is None:
            return _("unknown")
        bounds = self._membership_age_bounds()
        label = _("under %s", bounds[0]) if bounds and age < bounds[0] else ""
        for low, high in zip(bounds, [*bounds[1:], None], strict=True):
            if age >= low and (high is None or age < high):
                label = f"{low}+" if high is None else f"{low}–{high - 1}"
        return label

    def _membership_demo_accounting(self):
        """Demo data: give a demo organisation a chart of accounts (Swedish or Norwegian
        when that localisation is installed) so that its dues can be invoiced."""
        Module = self.env["ir.module.module"]
        for company in self.filtered(lambda c: not c.chart_template):
            code = (company.country_id.code or "").lower()
            local = code in ("se", "no") and Module._get(f"l10n_{code}").state == "installed"
            self.env["account.chart.template"].try_loading(
                code if local else "generic_coa", company=company, install_demo=False
            )
