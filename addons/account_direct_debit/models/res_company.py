from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _direct_debit_signup_info(self, partner):
        """How ``partner`` (a commercial partner connected to this organisation) starts a
        direct debit with it, shown on the portal's direct-debit page: a list of
        ``{"key": ..., "template": xmlid of a QWeb template, "values": {...}}``, one per
        way the organisation collects by direct debit. The template is rendered with
        ``organisation`` (this one) and ``signup`` (the values). Blocks of the same key
        (a branch collecting under its parent's agreement) are shown once.

        The country modules add their scheme's (Autogiro, AvtaleGiro) when the
        organisation collects by it and the person has no open mandate in it; none here.
        Called under sudo: the values hold only what the person may see (the
        organisation's payment details, the person's own reference)."""
        self.ensure_one()
        return []
