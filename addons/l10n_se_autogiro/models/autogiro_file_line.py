from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# payment specification, status of a debit (Autogiro technical manual §8.1)
STATUS_TEXTS = {
    "1": _lt("Insufficient funds"),
    "2": _lt("No Autogiro connection: the mandate or the account is missing"),
    "9": _lt("Renewed coverage check: Bankgirot tries again on the next bank days"),
}
# rejected payments, comment codes (§8.4)
REJECTION_TEXTS = {
    "01": _lt("No mandate"),
    "02": _lt("The account is not approved or is closed"),
    "06": _lt("Wrong period code"),
    "07": _lt("Wrong number of self-renewing payments"),
    "08": _lt("The amount is not numeric"),
    "09": _lt("Payouts are not allowed"),
    "10": _lt("The bankgiro number is missing at Bankgirot"),
    "12": _lt("Wrong payment date"),
    "13": _lt("The payment date has passed"),
    "15": _lt("The payee bankgiro differs from the opening record's"),
    "24": _lt("The amount exceeds the maximum amount"),
}
# cancellations and changes report, comment codes (§8.5)
CHANGE_TEXTS = {
    "01": _lt("Wrong payment date"),
    "02": _lt("Wrong payer number"),
    "04": _lt("Wrong debit code"),
    "05": _lt("Wrong amount"),
    "06": _lt("Wrong new payment date"),
    "10": _lt("Wrong payee bankgiro number"),
    "11": _lt("The payee bankgiro number is missing"),
    "12": _lt("Cancelled"),
    "13": _lt("The payment is missing: not handled"),
    "14": _lt("Payment date changed"),
    "15": _lt("Not changed: a self-renewing order"),
    "18": _lt("Payment date changed"),
}
# cancellations made by Bankgirot (record types of the cancellations report)
CANCEL_TEXTS = {
    "03": _lt("Cancelled by Bankgirot: the mandate was removed"),
    "11": _lt("Cancelled by the payer or the payer's bank"),
    "21": _lt("Cancelled: the payee's Autogiro agreement has ended"),
}

ACTIONS = [
    ("request_new", "Mandate requested"),
    ("request_accept", "Internet-bank mandate approved"),
    ("request_reject", "Internet-bank mandate rejected"),
    ("request_cancel", "Cancellation requested"),
    ("activated", "Mandate active"),
    ("rejected", "Mandate rejected"),
    ("cancelled", "Mandate cancelled"),
    ("changed", "Payer number changed"),
    ("confirmed", "Confirmed, nothing to change"),
    ("refused", "Request refused"),
    ("new_mandate", "New internet-bank mandate"),
    ("unknown", "Unknown to us"),
    ("corrected", "Corrected from the register"),
    ("missing", "Not in Bankgirot's register"),
    ("request_withdraw", "Debit withdrawal requested"),
    ("debit_failed", "Debit failed"),
    ("debit_waiting", "Debit tried again by Bankgirot"),
    ("debit_rejected", "Debit rejected"),
    ("debit_cancelled", "Debit cancelled by the bank"),
    ("withdrawn", "Debit withdrawn"),
    ("date_changed", "Debit date changed"),
    ("refund", "Refunded to the payer"),
]


class AutogiroFileLine(models.Model):
    """What one record of an Autogiro file asked for or reported, and what it did: the
    history of every mandate, and the list of what needs following up by hand."""

    _name = "autogiro.file.line"
    _description = "Autogiro file record"
    _order = "file_id desc, line_number, id"

    file_id = fields.Many2one("autogiro.file", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="file_id.company_id", store=True, index=True)
    file_date = fields.Date(related="file_id.date")
    line_number = fields.Integer(string="Line")
    payer_number = fields.Char(index=True)
    mandate_id = fields.Many2one("account.banking.mandate", index="btree_not_null")
    payment_line_id = fields.Many2one(
        "account.payment.line", string="Debit", index="btree_not_null", ondelete="set null"
    )
    invoice_id = fields.Many2one(related="payment_line_id.move_id", string="Invoice")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        help="For an internet-bank mandate of a person we did not find: choose the person, "
        "then create the mandate.",
    )
    action = fields.Selection(ACTIONS, required=True)
    info_code = fields.Char(string="Information code")
    comment_code = fields.Char(string="Comment code")
    message = fields.Char()
    payer_name = fields.Char(string="Name in the file")
    payer_address = fields.Char(string="Address in the file")
    account = fields.Char(string="Account in the file")
    id_number = fields.Char(
        string="Identity number in the file",
        groups="association_base.group_association_user",
        help="The personnummer or organisation number Bankgirot gave (internet-bank "
        "mandates of people not found).",
    )
    needs_followup = fields.Boolean(string="To follow up", readonly=True)
    followed_up = fields.Boolean(string="Followed up")

    def write(self, vals):
        # what a record of a file said is kept; staff choose the person of an unknown
        # internet-bank mandate and tick what they followed up
        if not self.env.su and set(vals) - {"partner_id", "mandate_id", "followed_up"}:
            raise AccessError(_("What a record of an Autogiro file said cannot be changed."))
        return super().write(vals)

    def action_create_mandate(self):
        """An internet-bank mandate of a person we did not find: linked to the person chosen,
        to be approved in the next mandate file."""
        for line in self:
            if line.action != "unknown" or line.file_id.kind != "emandates":
                raise UserError(_("Only an unknown internet-bank mandate can be linked here."))
            if not line.partner_id:
                raise UserError(_("Choose the person the mandate is of first."))
            if line.mandate_id:
                raise UserError(_("The mandate of line %s exists already.", line.line_number))
            payee = line.file_id.payee_id
            mandate = self.env["account.banking.mandate"]._autogiro_create_from_bank(
                payee, line.partner_id, line.payer_number, line.account, line.file_id.date
            )
            line.write({"mandate_id": mandate.id, "followed_up": True})
        return True
