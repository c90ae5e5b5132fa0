from collections import defaultdict

from odoo import api, models

from nordic_formats.exceptions import InvalidLength

from .account_move import _ascii_digits


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _l10n_no_kid_customer_number(self):
        """The customer number in this customer's KIDs: the reference when it is digits (in
        whatever script, as ASCII digits), else the id in the address book."""
        self.ensure_one()
        ref = (self.ref or "").strip()
        return _ascii_digits(ref) if ref.isdecimal() else str(self.id)

    def _l10n_no_avtalegiro_kid(self, journal):
        """The KID that identifies this payer (not one invoice) in an AvtaleGiro agreement
        with the organisation of ``journal`` (a sales journal making KIDs): the journal's
        KID prefix and the payer's customer number, with the journal's check digit and
        length. The payer registers it in their online bank."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return journal._l10n_no_kid_create(
            partner._l10n_no_kid_customer_number(), partner.display_name
        )

    @api.model
    def _l10n_no_people_by_avtalegiro_kid(self, company, kids):
        """``{KID: people}`` of the ``kids`` that are the AvtaleGiro KID of somebody
        connected to ``company`` (or to a branch of it), as made by
        :meth:`_l10n_no_avtalegiro_kid` with any of the organisation's KID journals. More
        than one person for a KID when their references are the same."""
        journals = self.env["account.journal"]._l10n_no_kid_journals(company)
        customers = set()
        for number in kids:
            for journal in journals:
                customer = journal._l10n_no_kid_customer_of(number)
                if customer is not None:
                    customers.add(customer)
        if not customers:
            return {}
        # sudo: the organisations of a person are searchable by platform administrators
        # only; the search is limited to the people connected to the organisation (and its
        # branches) the file is of, who are the user's to see, and reads their reference
        Partner = self.sudo()
        ours = [("organisation_ids", "child_of", company.id)]
        ids = [int(customer) for customer in customers if customer and len(customer) < 10]
        candidates = Partner.search_fetch(
            [
                *ours,
                "|",
                "|",
                ("ref", "!=", False),
                ("commercial_partner_id.ref", "!=", False),
                ("commercial_partner_id", "in", ids),
            ],
            ["ref", "commercial_partner_id"],
        )
        # a reference of other digits or with leading zeros is compared as the KID has it
        candidates = candidates.filtered(
            lambda partner: (
                partner.commercial_partner_id._l10n_no_kid_customer_number().lstrip("0")
                in customers
            )
        )
        wanted = set(kids)
        found = defaultdict(lambda: self.browse())
        for partner in candidates:
            payer = partner.commercial_partner_id
            for journal in journals:
                try:
                    number = journal._l10n_no_kid_of(payer._l10n_no_kid_customer_number())
                except InvalidLength:
                    continue
                if number in wanted:
                    found[number] |= partner.sudo(False)
        # a company's contact has the company's KID: the company is the payer
        return {
            number: people.filtered(lambda p: p == p.commercial_partner_id) or people
            for number, people in found.items()
        }
