from urllib.parse import urlsplit

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from nordic_formats.exceptions import ValidationError as NumberError
from nordic_formats.se import bankgiro, seal


class AutogiroPayee(models.Model):
    """An organisation's Autogiro agreement with Bankgirot: the payee of its mandates and
    collections. A branch without its own agreement collects under its parent's."""

    _name = "autogiro.payee"
    _description = "Autogiro payee"
    _order = "company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        help="The organisation with the Autogiro agreement; its branches without an "
        "agreement of their own use this one.",
    )
    customer_number = fields.Char(
        string="Bankgirot customer number",
        required=True,
        help="The customer number (kundnummer, up to 6 digits) in Bankgirot's Autogiro "
        "agreement: it is in every file's opening record.",
    )
    bankgiro = fields.Char(
        string="Payee bankgiro",
        required=True,
        help="The bankgiro number the payers are debited to (NNN-NNNN or NNNN-NNNN).",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank journal",
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="The bank journal the collected money arrives on (its Bankgiro number is the "
        "payee bankgiro): payment specifications are booked there.",
    )
    seal_key = fields.Char(
        string="Seal key",
        copy=False,
        groups="base.group_system",
        help="The HMAC key (32 hexadecimal digits) Bankgirot gave for sealing files "
        "(Förändringsskydd med sigill). Every file to Bankgirot is sealed with it. Only "
        "system administrators see or change it.",
    )
    seal_kvv = fields.Char(
        string="Key verification value",
        compute="_compute_seal_kvv",
        groups="base.group_system",
        help="Compare it with the key verification value (KVV) in Bankgirot's letter: the "
        "same value says the key was typed right.",
    )
    has_seal_key = fields.Boolean(
        string="Files are sealed", compute="_compute_has_seal_key", compute_sudo=True
    )
    delivery_folder = fields.Char(
        string="Delivery folder",
        groups="base.group_system",
        help="A folder on the server that the file transfer to Bankgirot sends from: files "
        "written are also put there. Empty: files are only downloaded.",
    )
    online_mandate_url = fields.Char(
        string="Online mandate form",
        help="The web address where payers give an Autogiro mandate online (Bankgirot's "
        "e-mandate, signed with BankID, through the organisation's bank or a service "
        "provider). The members' portal links to it; without it, they are told to give the "
        "mandate in their internet bank.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("company_unique", "unique(company_id)", "The organisation has an Autogiro payee already.")
    ]

    @api.depends("company_id.name", "bankgiro")
    def _compute_name(self):
        for payee in self:
            payee.name = f"{payee.company_id.name} ({payee.bankgiro})"

    @api.depends("seal_key")
    def _compute_seal_kvv(self):
        for payee in self:
            payee.seal_kvv = payee.seal_key and seal.key_verification_value(payee.seal_key)

    @api.depends("seal_key")
    def _compute_has_seal_key(self):
        for payee in self:
            payee.has_seal_key = bool(payee.seal_key)

    @api.constrains("customer_number")
    def _check_customer_number(self):
        for payee in self:
            number = payee.customer_number or ""
            if not (number.isdigit() and number.isascii() and len(number) <= 6):
                raise ValidationError(
                    _(
                        "Bankgirot customer number %(number)s is not valid: up to 6 digits.",
                        number=number,
                    )
                )

    @api.constrains("online_mandate_url")
    def _check_online_mandate_url(self):
        for payee in self:
            url = payee.online_mandate_url
            # members follow it from the portal: a web page of the payee's, nothing else
            if url and not (urlsplit(url).scheme == "https" and urlsplit(url).netloc):
                raise ValidationError(
                    _(
                        "Online mandate form %(url)s: give the address of the web page, "
                        "starting with https://.",
                        url=url,
                    )
                )

    @api.model
    def _normalise_vals(self, vals):
        vals = dict(vals)
        if vals.get("bankgiro"):
            try:
                vals["bankgiro"] = bankgiro.format(bankgiro.validate(vals["bankgiro"]))
            except NumberError as error:
                raise ValidationError(
                    _(
                        "Payee bankgiro %(number)s is not valid: %(error)s",
                        number=vals["bankgiro"],
                        error=error,
                    )
                ) from error
        if vals.get("online_mandate_url"):
            vals["online_mandate_url"] = vals["online_mandate_url"].strip()
        if vals.get("customer_number"):
            vals["customer_number"] = vals["customer_number"].strip()
        if vals.get("seal_key"):
            try:
                # the key itself is never repeated in the error
                seal.key_verification_value(vals["seal_key"])
            except ValueError as error:
                raise ValidationError(
                    _("The seal key must be 32 hexadecimal digits (blanks between groups allowed).")
                ) from error
            vals["seal_key"] = "".join(vals["seal_key"].split()).upper()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalise_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalise_vals(vals))

    @api.model
    def _of_company(self, company):
        """The payee ``company`` collects under: its own, else its nearest parent's (an
        empty recordset when there is none)."""
        # sudo: the organisations above it, compared only (a branch's users do not read
        # their parent company)
        units = company.sudo().parent_ids
        payees = self.search([("company_id", "in", units.ids)])
        for unit in reversed(units):  # parent_ids: the root first, itself last
            payee = payees.filtered(lambda p, unit=unit: p.company_id == unit)
            if payee:
                return payee
        return self.browse()

    @property
    def bankgiro_digits(self):
        return bankgiro.compact(self.bankgiro)

    def _seal(self, content, date):
        """``content`` sealed with the payee's key, or unchanged without one."""
        self.ensure_one()
        # sudo: the key is read for sealing only; it is neither returned nor logged
        key = self.sudo().seal_key
        if not key:
            return content, False
        return seal.seal_file(content, key, date), True

    def _delivery_folder(self):
        self.ensure_one()
        # sudo: the folder is a server setting of system administrators, used to write to
        return self.sudo().delivery_folder
