from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..tools import national_id as nid

NATIONAL_ID_KINDS = [
    ("se_personnummer", "Personnummer (SE)"),
    ("se_samordningsnummer", "Samordningsnummer (SE)"),
    ("no_fodselsnummer", "Fødselsnummer (NO)"),
    ("no_d_nummer", "D-nummer (NO)"),
]

# Fields a duplicate-creation may fill on the existing person when they are empty there.
FILLABLE_FIELDS = (
    "phone",
    "mobile",
    "email",
    "street",
    "street2",
    "zip",
    "city",
    "country_id",
    "state_id",
    "lang",
    "birthdate",
    "gender",
)


class ResPartner(models.Model):
    """A person (or company) of the shared address book.

    There is one record per person for all organisations. ``organisation_ids`` lists the
    organisations the person is connected to; staff see only people connected to their
    organisations (record rules in security/association_security.xml).
    """

    _inherit = "res.partner"

    # Staff may not read the other organisations a person is connected to: code running as
    # a user reads my_organisation_ids, or this field with sudo().
    organisation_ids = fields.Many2many(
        "res.company",
        "res_partner_organisation_rel",
        "partner_id",
        "company_id",
        string="Organisations",
        default=lambda self: self._default_organisation_ids(),
        help="Organisations this person is connected to. Their staff can see and find the "
        "person; others cannot.",
    )
    my_organisation_ids = fields.Many2many(
        "res.company",
        string="Connected to",
        compute="_compute_my_organisation_ids",
        inverse="_inverse_my_organisation_ids",
        # organisation_ids is not in the staff's form: a new person's connection comes
        # from here (the same default)
        default=lambda self: self._default_organisation_ids(),
        search="_search_my_organisation_ids",
        help="The person's connections to your organisations. Connections to other "
        "organisations are not shown to you (membership of a union, for one, is sensitive).",
    )
    own_company_ids = fields.One2many(
        "res.company",
        "partner_id",
        string="Own company of",
        help="The organisations whose own address this is (always visible).",
    )
    national_id = fields.Char(
        string="National identity number",
        copy=False,
        tracking=True,
        help="Swedish personnummer or samordningsnummer, Norwegian fødselsnummer or D-nummer. "
        "Stored normalised (Swedish numbers with the century); unique in the address book.",
    )
    national_id_kind = fields.Selection(
        NATIONAL_ID_KINDS,
        string="Kind of identity number",
        compute="_compute_national_id_kind",
        store=True,
    )
    birthdate = fields.Date(
        string="Date of birth", help="Set from the national identity number when there is one."
    )
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        help="Legal gender, set from the national identity number when there is one.",
    )
    age = fields.Integer(compute="_compute_age", help="Age today, from the date of birth.")
    certificate_ids = fields.One2many(
        "association.certificate", "partner_id", string="Certificates"
    )
    customer_type_id = fields.Many2one(
        "association.customer.type",
        string="Customer type",
        compute="_compute_customer_type",
        search="_search_customer_type",
        help="Ordinary unless a valid certificate proves another type; falls back to "
        "ordinary the day after the certificate expires.",
    )

    _sql_constraints = [
        (
            "national_id_unique",
            "unique(national_id)",
            "Another person already has this national identity number.",
        ),
    ]

    # -- defaults and computes -------------------------------------------------------------
    @api.model
    def _default_organisation_ids(self):
        # A person created by an organisation's staff is connected to the organisation they
        # work in. Technical creations (superuser mode, public/portal flows) connect nobody.
        if self.env.su or not self.env.user._is_internal():
            return self.env["res.company"]
        return self.env.company

    @api.depends("organisation_ids")
    @api.depends_context("uid")
    def _compute_my_organisation_ids(self):
        mine = self.env.user.company_ids
        for partner in self:
            # sudo: the full list is read only to intersect it with the user's own companies
            # _origin: in a form, the values are new-record copies of the companies
            partner.my_organisation_ids = partner.sudo().organisation_ids._origin & mine

    def _inverse_my_organisation_ids(self):
        mine = self.env.user.company_ids
        for partner in self:
            # connections to other organisations are kept as they are, unseen
            others = partner.sudo().organisation_ids - mine
            partner.organisation_ids = [
                Command.set((others | (partner.my_organisation_ids & mine)).ids)
            ]

    def _search_my_organisation_ids(self, operator, value):
        return [("organisation_ids", operator, value)]

    @api.depends("national_id")
    def _compute_national_id_kind(self):
        for partner in self:
            partner.national_id_kind = partner.national_id and nid.parse(partner.national_id).kind

    @api.onchange("national_id")
    def _onchange_national_id(self):
        if self.national_id:
            self.update(self._national_id_vals(self.national_id))

    @api.depends("birthdate")
    @api.depends_context("at_date")
    def _compute_age(self):
        today = self.env["association.customer.type"]._today()
        for partner in self:
            partner.age = relativedelta(today, partner.birthdate).years if partner.birthdate else 0

    def _age_on(self, day):
        """Age in whole years on ``day`` (None without a date of birth)."""
        self.ensure_one()
        return relativedelta(day, self.birthdate).years if self.birthdate else None

    @api.depends(
        "certificate_ids.customer_type_id", "certificate_ids.date_from", "certificate_ids.date_to"
    )
    @api.depends_context("at_date")
    def _compute_customer_type(self):
        # new records (a form being filled in) have no certificates in the database yet
        types = self._origin._get_customer_types(self.env["association.customer.type"]._today())
        default = self.env["association.customer.type"]._get_default()
        for partner in self:
            partner.customer_type_id = types.get(partner._origin.id, default)

    def _get_customer_types(self, on_date: date):
        """Customer type of each partner on ``on_date``: the first (by sequence) type proven
        by a certificate valid that day, else the default type. One query for all."""
        default = self.env["association.customer.type"]._get_default()
        result = dict.fromkeys(self.ids, default)
        certificates = self.env["association.certificate"].search_fetch(
            [
                ("partner_id", "in", self.ids),
                ("date_from", "<=", on_date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", on_date),
            ],
            ["partner_id", "customer_type_id"],
        )
        for certificate in certificates.sorted(
            lambda c: (c.customer_type_id.sequence, c.customer_type_id.id)
        ):
            if result[certificate.partner_id.id] == default:
                result[certificate.partner_id.id] = certificate.customer_type_id
        return result

    def _search_customer_type(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(_("Unsupported search on the customer type."))
        types = self.env["association.customer.type"].browse(
            [value] if isinstance(value, int) else value or []
        )
        if operator in ("!=", "not in"):
            types = self.env["association.customer.type"].search([("id", "not in", types.ids)])
        today = self.env["association.customer.type"]._today()
        holders = self.env["association.certificate"].search([("state", "=", "valid")]).partner_id
        effective = holders._get_customer_types(today)
        matching = [pid for pid, ctype in effective.items() if ctype in types]
        if any(t.is_default for t in types):
            return ["|", ("id", "in", matching), ("id", "not in", holders.ids)]
        return [("id", "in", matching)]

    # -- national identity number ----------------------------------------------------------
    @api.model
    def _national_id_vals(self, number):
        """The values that a national identity number sets: the number in its normal form,
        the date of birth and the gender; or a ValidationError that says what is wrong."""
        if not number or not number.strip():
            return {"national_id": False}
        reasons = {
            nid.InvalidChecksum: _("the check digit is wrong"),
            nid.InvalidComponent: _("it does not contain a valid date of birth"),
            nid.InvalidLength: _(
                "it has the wrong number of digits (Swedish numbers have 10 or "
                "12, Norwegian numbers 11)"
            ),
            nid.InvalidFormat: _(
                "it may contain only digits, with a - or + before the last "
                "four in the Swedish short form"
            ),
        }
        try:
            parsed = nid.parse(number)
        except nid.ValidationError as error:
            reason = next(
                (text for cls, text in reasons.items() if isinstance(error, cls)),
                reasons[nid.InvalidFormat],
            )
            raise ValidationError(
                _(
                    "National identity number “%(number)s” is not valid: %(reason)s.",
                    number=number.strip(),
                    reason=reason,
                )
            ) from error
        return {
            "national_id": parsed.number,
            "birthdate": parsed.birth_date,
            "gender": parsed.gender,
        }

    # -- create: one person, never a duplicate ---------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "national_id" in vals:
                vals.update(self._national_id_vals(vals["national_id"]))
            if "organisation_ids" in vals and "my_organisation_ids" not in vals:
                # otherwise the default of my_organisation_ids would be written back over
                # the organisations given (its inverse keeps those the user cannot see)
                vals["my_organisation_ids"] = vals["organisation_ids"]
        existing = self._find_existing_people(vals_list)
        created = super().create([vals for i, vals in enumerate(vals_list) if i not in existing])
        new_records = iter(created)
        result = self.browse(
            [
                existing[i].id if i in existing else next(new_records).id
                for i in range(len(vals_list))
            ]
        )
        created.user_ids._sync_portal_companies()
        return result

    @api.model
    def _find_existing_people(self, vals_list):
        """For each creation that describes a person already in the address book, connect
        that person instead and return {index in vals_list: existing partner}.

        A person is the same when the national identity number is the same, or, without a
        number, when the e-mail address is the same as that of exactly one person who has
        no login of their own yet.
        """
        people = [
            (index, vals)
            for index, vals in enumerate(vals_list)
            if not vals.get("is_company") and not vals.get("parent_id")
        ]
        numbers = {vals["national_id"] for _i, vals in people if vals.get("national_id")}
        emails = {
            email_normalize(vals.get("email") or "")
            for _i, vals in people
            if not vals.get("national_id")
        } - {False, ""}
        # sudo: the duplicate may be connected only to organisations the current user cannot
        # see; finding it is the point of the shared address book. What the user gets is the
        # person they identified themselves (by number or e-mail), now connected to them.
        Partner = self.sudo().with_context(active_test=False)
        by_number = (
            {
                partner.national_id: partner
                for partner in Partner.search([("national_id", "in", list(numbers))])
            }
            if numbers
            else {}
        )
        by_email = defaultdict(list)
        if emails:
            for partner in Partner.search(
                [
                    ("email_normalized", "in", list(emails)),
                    ("is_company", "=", False),
                    ("parent_id", "=", False),
                ]
            ):
                by_email[partner.email_normalized].append(partner)
        found = {}
        for index, vals in people:
            if vals.get("national_id"):
                match = by_number.get(vals["national_id"])
                reason = _("the same national identity number")
            else:
                candidates = by_email.get(email_normalize(vals.get("email") or ""), [])
                match = (
                    candidates[0] if len(candidates) == 1 and not candidates[0].user_ids else None
                )
                reason = _("the same e-mail address")
            if match:
                found[index] = self._connect_existing_person(match, vals, reason)
        return found

    @api.model
    def _connect_existing_person(self, person, vals, reason):
        # the organisations the creation asked for (from the form: those of the user), or
        # the default one; new() turns the commands into records
        field = next((f for f in ("my_organisation_ids", "organisation_ids") if f in vals), None)
        organisations = (
            self.new({field: vals[field]})[field]._origin
            if field
            else self._default_organisation_ids()
        )
        # sudo: connecting the person is what makes them visible to this user (see above).
        person.sudo().write({"organisation_ids": [Command.link(org.id) for org in organisations]})
        person = person.with_env(self.env)
        blanks = {
            name: vals[name] for name in FILLABLE_FIELDS if vals.get(name) and not person[name]
        }
        if blanks:
            person.write(blanks)
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "warning",
                "title": _("Existing person used"),
                "message": _(
                    "%(name)s is already in the address book (%(reason)s): the existing person "
                    "was connected to %(organisations)s instead of creating a duplicate.",
                    name=person.display_name,
                    reason=reason,
                    organisations=", ".join(organisations.mapped("name")) or _("no organisation"),
                ),
                "sticky": True,
            },
        )
        return person

    def write(self, vals):
        if "national_id" in vals:
            vals = {**vals, **self._national_id_vals(vals["national_id"])}
        result = super().write(vals)
        if "organisation_ids" in vals:
            self.user_ids._sync_portal_companies()
        return result
