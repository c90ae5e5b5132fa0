import psycopg2
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, split_every

from odoo.addons.queue_job.delay import group

from .account_move import QUIET
from .res_partner import BILLING_CHANNELS

# Recipients per background job: a job is one transaction, small enough to retry cheaply
# and to keep memory flat, large enough for batched create and post.
CHUNK_SIZE = 250
# Rows per create() when a run is computed.
COMPUTE_BATCH = 5000


class AccountBillingRun(models.Model):
    _name = "account.billing.run"
    _description = "Billing run"
    _inherit = ["mail.thread"]
    _order = "invoice_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: _("New"))
    company_id = fields.Many2one(
        "res.company",
        string="Organisation unit",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    source = fields.Selection(
        [],
        required=True,
        tracking=True,
        help="What is billed. Modules add sources (membership dues, subscriptions, courses).",
    )
    source_key = fields.Char(
        compute="_compute_source_key",
        store=True,
        help="What the run bills, for example the dues of one period: two runs with the same "
        "key cannot both be confirmed for one organisation unit.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'sale')]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The unit's sales journal: its invoice numbering, bank account and references "
        "(OCR, KID). A journal marked for payment notices sends notices without an invoice "
        "number.",
    )
    invoice_date = fields.Date(required=True, default=fields.Date.context_today)
    invoice_date_due = fields.Date(string="Due date", required=True)
    default_channel = fields.Selection(
        BILLING_CHANNELS,
        string="Send by",
        required=True,
        default="email",
        help="For recipients who have not chosen how they get their invoices. Recipients "
        "without an e-mail address get paper; the run warns about every fallback.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("confirming", "Invoicing"),
            ("confirmed", "Confirmed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many("account.billing.run.line", "run_id", string="Recipient lines")
    line_count = fields.Integer(string="Recipients", compute="_compute_figures")
    amount_total = fields.Monetary(string="Total", compute="_compute_figures")
    warning_count = fields.Integer(string="Warnings", compute="_compute_figures")
    invoiced_count = fields.Integer(string="Invoiced", compute="_compute_figures")
    progress = fields.Float(compute="_compute_figures")
    figures_html = fields.Html(string="Key figures", compute="_compute_figures", sanitize=False)
    jobs_pending = fields.Integer(compute="_compute_jobs_pending")
    paper_batch_id = fields.Many2one(
        "ir.attachment", string="Paper batch", readonly=True, copy=False
    )

    def init(self):
        super().init()
        # Two runs billing the same thing (the same dues period) of one unit cannot both be
        # confirmed, even when two users confirm them at the same moment.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_billing_run_source_key_confirmed
                ON account_billing_run (company_id, source_key)
             WHERE source_key IS NOT NULL AND state IN ('confirming', 'confirmed')
            """
        )

    def _creation_message(self):
        # translated by the code's translations: while a module that extends billing runs
        # is installed, the model's translated name is not loaded (its demo data would read
        # "Billing run" in any language)
        return _("Billing run created")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("account.billing.run")
        return super().create(vals_list)

    @api.depends("source")
    def _compute_source_key(self):
        """Sources extend this (with their own fields in ``depends``)."""
        self.source_key = False

    @api.depends("company_id")
    def _compute_journal_id(self):
        for run in self:
            run.journal_id = run.company_id._billing_journal()

    @api.depends("line_ids", "state")
    def _compute_figures(self):
        Line = self.env["account.billing.run.line"]
        totals = {
            run.id: (count, amount, warnings)
            for run, count, amount, warnings in Line._read_group(
                [("run_id", "in", self.ids)],
                ["run_id"],
                ["__count", "amount:sum", "warning:count"],
            )
        }
        invoiced = dict(
            Line._read_group(
                [("run_id", "in", self.ids), ("invoice_ids.state", "!=", "cancel")],
                ["run_id"],
                ["__count"],
            )
        )
        for run in self:
            count, amount, warnings = totals.get(run.id, (0, 0.0, 0))
            run.line_count = count
            run.amount_total = amount
            run.warning_count = warnings
            run.invoiced_count = invoiced.get(run, 0)
            run.progress = 100.0 * run.invoiced_count / count if count else 0.0
            run.figures_html = run._figures_table() if count else False

    def _figures_table(self):
        """Amounts and counts per product and per channel, and the warnings, as the user
        checks them before confirming."""
        self.ensure_one()
        Line = self.env["account.billing.run.line"]
        domain = [("run_id", "=", self.id)]
        channels = dict(self._fields["default_channel"]._description_selection(self.env))

        def table(title, rows):
            body = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
                )
                % (label, count, format_amount(self.env, amount, self.currency_id))
                for label, count, amount in rows
            )
            return Markup(
                "<table class='table table-sm o_billing_figures'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (title, _("Invoices"), _("Amount"), body)

        by_product = Line._read_group(domain, ["product_id"], ["__count", "amount:sum"])
        by_channel = Line._read_group(domain, ["channel"], ["__count", "amount:sum"])
        by_warning = Line._read_group(
            [*domain, ("warning", "!=", False)], ["warning"], ["__count", "amount:sum"]
        )
        html = table(_("Product"), [(p.display_name, c, a) for p, c, a in by_product]) + table(
            _("Channel"), [(channels.get(ch, ch), c, a) for ch, c, a in by_channel]
        )
        if by_warning:
            html += table(_("Warning"), [(escape(w), c, a) for w, c, a in by_warning])
        return html

    def _jobs(self, states=("wait_dependencies", "pending", "enqueued", "started")):
        """The run's invoicing jobs (not the sending) in ``states``."""
        # sudo: billing users need not see the job queue; only the run's own jobs are read
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search_fetch(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "in", ["_confirm_chunk", "_confirm_done"]),
                    ("state", "in", list(states)),
                ],
                ["records"],
            )
        )
        return jobs.filtered(lambda job: set(self.ids) & set(job.records.ids))

    def _compute_jobs_pending(self):
        # a job waiting for a failed one will never run: that is not "being invoiced"
        running = self._jobs(("pending", "enqueued", "started"))
        for run in self:
            run.jobs_pending = sum(1 for job in running if run.id in job.records.ids)

    # -- compute -------------------------------------------------------------------------------
    def action_compute(self):
        """(Re)compute the recipients: one line per recipient with amount, channel and
        warnings. Nothing is invoiced yet."""
        for run in self:
            if run.state not in ("draft", "computed"):
                raise UserError(_("Run %s is no longer a draft.", run.name))
            run = run.with_context(**QUIET)
            run.line_ids.unlink()
            items = run._billing_collect()
            # sudo: run lines are not editable by users (what they bill is decided here, from
            # the items the run's source collects for this run, as the user)
            Line = self.env["account.billing.run.line"].sudo().with_context(**QUIET)
            partners = self.env["res.partner"].browse({item["partner_id"] for item in items})
            # each person's channel with the run's organisation unit
            routes = partners._billing_routes(run.default_channel, run.company_id)
            for batch in split_every(COMPUTE_BATCH, items):
                Line.create(
                    [
                        {
                            **item,
                            "run_id": run.id,
                            "channel": routes[item["partner_id"]][0],
                            "warning": routes[item["partner_id"]][1] or False,
                        }
                        for item in batch
                    ]
                )
                self.env.flush_all()
                self.env.invalidate_all()  # memory stays flat on big runs
            run.state = "computed"
        return True

    def _billing_collect(self):
        """The items to bill: a list of dicts with ``partner_id``, ``product_id``, ``name``,
        ``amount``, ``billing_key`` (unique per company: what is billed) and optionally
        ``res_model``/``res_id`` (the source record). Each source implements
        ``_billing_collect_<source>``."""
        self.ensure_one()
        method = getattr(self, f"_billing_collect_{self.source}", None)
        if method is None:
            raise UserError(_("Billing source %s is not installed.", self.source))
        return method()

    def action_reset_draft(self):
        self._check_state({"computed", "cancelled"})
        self.with_context(**QUIET).line_ids.unlink()
        self.state = "draft"

    def action_cancel(self):
        """Cancel before confirmation: nothing of the run remains but the run itself."""
        self._check_state({"draft", "computed"})
        self.with_context(**QUIET).line_ids.unlink()
        self.state = "cancelled"

    def _check_state(self, allowed):
        for run in self:
            if run.state not in allowed:
                state = dict(self._fields["state"]._description_selection(self.env))[run.state]
                raise UserError(_("Run %(run)s is %(state)s.", run=run.name, state=state))

    # -- confirm -------------------------------------------------------------------------------
    def action_confirm(self):
        """Invoice every recipient in the background, a few hundred per job."""
        self._check_state({"computed"})
        for run in self:
            if not run.line_ids:
                raise UserError(_("Run %s has no recipients.", run.name))
            run._check_no_conflict()
        self.state = "confirming"
        self.env.flush_all()  # the unique index decides between two simultaneous confirms
        for run in self:
            run._enqueue_chunks()
        return True

    def _check_no_conflict(self):
        self.ensure_one()
        if not self.source_key:
            return
        other = self.search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("source_key", "=", self.source_key),
                ("state", "in", ("confirming", "confirmed")),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                _(
                    "Run %(other)s already bills the same for %(unit)s; cancel this run.",
                    other=other.name,
                    unit=self.company_id.name,
                )
            )

    def action_resume(self):
        """After a crash, a failed job or recipients that could not be invoiced: enqueue
        again what is not invoiced yet. Safe to press at any time: invoiced recipients are
        skipped, and the database refuses a second invoice for the same recipient and
        period. Jobs of the run that can no longer run (they wait for a failed one) are
        cancelled first."""
        self._check_state({"confirming"})
        for run in self:
            jobs = run._jobs()
            if jobs.filtered(lambda job: job.state in ("pending", "enqueued", "started")):
                raise UserError(_("Run %s is still being invoiced.", run.name))
            # sudo: the run's own waiting jobs (the final step after a failed chunk)
            jobs.filtered(lambda job: job.state == "wait_dependencies").sudo().button_cancelled()
            run._enqueue_chunks()
        return True

    def _pending_lines(self):
        self.ensure_one()
        return self.env["account.billing.run.line"].search(
            [("run_id", "=", self.id), ("invoice_ids", "=", False)]
        )

    def _enqueue_chunks(self):
        self.ensure_one()
        pending = self._pending_lines().ids
        chunks = [
            self.delayable(
                channel="root.billing_run",
                description=_(
                    "%(run)s: invoices %(first)s-%(last)s",
                    run=self.name,
                    first=index + 1,
                    last=index + len(chunk),
                ),
            )._confirm_chunk(chunk)
            for index, chunk in zip(
                range(0, len(pending), CHUNK_SIZE),
                split_every(CHUNK_SIZE, pending, list),
                strict=True,
            )
        ]
        done = self.delayable(
            channel="root.billing_run", description=_("%s: finish", self.name)
        )._confirm_done()
        if chunks:
            group(*chunks).on_done(done).delay()
        else:
            done.delay()

    def _confirm_chunk(self, line_ids):
        """One job: create, post and link the invoices of these recipients (those not
        invoiced yet), then queue their sending. All at once; if that fails, recipient by
        recipient, so that one bad recipient does not hold up the others: a recipient who
        cannot be invoiced keeps the reason on their line and stays for Resume."""
        self.ensure_one()
        lines = self.env["account.billing.run.line"].search(
            [("id", "in", line_ids), ("run_id", "=", self.id), ("invoice_ids", "=", False)]
        )
        if not lines:
            return _("nothing left to invoice")
        try:
            with self.env.cr.savepoint():
                moves = self._invoice_lines(lines)
        except (UserError, psycopg2.IntegrityError):
            moves = self.env["account.move"]
            for line in lines:
                try:
                    with self.env.cr.savepoint():
                        moves |= self._invoice_lines(line)
                except (UserError, psycopg2.IntegrityError) as error:
                    self.env.invalidate_all()
                    line.error = self._error_text(error)
        if moves:
            self.delayable(
                channel="root.billing_send",
                description=_("%(run)s: send %(count)s invoices", run=self.name, count=len(moves)),
            )._send_invoices(moves.ids).delay()
        failed = len(lines) - len(moves)
        return _(
            "%(count)s invoices, %(failed)s recipients failed", count=len(moves), failed=failed
        )

    def _error_text(self, error):
        """What a refused invoice says to the person who reads the run."""
        if isinstance(error, psycopg2.IntegrityError):
            return _(
                "Not invoiced: the database refused it (already invoiced for the same period?): %s",
                error.pgerror,
            )
        return _("Not invoiced: %s", error.args[0] if error.args else str(error))

    def _invoice_lines(self, lines):
        moves = (
            self.env["account.move"]
            .with_context(**QUIET)
            ._billing_create_invoices([self._billing_invoice_vals(line) for line in lines])
        )
        self._billing_invoiced(lines)
        lines.filtered("error").error = False
        return moves

    def _billing_invoice_vals(self, line):
        return {
            **self.env["account.move"]._billing_invoice_vals(
                self.journal_id,
                line.partner_id,
                [(line.product_id, line.name, line.amount)],
                self.invoice_date,
                self.invoice_date_due,
                line.billing_key,
                line.channel,
                company=self.company_id,
            ),
            "billing_run_line_id": line.id,
        }

    def _billing_invoiced(self, lines):
        """Hook: sources link their records to the new invoices (``lines.invoice_id``)."""
        method = getattr(self, f"_billing_invoiced_{self.source}", None)
        if method:
            method(lines)

    def _send_invoices(self, move_ids):
        moves = self.env["account.move"].browse(move_ids).exists()
        self.env["account.move"]._billing_send(moves.filtered(lambda m: not m.is_move_sent))
        return _("%s invoices sent", len(moves))

    def _confirm_done(self):
        self.ensure_one()
        left = len(self._pending_lines())
        if left:
            self.message_post(
                body=_(
                    "%(count)s recipients are not invoiced yet: the reason is on each of "
                    "them (Recipients, filter “Not invoiced”). Fix it, then press Resume.",
                    count=left,
                )
            )
            return _("%s recipients left", left)
        self.state = "confirmed"
        self.message_post(body=_("%s invoices created and posted.", self.invoiced_count))
        if self.line_ids.filtered(lambda line: line.channel == "paper"):
            self.delayable(
                channel="root.billing_send",
                description=_("%s: paper batch", self.name),
            )._generate_paper_batch().delay()
        return _("confirmed")

    # -- paper -------------------------------------------------------------------------------
    def _paper_invoices(self):
        """The run's paper invoices in printing (postal sorting) order."""
        self.ensure_one()
        invoices = self.line_ids.filtered(lambda line: line.channel == "paper").invoice_id
        return invoices.sorted(
            lambda move: (
                move.partner_id.country_id.code or "",
                (move.partner_id.zip or "").replace(" ", ""),
                move.partner_id.name or "",
                move.id,
            )
        )

    def _generate_paper_batch(self):
        """One PDF with every paper invoice of the run, in printing order."""
        self.ensure_one()
        invoices = self._paper_invoices()
        if not invoices:
            return _("no paper invoices")
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_company(self.company_id)
            ._render_qweb_pdf("account_billing_run.report_paper_batch", invoices.ids)
        )
        old = self.paper_batch_id
        self.paper_batch_id = self.env["ir.attachment"].create(
            {
                "name": _("%s - paper invoices.pdf", self.name).replace("/", "-"),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        old.unlink()
        return _("%s paper invoices", len(invoices))

    def action_print_paper(self):
        self.ensure_one()
        if not self.paper_batch_id:
            self._generate_paper_batch()
        if not self.paper_batch_id:
            raise UserError(_("Run %s has no paper invoices.", self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.paper_batch_id.id}?download=true",
            "target": "self",
        }

    def action_open_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("billing_run_line_id.run_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_open_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recipients"),
            "res_model": "account.billing.run.line",
            "view_mode": "list",
            "domain": [("run_id", "=", self.id)],
            "context": {"search_default_warning": self.env.context.get("only_warnings", 0)},
        }
