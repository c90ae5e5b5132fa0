from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class AssociationCertificate(models.Model):
    """A document proving that a person is of a customer type for a time: a student card,
    a pension decision. While it is valid, the person has that customer type."""

    _name = "association.certificate"
    _description = "Customer type certificate"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The organisation that checked the certificate. It proves the customer type for "
        "that organisation and its branches only: another organisation checks its own.",
    )
    customer_type_id = fields.Many2one(
        "association.customer.type",
        string="Proves type",
        required=True,
        domain=[("is_default", "=", False)],
        tracking=True,
    )
    name = fields.Char(
        string="Kind",
        required=True,
        help="What the document is, for example 'Student card (Mecenat)' or 'Pension decision'.",
    )
    date_from = fields.Date(
        string="Valid from", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(
        string="Valid to", help="Last day of validity; empty: until further notice.", tracking=True
    )
    document = fields.Binary(attachment=True, help="A scan or photo of the certificate.")
    document_name = fields.Char()
    state = fields.Selection(
        [("future", "Not yet valid"), ("valid", "Valid"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    expiry_processed = fields.Boolean(
        copy=False,
        help="Set by the daily job once the expiry of this certificate has been handled.",
    )

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A certificate cannot end before it starts.",
        ),
    ]

    @api.depends("date_from", "date_to")
    @api.depends_context("at_date")
    def _compute_state(self):
        today = self.env["association.customer.type"]._today()
        for certificate in self:
            if certificate.date_from and certificate.date_from > today:
                certificate.state = "future"
            elif certificate.date_to and certificate.date_to < today:
                certificate.state = "expired"
            else:
                certificate.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(_("Unsupported search on the certificate state."))
        today = self.env["association.customer.type"]._today()
        domains = {
            "future": [("date_from", ">", today)],
            "valid": [
                ("date_from", "<=", today),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
            ],
            "expired": [("date_to", "<", today)],
        }
        values = {value} if isinstance(value, str) else set(value)
        if operator in ("!=", "not in"):
            values = set(domains) - values
        return (
            expression.OR([domains[state] for state in values])
            if values
            else expression.FALSE_DOMAIN
        )

    @api.model
    def _cron_process_expired(self):
        """Daily: record on each person whose certificate has expired what it changed.

        The customer type itself is computed from the certificates at read time, so it is
        right even before this job runs; the job leaves a trace in the person's history
        (and is the hook for later modules, for example to change a subscription's price
        list) and handles each expired certificate once.
        """
        today = self.env["association.customer.type"]._today()
        expired = self.search([("date_to", "<", today), ("expiry_processed", "=", False)])
        expired._process_expiry()
        return True

    def _process_expiry(self):
        """Note on the person, for the certificate's organisation only (another organisation
        the person is connected to neither reads it nor learns of the certificate), what
        the expiry changed: their customer type with that organisation."""
        default_type = self.env["association.customer.type"]._get_default()
        today = self.env["association.customer.type"]._today()
        for (partner, organisation), certificates in self.grouped(
            lambda c: (c.partner_id, c.company_id)
        ).items():
            current_type = partner._get_customer_types(today, organisation)[partner.id]
            for certificate in certificates:
                if current_type == certificate.customer_type_id:
                    continue
                partner.message_post(
                    body=_(
                        "Certificate “%(certificate)s” proving %(type)s expired on %(date)s: "
                        "customer type is now %(current)s.",
                        certificate=certificate.name,
                        type=certificate.customer_type_id.name,
                        date=certificate.date_to,
                        current=current_type.name or default_type.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                    organisation_id=organisation.id,
                )
        self.expiry_processed = True

    def _creation_message(self):
        # translated by the code's translations: during the installation of a module the
        # model's translated name is not loaded yet (the demo data would read the English)
        return _("Certificate created")
