from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from nordic_formats.no import kid


class AccountJournal(models.Model):
    _inherit = "account.journal"

    l10n_no_kid_algorithm = fields.Selection(
        [("mod10", "MOD10 (Luhn)"), ("mod11", "MOD11")],
        string="KID check digit",
        default="mod10",
        help="As agreed with Nets for the OCR giro / AvtaleGiro agreement.",
    )
    l10n_no_kid_length = fields.Integer(
        string="KID length",
        help="Total length of the KID including the check digit (zero-padded on the left); "
        "0: as long as the composition needs.",
    )
    l10n_no_kid_composition = fields.Selection(
        [("partner_invoice", "Customer number + invoice number"), ("invoice", "Invoice number")],
        string="KID made of",
        default="partner_invoice",
    )
    l10n_no_kid_prefix = fields.Char(
        string="KID prefix",
        size=4,
        copy=False,
        help="Digits every KID of this journal starts with (1 to 4 digits, not starting with "
        "0). Needed when a company has more than one sales journal making KIDs: their invoice "
        "numbers have the same digits (INV/2026/00001, MEM/2026/00001), the prefix keeps "
        "their KIDs apart. No prefix may be the start of another one.",
    )

    @api.constrains("l10n_no_kid_length")
    def _check_l10n_no_kid_length(self):
        for journal in self:
            if (
                journal.l10n_no_kid_length
                and not kid.MIN_LENGTH <= journal.l10n_no_kid_length <= kid.MAX_LENGTH
            ):
                raise ValidationError(_("A KID has 2 to 25 digits."))

    @api.constrains("l10n_no_kid_prefix", "invoice_reference_model", "type", "company_id", "active")
    def _check_l10n_no_kid_prefix(self):
        """Two sales journals of one company never make the same KID: with more than one,
        each has a prefix, and none is the start of another (so that prefix + the rest of
        the KID can be read back one way only)."""
        for journal in self:
            prefix = journal.l10n_no_kid_prefix
            if prefix and not (prefix.isascii() and prefix.isdigit() and prefix[0] != "0"):
                raise ValidationError(
                    _(
                        "The KID prefix of journal %(journal)s is %(prefix)s: use 1 to 4 digits "
                        "0-9, the first not 0.",
                        journal=journal.display_name,
                        prefix=prefix,
                    )
                )
        for company in self.filtered(lambda j: j.type == "sale").company_id:
            journals = self.with_context(active_test=False).search(
                [
                    ("company_id", "=", company.id),
                    ("type", "=", "sale"),
                    ("invoice_reference_model", "=", "no"),
                ],
                order="code, id",
            )
            if len(journals) < 2:
                continue
            without = journals.filtered(lambda j: not j.l10n_no_kid_prefix)
            if without:
                raise ValidationError(
                    _(
                        "%(company)s has several sales journals making KIDs (%(journals)s): "
                        "their invoice numbers share digits, so their KIDs would too. Give each "
                        "a KID prefix of its own (set it on the existing journal first), "
                        "missing on: %(missing)s.",
                        company=company.name,
                        journals=", ".join(journals.mapped("display_name")),
                        missing=", ".join(without.mapped("display_name")),
                    )
                )
            for first in journals:
                for second in journals - first:
                    if second.l10n_no_kid_prefix.startswith(first.l10n_no_kid_prefix):
                        raise ValidationError(
                            _(
                                "The KID prefix %(second_prefix)s of journal %(second)s starts "
                                "with the prefix %(first_prefix)s of journal %(first)s: their "
                                "KIDs could be the same. Use prefixes that do not start with "
                                "one another (1, 2, 3 ...).",
                                second_prefix=second.l10n_no_kid_prefix,
                                second=second.display_name,
                                first_prefix=first.l10n_no_kid_prefix,
                                first=first.display_name,
                            )
                        )
