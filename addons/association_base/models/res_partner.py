import itertools
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..tools import national_id as nid
from ..tools.phone import DEFAULT_REGION, mobile_to_e164

NATIONAL_ID_KINDS = [
    ("se_personnummer", "Personnummer (SE)"),
    ("se_samordningsnummer", "Samordningsnummer (SE)"),
    ("no_fodselsnummer", "Fødselsnummer (NO)"),
    ("no_d_nummer", "D-nummer (NO)"),
]

# {person id: organisation id} of the tracked changes of the transaction (precommit data)
TRACKING_ORGANISATIONS = "association_base.tracking_organisations"

# Fields only platform administrators may search, filter or group by (anyone else could
# learn from the result who belongs to which organisation, or who has a given number).
RESTRICTED_SEARCH_FIELDS = {
    "organisation_ids": "association_base.group_association_admin",
    "national_id": "association_base.group_association_user",
}


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
        # set at creation already (the record rules check the new person), then by the
        # inverse of my_organisation_ids
        default=lambda self: self._default_organisation_ids(),
        # Membership of a union is sensitive: the full list is the platform's. Everybody
        # else works with my_organisation_ids (their own organisations' connections only).
        groups="association_base.group_association_admin",
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
        # not tracked: the history would keep every number ever typed, readable by anyone
        # who can read the person's chatter
        groups="association_base.group_association_user",
        help="Swedish personnummer or samordningsnummer, Norwegian fødselsnummer or D-nummer. "
        "Stored normalised (Swedish numbers with the century); unique in the address book.",
    )
    national_id_kind = fields.Selection(
        NATIONAL_ID_KINDS,
        string="Kind of identity number",
        compute="_compute_national_id_kind",
        store=True,
        groups="association_base.group_association_user",
    )
    national_id_masked = fields.Char(
        string="Identity number",
        compute="_compute_national_id_masked",
        groups="association_base.group_association_user",
        help="The identity number without its last four digits, as lists show it.",
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

    def _is_platform_admin(self):
        return self.env.su or self.env.user.has_group("association_base.group_association_admin")

    # -- chatter: each organisation's own ---------------------------------------------------
    @api.model
    def _chatter_organisation(self):
        """The organisation that a message, follower or activity on a person belongs to: the
        company the user works in now. None for technical work (installation, scheduled
        jobs: they say which organisation, see association.certificate) and for people
        outside the organisations (portal, public)."""
        user = self.env.user
        if user.id == SUPERUSER_ID or not user._is_internal():
            return self.env["res.company"]
        return self.env.company

    def _track_prepare(self, fields_iter):
        # the tracking message is written at the end of the transaction, in the
        # environment of whoever changed a tracked field first: the organisation of the
        # change is kept now
        super()._track_prepare(fields_iter)
        organisation = self._chatter_organisation()
        if organisation:
            pending = self.env.cr.precommit.data.setdefault(TRACKING_ORGANISATIONS, {})
            for partner_id in self.ids:
                pending.setdefault(partner_id, organisation.id)

    def _get_message_create_valid_field_names(self):
        # our code posts an entry for the organisation it concerns (a scheduled job has none)
        return super()._get_message_create_valid_field_names() | {"organisation_id"}

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Followers of a person who are staff of another organisation are not told of what
        an organisation writes on them (the message is not theirs to read either)."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        organisation = message.sudo().organisation_id
        if not organisation:
            return recipients
        # the organisation and those above it read its messages (record rules)
        readers = {int(cid) for cid in organisation.parent_path.split("/") if cid}
        staff_ids = {r["uid"] for r in recipients if r.get("is_follower") and r.get("uid")}
        # sudo: the companies of the followers' users, to leave out who may not read it
        staff = self.env["res.users"].sudo().browse(staff_ids)
        outsiders = {
            user.partner_id.id
            for user in staff
            if not user.share and not readers & set(user.company_ids.ids)
        }
        explicit = set((msg_vals or {}).get("partner_ids") or message.sudo().partner_ids.ids)
        return [r for r in recipients if r["id"] not in outsiders or r["id"] in explicit]

    def _creation_message(self):
        # translated by the code's translations: during the installation of a module the
        # model's translated name is not loaded yet (the demo data would read "Contact")
        return _("Contact created")

    @api.depends("organisation_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_my_organisation_ids(self):
        # the organisations the user works in now (the company switcher): those are the ones
        # they can read, and so show
        mine = self.env.companies
        for partner in self:
            # sudo: the full list is read only to intersect it with the user's own companies
            # _origin: in a form, the values are new-record copies of the companies
            partner.my_organisation_ids = partner.sudo().organisation_ids._origin & mine

    def _inverse_my_organisation_ids(self):
        mine = self.env.companies
        for partner in self:
            # sudo: the user changes only the connections to their own organisations;
            # those to other organisations are kept as they are, unseen
            others = partner.sudo().organisation_ids - mine
            partner.sudo().organisation_ids = [
                Command.set((others | (partner.my_organisation_ids & mine)).ids)
            ]

    def _search_my_organisation_ids(self, operator, value):
        """Connections to the user's organisations (and their branches) only: a search never
        tells whether somebody is connected to an organisation the user does not work in."""
        Company = self.env["res.company"].sudo()
        mine = Company.search([("id", "child_of", self.env.companies.ids)])
        negative = operator in expression.NEGATIVE_TERM_OPERATORS
        if value is False or value is None or value == []:
            # "connected to none of mine" / "connected to one of mine"
            targets, negative = mine, not negative
        elif operator in ("child_of", "parent_of"):
            targets = Company.search([("id", operator, value)])
        elif isinstance(value, str) or (
            isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)
        ):
            names = [value] if isinstance(value, str) else value
            targets = Company.search(expression.OR([[("name", "ilike", name)] for name in names]))
        else:
            targets = Company.browse([value] if isinstance(value, int) else list(value))
        # sudo: organisation_ids is the platform's field; the companies are cut to the user's
        connected = self.sudo()._search([("organisation_ids", "in", (targets & mine).ids)])
        return [("id", "not in" if negative else "in", connected)]

    @api.model
    def _check_search_domain(self, domain):
        """Refuse domains on fields the user may not search (see RESTRICTED_SEARCH_FIELDS)."""
        if self.env.su or not domain:
            return
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                continue
            if isinstance(leaf[2], (list, tuple)) and any(
                isinstance(sub, (list, tuple)) for sub in leaf[2]
            ):
                self._check_search_domain(leaf[2])  # any/not any sub-domains
            # the field itself or reached through a path (user_ids.partner_id.national_id)
            for name in str(leaf[0]).split("."):
                group = RESTRICTED_SEARCH_FIELDS.get(name)
                if group and not self.env.user.has_group(group):
                    raise AccessError(
                        _(
                            "You may not search people by the field “%s”.",
                            self.env["res.partner"]
                            ._fields[name]
                            .get_description(self.env)["string"],
                        )
                    )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self._check_search_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # core checks the access to grouped fields, except for many2many ones
        specs = [*groupby, *aggregates]
        self._check_search_domain([(spec.split(":")[0], "=", False) for spec in specs])
        return super()._read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )

    @api.depends("national_id")
    def _compute_national_id_masked(self):
        for partner in self:
            number = partner.national_id
            partner.national_id_masked = number and f"{number[:-4]}****"

    @api.depends("national_id")
    def _compute_national_id_kind(self):
        for partner in self:
            partner.national_id_kind = partner.national_id and nid.parse(partner.national_id).kind

    @api.onchange("national_id")
    def _onchange_national_id(self):
        if not self.national_id:
            return None
        self.update(self._national_id_vals(self.national_id))
        try:
            self._check_national_ids_free([self.national_id], exclude=self._origin)
        except ValidationError as error:
            return {"warning": {"title": _("Already in the address book"), "message": str(error)}}
        return None

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
    @api.depends_context("at_date", "company")
    def _compute_customer_type(self):
        # new records (a form being filled in) have no certificates in the database yet
        types = self._origin._get_customer_types(self.env["association.customer.type"]._today())
        default = self.env["association.customer.type"]._get_default()
        for partner in self:
            partner.customer_type_id = types.get(partner._origin.id, default)

    def _get_customer_types(self, on_date: date, organisation=None):
        """Customer type of each partner on ``on_date`` for ``organisation`` (default: the
        current company): the first (by sequence) type proven by a certificate that the
        organisation (or another unit of it) checked and that is valid that day, else the
        default type. One query for all."""
        organisation = organisation or self.env.company
        default = self.env["association.customer.type"]._get_default()
        result = dict.fromkeys(self.ids, default)
        certificates = self.env["association.certificate"].search_fetch(
            [
                ("partner_id", "in", self.ids),
                ("company_id", "child_of", organisation.root_id.id),
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

    def _association_pricelists(self, on_date: date, organisation):
        """``{partner id: pricelist}`` that ``organisation`` sells to each partner with on
        ``on_date``: the first (by sequence) pricelist of the organisation (or of one above it)
        for the partner's customer type that day, else the partner's own pricelist with the
        organisation."""
        types = self._get_customer_types(on_date, organisation)
        by_type = {}
        for pricelist in self.env["product.pricelist"].search(
            [
                ("customer_type_ids", "in", list({t.id for t in types.values()})),
                # an organisation's own (or a parent's): a pricelist of no company would set
                # the price of every organisation's customers of that type
                ("company_id", "in", organisation.parent_ids.ids),
            ]
        ):
            for customer_type in pricelist.customer_type_ids:
                by_type.setdefault(customer_type, pricelist)
        result = {}
        for partner in self:
            pricelist = by_type.get(types[partner.id])
            result[partner.id] = (
                pricelist or partner.with_company(organisation).property_product_pricelist
            )
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

    # -- phone numbers ------------------------------------------------------------------------
    def _mobile_e164(self):
        """The person's mobile number in E.164 (``+46701234567``), or False when they have
        none an SMS can reach.

        The mobile field is tried first, then the phone field; a number counts only when it
        is a valid mobile number (a landline does not). A number without a country prefix
        is read in the person's country, else in the country of the current organisation
        (``self.env.company``: call it ``with_company(organisation)`` for the organisation
        that sends), else as Swedish. So ``070-123 45 67`` gives ``+46701234567`` and
        ``412 34 567`` (a Norwegian person, or none in a Norwegian organisation)
        ``+4741234567``; ``+47 412 34 567`` and ``0047 412 34 567`` are Norwegian
        whatever the countries. The person's own company (``company_id``) plays no part: a
        person of the shared address book is every connected organisation's.
        """
        self.ensure_one()
        region = self.country_id.code or self.env.company.country_id.code or DEFAULT_REGION
        for number in (self.mobile, self.phone):
            e164 = mobile_to_e164(number, region)
            if e164:
                return e164
        return False

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

    # -- create, write, delete ---------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Always creates: finding an existing person is the staff's explicit "connect an
        existing person" flow (wizards/association_person_connect.py), never a side effect
        of creating one (a sign-up would otherwise be bound to somebody else's person)."""
        admin = self._is_platform_admin()
        if not admin and self.env.context.get("default_organisation_ids"):
            # a default is added after this method has cut the values: none from outside
            context = dict(self.env.context)
            del context["default_organisation_ids"]
            self = self.with_env(self.env(context=context))
        for vals in vals_list:
            if vals.get("national_id"):
                vals.update(self._national_id_vals(vals["national_id"]))
            if admin:
                if "organisation_ids" in vals and "my_organisation_ids" not in vals:
                    # otherwise the default of my_organisation_ids would be written back
                    # over the organisations given
                    vals["my_organisation_ids"] = vals["organisation_ids"]
                continue
            # anybody but a platform administrator connects only to their own
            # organisations: the full list is never taken from them
            given = vals.pop("organisation_ids", None)
            if "my_organisation_ids" in vals or given is not None:
                mine = vals.get("my_organisation_ids", given)
                vals["my_organisation_ids"] = self._cut_to_my_companies(mine)
        self._check_national_ids_free(
            [vals["national_id"] for vals in vals_list if vals.get("national_id")]
        )
        partners = super().create(vals_list)
        partners.user_ids._sync_portal_companies()
        return partners

    @api.model
    def _cut_to_my_companies(self, commands):
        """The companies that x2many ``commands`` give, cut to the user's current ones, as one
        ``set`` command: nobody connects a person to an organisation they do not work in."""
        # sudo: the commands may name companies the user cannot read; only ids are compared
        given = self.sudo().new({"organisation_ids": commands}).organisation_ids._origin
        return [Command.set([cid for cid in given.ids if cid in self.env.companies.ids])]

    @api.model
    def _check_national_ids_free(self, numbers, exclude=None):
        if not numbers:
            return
        # sudo: whether the number is taken by a person the user cannot see; only the fact is
        # told, not who it is
        taken = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("national_id", "in", numbers), ("id", "not in", exclude.ids if exclude else [])]
            )
        )
        if taken:
            raise ValidationError(
                _(
                    "A person with the national identity number %(number)s is already in the "
                    "address book. Use “Connect an existing person” to connect them to your "
                    "organisation instead of adding them again.",
                    number=taken[0].national_id,
                )
            )

    def write(self, vals):
        if "my_organisation_ids" in vals and not self._is_platform_admin():
            vals = {
                **vals,
                "my_organisation_ids": self._cut_to_my_companies(vals["my_organisation_ids"]),
            }
        if "national_id" in vals:
            vals = {**vals, **self._national_id_vals(vals["national_id"])}
            if vals.get("national_id"):
                self._check_national_ids_free([vals["national_id"]], exclude=self)
        if "active" in vals and not vals["active"]:
            self._check_not_shared(_("archive"))
        if "email" in vals:
            # another organisation sends its invoices (and a login its password reset) there
            self.filtered(lambda p: p.email != vals["email"])._check_not_shared(
                _("change the e-mail address of")
            )
        result = super().write(vals)
        if "organisation_ids" in vals or "my_organisation_ids" in vals:
            self.user_ids._sync_portal_companies()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_people(self):
        self._check_not_shared(_("delete"))
        self._check_no_data_of_other_organisations()

    def export_data(self, fields_to_export):
        self._check_export_of_user_companies(fields_to_export)
        return super().export_data(fields_to_export)

    @api.model
    def _check_export_of_user_companies(self, paths):
        """Which organisations a portal member belongs to is read through their
        connections (restricted), never through their login's companies."""
        if self.env.su or self.env.user.has_group("association_base.group_association_admin"):
            return
        for path in paths:
            segments = path.replace(".", "/").split("/")
            for user_field, field in itertools.pairwise(segments):
                if user_field in ("user_ids", "user_id") and field in ("company_id", "company_ids"):
                    raise AccessError(_("You may not export the organisations of people's logins."))

    def _check_visible(self):
        """Refuse to link records of the user's organisation to people not connected to
        any organisation of the user (a person of another organisation typed in by id):
        what is copied from them later under sudo (identity number, address) would
        leak."""
        if (
            self.env.su
            or not self
            or self.env.user.has_group("association_base.group_association_admin")
        ):
            return
        mine = self._my_organisation_tree()
        # sudo: the person's connections, compared with the user's organisations only
        if any(not (person.sudo().organisation_ids & mine) for person in self):
            raise AccessError(_("You can only use people connected to your organisation."))

    def _my_organisation_tree(self):
        """The organisations the user works in (all of theirs, whatever the company switcher
        shows) and their branches."""
        # sudo: companies only, compared with; nothing of theirs is read
        return (
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", self.env.user.company_ids.ids)])
        )

    def _data_of_other_organisations(self, mine):
        """``{description: people}``: those of these people that organisations outside
        ``mine`` hold data on that deleting the person would delete (modules add theirs)."""
        # sudo: the other organisations' certificates are looked for to refuse, never shown
        certificates = (
            self.env["association.certificate"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("company_id", "not in", mine.ids)])
        )
        return {_("certificates"): certificates.partner_id}

    def _check_no_data_of_other_organisations(self):
        """Deleting a person deletes what every organisation holds on them (certificates,
        memberships): a person with another organisation's data is refused, also when no
        other organisation is connected to them any more."""
        if self.env.su:
            return
        found = {
            label: people
            for label, people in self._data_of_other_organisations(
                self._my_organisation_tree()
            ).items()
            if people
        }
        if found:
            raise UserError(
                _(
                    "You cannot delete %(name)s: the person has data of another organisation "
                    "(%(what)s), which would be deleted with them. Remove the connection to "
                    "your organisation instead.",
                    name=next(iter(found.values()))[0].display_name,
                    what=", ".join(found),
                )
            )

    def _check_not_shared(self, action):
        """A person of the shared address book who is also connected to organisations the
        user does not work in is theirs too: only a platform administrator may delete or
        archive them; staff remove their own connection instead."""
        if self._is_platform_admin():
            return
        mine = self._my_organisation_tree()
        # sudo: the other connections are read to refuse, never shown
        shared = self.sudo().filtered(lambda p: p.organisation_ids - mine)
        if shared:
            raise UserError(
                _(
                    "You cannot %(action)s %(name)s: the person is also connected to other "
                    "organisations. Remove the connection to your organisation instead.",
                    action=action,
                    name=shared[0].display_name,
                )
            )
