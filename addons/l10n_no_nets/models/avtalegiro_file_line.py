from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

ACTIONS = [
    ("new", "Agreement registered"),
    ("changed", "Agreement changed"),
    ("confirmed", "Confirmed, nothing to change"),
    ("cancelled", "Agreement deleted"),
    ("missing", "Not in Nets' list: ended"),
    ("cancelled_here", "Active at Nets, cancelled here"),
    ("unknown", "Unknown KID"),
    ("claim", "Claim"),
    ("claim_cancelled", "Claim cancelled"),
]


class AvtaleGiroFileLine(models.Model):
    """What one record of an AvtaleGiro file asked for or reported, and what it did: the
    history of every agreement, and the list of what needs following up by hand."""

    _name = "avtalegiro.file.line"
    _description = "AvtaleGiro file record"
    _order = "file_id desc, line_number, id"

    file_id = fields.Many2one("avtalegiro.file", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="file_id.company_id", store=True, index=True)
    file_date = fields.Date(related="file_id.date")
    line_number = fields.Integer(string="Line")
    kid = fields.Char(string="KID", index=True)
    registration_type = fields.Selection(
        [("0", "All active agreements"), ("1", "New or changed"), ("2", "Deleted")],
        string="Registration",
        help="What Nets says of the agreement: one of the list of all active agreements, new "
        "or changed, or deleted.",
    )
    account_id = fields.Many2one(
        "res.partner.bank", string="Agreement account", help="The account the record is of."
    )
    notify = fields.Boolean(
        string="Notify payer",
        help="As the file says: the payer wants the bank's notice of each claim (an agreement), "
        "the bank notifies the payer (a claim).",
    )
    mandate_id = fields.Many2one(
        "account.banking.mandate", string="Agreement", index="btree_not_null"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        help="For an agreement of a KID nobody has: choose the person, then create the agreement.",
    )
    payment_line_id = fields.Many2one(
        "account.payment.line", string="Debit", index="btree_not_null", ondelete="set null"
    )
    invoice_id = fields.Many2one(related="payment_line_id.move_id", string="Invoice")
    due_date = fields.Date(help="The due date of the claim, as the file has it.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(help="The amount of the claim, as the file has it.")
    payer_name = fields.Char(string="Name in the file")
    reference = fields.Char(
        string="Reference in the file", help="Shown on the payer's account statement."
    )
    action = fields.Selection(ACTIONS, required=True)
    message = fields.Char()
    needs_followup = fields.Boolean(string="To follow up", readonly=True)
    followed_up = fields.Boolean(string="Followed up")

    def write(self, vals):
        # what a record of a file said is kept; staff choose the person of an unknown KID,
        # link the agreement and tick what they followed up
        if not self.env.su and set(vals) - {"partner_id", "mandate_id", "followed_up"}:
            raise AccessError(_("What a record of an AvtaleGiro file said cannot be changed."))
        return super().write(vals)

    def action_create_mandate(self):
        """An active agreement of a KID nobody of the organisation has (the payer typed
        another KID than their own): the agreement of the person chosen, with that KID."""
        Mandate = self.env["account.banking.mandate"]
        for line in self:
            if line.action != "unknown" or line.registration_type not in ("0", "1"):
                raise UserError(_("Only an active agreement of an unknown KID is linked here."))
            if not line.partner_id:
                raise UserError(_("Choose the person the agreement is of first."))
            if line.mandate_id:
                raise UserError(_("The agreement of line %s exists already.", line.line_number))
            record = line.file_id
            mandate = Mandate._l10n_no_avtalegiro_create(
                record.company_id,
                line.partner_id,
                line.kid,
                line.account_id,
                line.notify,
                record.date,
            )
            mandate._l10n_no_avtalegiro_note_on_person(
                _(
                    "AvtaleGiro agreement %(mandate)s (KID %(kid)s) linked to the person by "
                    "hand: active.",
                    mandate=mandate.display_name,
                    kid=line.kid,
                )
            )
            line.write({"mandate_id": mandate.id, "followed_up": True})
        return True
