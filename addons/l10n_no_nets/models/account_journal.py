from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from nordic_formats.exceptions import InvalidLength
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

    def _l10n_no_kid_of(self, payload):
        """The KID of this sales journal for ``payload`` (ASCII digits): its KID prefix, then
        ``payload``, with its check digit, padded to its KID length. InvalidLength when it
        does not fit."""
        self.ensure_one()
        return kid.create(
            (self.l10n_no_kid_prefix or "") + payload,
            self.l10n_no_kid_algorithm or "mod10",
            length=self.l10n_no_kid_length or None,
        )

    def _l10n_no_kid_create(self, payload, what):
        """:meth:`_l10n_no_kid_of`, with an error naming ``what`` the KID is of (an invoice,
        a payer) when it does not fit in the journal's KID length."""
        self.ensure_one()
        try:
            return self._l10n_no_kid_of(payload)
        except InvalidLength as error:
            raise UserError(
                _(
                    "The KID of %(invoice)s does not fit in %(length)s digits: make the KID length "
                    "on journal %(journal)s longer.",
                    invoice=what,
                    length=self.l10n_no_kid_length,
                    journal=self.name,
                )
            ) from error

    def _l10n_no_kid_customer_of(self, number):
        """The customer number (ASCII digits, without leading zeros) in ``number`` when it
        is a KID this journal makes of a customer number alone (a payer's AvtaleGiro KID):
        its algorithm and length, its prefix after the zeros of the padding; else None."""
        self.ensure_one()
        lengths = (self.l10n_no_kid_length,) if self.l10n_no_kid_length else ()
        if not kid.is_valid(number, self.l10n_no_kid_algorithm or "mod10", lengths):
            return None
        payload = number[:-1].lstrip("0")  # a prefix never starts with 0
        prefix = self.l10n_no_kid_prefix or ""
        if not payload.startswith(prefix):
            return None
        return payload[len(prefix) :].lstrip("0")

    @api.model
    def _l10n_no_kid_journals(self, company):
        """The sales journals that make the KIDs of ``company``'s invoices: its own, else
        those of its nearest parent (a branch invoiced on its parent's journals)."""
        # sudo: the KID settings of the sales journals are read to make or recognise KIDs
        # only, also for users of a branch who may not read its parent's journals
        journals = self.sudo().search(
            [
                ("type", "=", "sale"),
                ("invoice_reference_model", "=", "no"),
                ("company_id", "in", company.parent_ids.ids),
            ],
            order="sequence, id",
        )
        for unit in reversed(company.parent_ids):  # parent_ids: the root first, itself last
            own = journals.filtered(lambda journal, unit=unit: journal.company_id == unit)
            if own:
                return own
        return journals.browse()

    @api.model
    def _l10n_no_kid_account_of(self, companies):
        """``{company: res.partner.bank}`` of the companies paid with KID (a sales journal of
        theirs or of a parent's has the communication standard *Norway*): the bank account
        of their first bank journal with one, where Nets OCR giro files for it are imported;
        a branch without one of its own is paid on its nearest parent's."""
        # sudo: the account number is shown to anybody who may see what it is printed on
        # (invoices, their payment instructions on the portal), also to branch staff and
        # members who may not read the organisation's journals; nothing else of them is read
        Journal = self.sudo()
        making_kids = Journal.search(
            [
                ("type", "=", "sale"),
                ("invoice_reference_model", "=", "no"),
                ("company_id", "in", companies.parent_ids.ids),
            ]
        ).company_id
        journals = Journal.search(
            [
                ("type", "=", "bank"),
                ("bank_account_id", "!=", False),
                ("company_id", "in", companies.parent_ids.ids),
            ],
            order="sequence, id",
        )
        own = {}
        for journal in journals:
            own.setdefault(journal.company_id, journal.bank_account_id)
        account_of = {}
        for company in companies:
            if not company.parent_ids & making_kids:
                continue
            account = next(
                (own[parent] for parent in reversed(company.parent_ids) if parent in own), None
            )
            if account:
                account_of[company] = account
        return account_of

    @api.model
    def _l10n_no_demo_kid(self):
        """Demo data: the first bank journal of each Norwegian company without a bank account
        gets the account of Nets' example OCR giro files, 9999.10.42764, so that KID payments
        can be imported and members are shown how to pay with KID on the portal."""
        journals = self.search([("type", "=", "bank")], order="sequence, id")
        for company, company_journals in journals.grouped("company_id").items():
            if company.country_code == "NO" and not company_journals.bank_account_id:
                company_journals[0].set_bank_account("9999.10.42764")
                # members see how to pay with KID when they pay an invoice on the portal
                self.env["payment.provider"]._l10n_no_kid_enable(company)

    def action_l10n_no_kid_payment_provider(self):
        """Offer members payment with KID on the portal: the company's KID provider (a wire
        transfer of payment_custom), created or enabled, opened to review."""
        self.ensure_one()
        provider = self.env["payment.provider"]._l10n_no_kid_enable(self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.provider",
            "res_id": provider.id,
            "views": [(False, "form")],
        }
