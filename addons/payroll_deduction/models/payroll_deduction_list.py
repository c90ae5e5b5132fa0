import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import spreadsheet
from ..tools.money import from_minor, to_minor

IDENTITY_GROUP = "association_base.group_association_user"
# the billing key of an employer's invoice of a month: "deduction:<employer id>:<YYYY-MM>"
BILLING_KEY_PREFIX = "deduction:"


class PayrollDeductionList(models.Model):
    """The deduction list of one employer and month, as made by a billing run: a snapshot
    of who is deducted how much, compared with the employer's previous list (starters,
    changes, leavers). A list of a confirmed run never changes: exported again, it gives
    the same file; the next month's changes are counted against it. When its invoice is
    cancelled or deleted, the list no longer counts: a new run of the month makes it again
    and invoices it."""

    _name = "payroll.deduction.list"
    _description = "Deduction list"
    _inherit = ["mail.thread"]
    _order = "month desc, employer_id, id"
    _check_company_auto = True
    # what is posted on a list is its sending to the employer, by the run of a user who
    # may only read lists
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", string="Organisation", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    run_id = fields.Many2one(
        "account.billing.run",
        string="Billing run",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    employer_id = fields.Many2one(
        "payroll.employer", string="Employer", required=True, index=True, check_company=True
    )
    month = fields.Date(required=True, help="The first day of the month deducted.")
    rule_id = fields.Many2one("payroll.deduction.rule", string="Deduction rule", check_company=True)
    state = fields.Selection(
        [
            ("draft", "Computed"),
            ("confirmed", "Invoicing"),
            ("done", "Sent"),
            ("cancelled", "Invoice cancelled"),
        ],
        default="draft",
        required=True,
        help="Computed: the run is not confirmed yet, computing it again makes the list "
        "again. Invoicing: the run is confirmed, its invoices are being made. Sent: the list "
        "was invoiced and sent; it stays as it is. Invoice cancelled: its invoice was "
        "cancelled or deleted; the list no longer counts, a new billing run of the month "
        "makes it again.",
    )
    previous_id = fields.Many2one(
        "payroll.deduction.list",
        string="Previous list",
        help="The employer's last sent list before this month: starters, changes and leavers "
        "are counted against it.",
    )
    invoice_id = fields.Many2one(
        "account.move", string="Invoice", index="btree_not_null", check_company=True
    )
    line_ids = fields.One2many("payroll.deduction.list.line", "list_id", string="Lines")
    amount_total = fields.Monetary(string="Total")
    member_count = fields.Integer(compute="_compute_counts", string="Members")
    new_count = fields.Integer(compute="_compute_counts", string="Starters")
    changed_count = fields.Integer(compute="_compute_counts", string="Changes")
    left_count = fields.Integer(compute="_compute_counts", string="Leavers")
    sent_date = fields.Datetime(string="Sent on")

    _sql_constraints = [
        (
            "employer_run_unique",
            "unique(run_id, employer_id)",
            "A run makes one list per employer.",
        )
    ]

    def init(self):
        super().init()
        # One list per employer and month is invoiced and sent: a run being confirmed
        # claims its employers' months here, so that the database decides between two runs
        # of a month confirmed at the same moment. A list whose invoice was cancelled no
        # longer counts: the month can be made again.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS payroll_deduction_list_employer_month_sent
                ON payroll_deduction_list (company_id, employer_id, month)
             WHERE state IN ('confirmed', 'done')
            """
        )

    @api.depends("employer_id.name", "month")
    def _compute_name(self):
        for record in self:
            record.name = f"{record.employer_id.name} {record._period_label()}"

    def _period_label(self):
        self.ensure_one()
        return self.month.strftime("%Y-%m") if self.month else ""

    def _billing_key(self):
        """What the list's invoice bills: the employer's month (one invoice that is not
        cancelled per key, enforced by ``account_billing_run``)."""
        self.ensure_one()
        return f"{BILLING_KEY_PREFIX}{self.employer_id.id}:{self._period_label()}"

    @api.depends("line_ids.change")
    def _compute_counts(self):
        counts = defaultdict(int)
        for record, change, count in self.env["payroll.deduction.list.line"]._read_group(
            [("list_id", "in", self.ids)], ["list_id", "change"], ["__count"]
        ):
            counts[record.id, change] = count
        for record in self:
            record.new_count = counts[record.id, "new"]
            record.changed_count = counts[record.id, "changed"]
            record.left_count = counts[record.id, "left"]
            record.member_count = (
                record.new_count + record.changed_count + counts[record.id, "unchanged"]
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(record.state != "draft" for record in self):
            raise UserError(_("A sent deduction list stays as it was sent."))

    # -- who may see identity numbers -----------------------------------------------------------
    @api.model
    def _check_identity_access(self):
        """Lists carry the members' national identity numbers: only users who may see them
        make, export, send or import lists."""
        if not self.env.su and not self.env.user.has_group(IDENTITY_GROUP):
            raise AccessError(
                _(
                    "Deduction lists hold national identity numbers: only organisation users, "
                    "who may see them, can make, export, send or import them."
                )
            )

    # -- making the lists of a run ----------------------------------------------------------------
    @api.model
    def _build(self, run, month):
        """Make the lists of ``run`` for the month starting on ``month``: one per employer
        that deducts dues of members that month (or did in its previous list) and has no
        sent list of the month yet. A member's dues of a month are deducted by their
        employment (with dues deducted) that runs first in the month, if they are a member
        in the period of the month.

        Called as superuser by the run (lines copy the members' identity numbers): every
        search here is restricted to the run's organisation."""
        company = run.company_id
        start, end = month, month + relativedelta(months=1, days=-1)
        rule = self.env["payroll.deduction.rule"]._find(company, start)
        if not rule:
            raise UserError(
                _(
                    "%(organisation)s has no deduction rule for a membership period with "
                    "%(month)s: create the rule first.",
                    organisation=company.name,
                    month=start.strftime("%Y-%m"),
                )
            )
        employments = self._month_employments(company, rule.period_id, start, end)
        done = self._claimed(company, start).employer_id
        previous = self._previous_lists(company, start, done)
        by_employer = defaultdict(list)
        for employment in employments:
            if employment.employer_id not in done:
                by_employer[employment.employer_id].append(employment)
        employers = (
            self.env["payroll.employer"].browse([e.id for e in by_employer]) | previous.employer_id
        )
        employments.partner_id.fetch(["name", "national_id"])
        prices = rule._addon_prices()
        previous_of = {record.employer_id: record for record in previous}
        places = company.currency_id.decimal_places
        vals_list = []
        for employer in employers.sorted(lambda e: (e.name or "", e.id)):
            before = previous_of.get(employer, self.browse())
            lines = self._with_changes(
                [self._line_vals(e, rule, prices) for e in by_employer.get(employer, [])],
                before,
            )
            if not lines:
                continue
            total = sum(to_minor(vals["amount"], places) for vals in lines)
            vals_list.append(
                {
                    "company_id": company.id,
                    "run_id": run.id,
                    "employer_id": employer.id,
                    "month": start,
                    "rule_id": rule.id,
                    "previous_id": before.id,
                    "amount_total": from_minor(total, places),
                    "line_ids": [fields.Command.create(vals) for vals in lines],
                }
            )
        return self.create(vals_list)

    @api.model
    def _claimed(self, company, month, employers=None):
        """The lists of ``month`` that are invoiced and sent, or being invoiced (of
        ``employers``, default all): their employers' month is not made again."""
        domain = [
            ("company_id", "=", company.id),
            ("month", "=", month),
            ("state", "in", ("confirmed", "done")),
        ]
        if employers is not None:
            domain.append(("employer_id", "in", employers.ids))
        return self.search(domain)

    @api.model
    def _month_employments(self, company, period, start, end):
        """The employment that deducts each member's dues in the month."""
        Employment = self.env["payroll.employment"]
        candidates = Employment.search(
            [
                ("company_id", "=", company.id),
                ("deduct_dues", "=", True),
                ("date_start", "<=", end),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", start),
            ],
            order="date_start, id",
        )
        members = set(
            self.env["membership.membership_line"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("period_id", "=", period.id),
                    ("partner", "in", candidates.partner_id.ids),
                    ("state", "!=", "canceled"),
                    ("free", "=", False),
                    ("date", "<=", end),
                    "|",
                    ("date_cancel", "=", False),
                    ("date_cancel", ">=", start),
                ]
            )
            .partner.ids
        )
        first = {}
        for employment in candidates:
            if employment.partner_id.id in members:
                first.setdefault(employment.partner_id.id, employment)
        return Employment.browse([employment.id for employment in first.values()])

    @api.model
    def _previous_lists(self, company, start, skip_employers):
        """The last sent list before ``start`` of each employer (not in ``skip_employers``)."""
        lists = self.search(
            [
                ("company_id", "=", company.id),
                ("month", "<", start),
                ("state", "=", "done"),
                ("employer_id", "not in", skip_employers.ids),
            ],
            order="month desc, id desc",
        )
        last = {}
        for record in lists:
            last.setdefault(record.employer_id.id, record)
        return self.browse([record.id for record in last.values()])

    @api.model
    def _line_vals(self, employment, rule, prices):
        currency = rule.currency_id
        places = currency.decimal_places
        partner = employment.partner_id
        dues = rule._dues(employment.gross_pay)
        addons = employment.addon_product_ids.filtered(lambda product: product in prices)
        addon_minor = sum(to_minor(prices[product], places) for product in addons)
        return {
            "partner_id": partner.id,
            "employment_id": employment.id,
            "name": partner.name,
            "national_id": partner.national_id or False,
            "employee_number": employment.employee_number or False,
            "gross_pay": employment.gross_pay if rule.kind == "percent" else 0.0,
            "dues_amount": dues,
            "addon_product_ids": [fields.Command.set(addons.ids)],
            "addon_amount": from_minor(addon_minor, places),
            "amount": from_minor(to_minor(dues, places) + addon_minor, places),
        }

    @api.model
    def _with_changes(self, lines, previous):
        """``lines`` marked new, changed or unchanged against the lines of the ``previous``
        list, with a line for each leaver (in the previous list, not in this one)."""
        before = {line.partner_id.id: line for line in previous.line_ids if line.change != "left"}
        for vals in lines:
            old = before.pop(vals["partner_id"], None)
            if old is None:
                vals["change"] = "new"
                continue
            vals["previous_amount"] = old.amount
            same = (
                old.currency_id.compare_amounts(old.amount, vals["amount"]) == 0
                and (old.employee_number or False) == vals["employee_number"]
            )
            vals["change"] = "unchanged" if same else "changed"
        for old in before.values():
            lines.append(
                {
                    "partner_id": old.partner_id.id,
                    "employment_id": old.employment_id.id,
                    "name": old.name,
                    "national_id": old.national_id,
                    "employee_number": old.employee_number,
                    "dues_amount": 0.0,
                    "addon_amount": 0.0,
                    "amount": 0.0,
                    "previous_amount": old.amount,
                    "change": "left",
                }
            )
        return lines

    # -- invoicing ------------------------------------------------------------------------------
    def _invoice_items(self):
        """``[(product, text, amount)]`` of the employer's invoice: the dues, and each
        add-on on a line of its own. Refused when the rule's prices changed since the list
        was made (the invoice would not be the list's total)."""
        self.ensure_one()
        places = self.currency_id.decimal_places
        label = self._period_label()
        members = self.line_ids.filtered(lambda line: line.change != "left")
        items = [
            (
                self.rule_id.product_id,
                _(
                    "Dues deducted from pay, %(month)s: %(count)s members",
                    month=label,
                    count=len(members),
                ),
                sum(to_minor(line.dues_amount, places) for line in members),
            )
        ]
        prices = self.rule_id._addon_prices()
        for product in members.addon_product_ids.sorted("id"):
            holders = members.filtered(
                lambda line, product=product: product in line.addon_product_ids
            )
            items.append(
                (
                    product,
                    _(
                        "%(addon)s, %(month)s: %(count)s members",
                        addon=product.display_name,
                        month=label,
                        count=len(holders),
                    ),
                    len(holders) * to_minor(prices.get(product, 0.0), places),
                )
            )
        if sum(minor for _p, _t, minor in items) != to_minor(self.amount_total, places):
            raise UserError(
                _(
                    "The prices of deduction rule %(rule)s changed since list %(list)s was "
                    "made: compute the run again.",
                    rule=self.rule_id.name,
                    list=self.name,
                )
            )
        return [
            (product, text, from_minor(minor, places)) for product, text, minor in items if minor
        ]

    # -- when the invoice is cancelled, deleted or restored ---------------------------------------
    def _invoice_gone(self, invoices, deleted):
        """The invoices of these sent lists (``invoices``: ``{list id: invoice name}``) were
        cancelled, or ``deleted``: the lists no longer count as their employers' lists of
        the month. A new billing run of the month makes each again (the same list from the
        same data) and invoices it once; the next months are counted against that one."""
        self.write({"state": "cancelled"})
        for record in self:
            reason = (
                _("Invoice %s was deleted.", invoices[record.id])
                if deleted
                else _("Invoice %s was cancelled.", invoices[record.id])
            )
            record.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    reason,
                    _(
                        "This list no longer counts as the deduction list of %(employer)s for "
                        "%(month)s: a new billing run of the month makes the list again and "
                        "invoices it.",
                        employer=record.employer_id.name,
                        month=record._period_label(),
                    ),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _check_restorable(self):
        """The cancelled invoices of these lists may be reset to draft: their months were not
        made again meanwhile (they would be billed twice)."""
        for record in self:
            again = self._claimed(record.company_id, record.month, record.employer_id) - record
            if again:
                raise UserError(
                    _(
                        "The deduction list of %(employer)s for %(month)s was made again "
                        "(billing run %(run)s): invoice %(invoice)s of the list it replaces "
                        "stays cancelled.",
                        employer=record.employer_id.name,
                        month=record._period_label(),
                        run=again[:1].run_id.name,
                        invoice=record.invoice_id.name,
                    )
                )

    def _invoice_restored(self):
        """The cancelled invoice of these lists was reset to draft: it is their invoice, and
        they the employers' lists of the month, again (see :meth:`_check_restorable`)."""
        self.write({"state": "done"})
        for record in self:
            record.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "Invoice %(invoice)s was reset to draft: this list counts again as the "
                    "deduction list of %(employer)s for %(month)s.",
                    invoice=record.invoice_id.name,
                    employer=record.employer_id.name,
                    month=record._period_label(),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    # -- export and sending -----------------------------------------------------------------------
    def _export_header(self):
        return [
            _("Name"),
            _("National identity number"),
            _("Employee number"),
            _("Period"),
            _("Amount"),
        ]

    def _export_file(self, file_format):
        """``(file name, content)`` of the list as ``file_format`` (``xlsx`` or ``csv``):
        the full list and the starters, changes and leavers since the previous list."""
        self.ensure_one()
        self._check_identity_access()
        changes = dict(
            self.env["payroll.deduction.list.line"]
            ._fields["change"]
            ._description_selection(self.env)
        )
        label = self._period_label()
        lines = self.line_ids.sorted(
            lambda line: (line.name or "", line.employee_number or "", line.id)
        )
        header = self._export_header()

        def row(line):
            return [line.name, line.national_id or "", line.employee_number or "", label]

        base = f"{self.employer_id.name} {label}".replace("/", "-")
        if file_format == "xlsx":
            full = [[*row(line), line.amount] for line in lines if line.change != "left"]
            moved = [
                [
                    *row(line),
                    line.amount,
                    changes[line.change],
                    None if line.change == "new" else line.previous_amount,
                ]
                for line in lines
                if line.change != "unchanged"
            ]
            content = spreadsheet.write_xlsx(
                [
                    (_("Full list"), header, full),
                    (
                        _("Starters, changes, leavers"),
                        [*header, _("Change"), _("Previous amount")],
                        moved,
                    ),
                ],
                datetime.datetime.combine(self.month, datetime.time()),
            )
            return f"{base}.xlsx", content
        # one table: every line (leavers with 0), what changed in the last column
        rows = [
            [*row(line), line.amount, "" if line.change == "unchanged" else changes[line.change]]
            for line in lines
        ]
        content = spreadsheet.write_csv(
            [*header, _("Change")], rows, self.currency_id.decimal_places
        )
        return f"{base}.csv", content

    def _attach(self, file_format):
        self.ensure_one()
        name, content = self._export_file(file_format)
        Attachment = self.env["ir.attachment"].sudo()
        # sudo: the file holds the list the user reads, identity numbers checked above; it
        # is attached to the list, so that reading it takes reading the list
        old = Attachment.search(
            [("res_model", "=", self._name), ("res_id", "=", self.id), ("name", "=", name)]
        )
        # a file that went out with a message stays in the list's history; an earlier
        # download is replaced
        sent = self.env["mail.message"].sudo().search([("attachment_ids", "in", old.ids)])
        (old - sent.attachment_ids).unlink()
        return Attachment.create(
            {"name": name, "raw": content, "res_model": self._name, "res_id": self.id}
        )

    def _download(self, file_format):
        attachment = self._attach(file_format)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_download_xlsx(self):
        self.ensure_one()
        return self._download("xlsx")

    def action_download_csv(self):
        self.ensure_one()
        return self._download("csv")

    def _send(self):
        """E-mail each list, in its employer's format, to the payroll office."""
        self._check_identity_access()
        for record in self:
            attachment = record._attach(record.employer_id.list_format)
            recipient = record.employer_id._list_recipient()
            record.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "The deduction list of %(organisation)s for %(month)s: %(count)s members, "
                    "%(starters)s starters, %(changes)s changes, %(leavers)s leavers.",
                    organisation=record.company_id.name,
                    month=record._period_label(),
                    count=record.member_count,
                    starters=record.new_count,
                    changes=record.changed_count,
                    leavers=record.left_count,
                ),
                subject=_("Deduction list %s", record.name),
                partner_ids=recipient.ids,
                attachment_ids=attachment.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # sudo: the sending date of lists the user's run sent
        self.sudo().write({"sent_date": fields.Datetime.now()})

    def action_send(self):
        """Send the lists again (the same files)."""
        if self.filtered(lambda record: record.state != "done"):
            raise UserError(_("A list is sent when its billing run is confirmed."))
        self._send()
        return True
