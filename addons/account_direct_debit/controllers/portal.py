from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

# a mandate in these states is in place or on its way: no "start a direct debit" for it
OPEN_MANDATE_STATES = ("draft", "sent", "valid")
_STATE_ORDER = {"valid": 0, "sent": 1, "draft": 2}


def mask_account(number):
    """``•••• 3232``: the last four digits of an account number, enough for the member to
    recognise the account; the portal never shows it whole."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return f"•••• {digits[-4:]}" if digits else ""


class DirectDebitPortal(CustomerPortal):
    """The member's direct debits on the portal: their mandates with every organisation,
    the debits to come, those of the last twelve months (failures with the bank's reason),
    and how to start one with an organisation they have none with.

    Portal users have no access to mandates or payment lines: each is read with sudo, in a
    search restricted to the logged-in person's own commercial partner and its contacts
    (``_direct_debit_payer_domain``), so nobody else's record can be in it."""

    def _direct_debit_payer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _direct_debit_payer_domain(self, payer):
        return [("partner_id", "child_of", payer.id)]

    def _direct_debit_mandates(self, payer):
        # sudo: restricted to the person's own mandates by the domain (see the class)
        mandates = (
            request.env["account.banking.mandate"]
            .sudo()
            .search(self._direct_debit_payer_domain(payer))
        )
        # the open ones first, the newest first
        return mandates.sorted(
            lambda m: (
                _STATE_ORDER.get(m.state, 3),
                -(m.signature_date.toordinal() if m.signature_date else 0),
                -m.id,
            )
        )

    def _direct_debit_lines(self, payer, upcoming):
        """The person's debits: ``upcoming`` (planned or sent to the bank), else those the
        bank reported in the last twelve months (a withdrawal only once the bank knew of
        the debit)."""
        domain = [
            *self._direct_debit_payer_domain(payer),
            # the invoice is the person's too (a debit line names its partner and its invoice)
            ("move_id.commercial_partner_id", "child_of", payer.id),
            ("order_id.direct_debit", "=", True),
        ]
        if upcoming:
            domain.append(("debit_state", "in", ("draft", "sent")))
            order = "date, id"
        else:
            since = fields.Date.context_today(request.env.user) - relativedelta(months=12)
            domain += [
                "|",
                ("debit_state", "in", ("paid", "failed")),
                "&",
                ("debit_state", "=", "withdrawn"),
                ("debit_file_ref", "!=", False),
                "|",
                ("debit_done_date", ">=", since),
                "&",
                ("debit_done_date", "=", False),
                ("date", ">=", since),
            ]
            order = "debit_done_date desc, date desc, id desc"
        # sudo: restricted to the person's own debits by the domain (see the class)
        return request.env["account.payment.line"].sudo().search(domain, order=order)

    def _direct_debit_organisations(self):
        partner = request.env.user.partner_id
        # sudo: the organisations the person is connected to (only platform administrators
        # read the field), read from their own partner and its company
        return (partner | partner.commercial_partner_id).sudo().organisation_ids

    def _direct_debit_signups(self, payer, organisations, mandates):
        """The ways to start a direct debit with each of ``organisations`` where the person
        has no open mandate, as the country modules give them
        (:meth:`res.company._direct_debit_signup_info`); a block of the same key once."""
        covered = mandates.filtered(lambda m: m.state in OPEN_MANDATE_STATES).company_id
        blocks, keys = [], set()
        for organisation in organisations - covered:
            # sudo (the organisations are): the hooks read the organisation's agreement and
            # return its payment details and the person's own reference only
            for block in organisation._direct_debit_signup_info(payer):
                if block["key"] in keys:
                    continue
                keys.add(block["key"])
                blocks.append({**block, "organisation": organisation})
        return blocks

    def _direct_debit_values(self):
        payer = self._direct_debit_payer()
        mandates = self._direct_debit_mandates(payer)
        return {
            "page_name": "direct_debit",
            "mandates": mandates,
            "upcoming": self._direct_debit_lines(payer, upcoming=True),
            "past": self._direct_debit_lines(payer, upcoming=False),
            "signups": self._direct_debit_signups(
                payer, self._direct_debit_organisations(), mandates
            ),
            "mask_account": mask_account,
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "direct_debit_count" in counters:
            payer = self._direct_debit_payer()
            mandates = self._direct_debit_mandates(payer)
            signups = self._direct_debit_signups(
                payer, self._direct_debit_organisations(), mandates
            )
            # the entry shows when there is something to see or to start
            values["direct_debit_count"] = len(mandates) + len(signups)
        return values

    @route("/my/direct-debit", type="http", auth="user", website=True)
    def portal_my_direct_debit(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(self._direct_debit_values())
        return request.render("account_direct_debit.portal_my_direct_debit", values)

    @route("/my/direct-debit/start/<int:organisation_id>", type="http", auth="user", website=True)
    def portal_direct_debit_start(self, organisation_id, **kwargs):
        """How to start a direct debit with one organisation (a link the organisation can
        give its members); not found for an organisation the person is not connected to."""
        organisation = self._direct_debit_organisations().filtered(
            lambda company: company.id == organisation_id
        )
        if not organisation:
            raise NotFound()
        payer = self._direct_debit_payer()
        mandates = self._direct_debit_mandates(payer).filtered(
            lambda m: m.company_id == organisation and m.state in OPEN_MANDATE_STATES
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "direct_debit_start",
                "organisation": organisation,
                "mandates": mandates,
                "signups": self._direct_debit_signups(payer, organisation, mandates),
                "mask_account": mask_account,
            }
        )
        return request.render("account_direct_debit.portal_direct_debit_start", values)
