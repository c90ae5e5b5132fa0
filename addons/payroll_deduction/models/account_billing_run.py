from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils


class AccountBillingRun(models.Model):
    _inherit = "account.billing.run"

    source = fields.Selection(
        selection_add=[("deduction", "Deduction lists (employers)")],
        ondelete={"deduction": "cascade"},
    )
    deduction_month = fields.Date(
        string="Month deducted",
        help="Any day of the month whose deductions the run invoices to the employers.",
    )
    deduction_list_ids = fields.One2many(
        "payroll.deduction.list", "run_id", string="Deduction lists"
    )
    deduction_list_count = fields.Integer(compute="_compute_deduction_list_count", string="Lists")

    @api.depends("deduction_list_ids")
    def _compute_deduction_list_count(self):
        counts = dict(
            self.env["payroll.deduction.list"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.deduction_list_count = counts.get(run, 0)

    def _deduction_month_start(self):
        self.ensure_one()
        return date_utils.start_of(self.deduction_month, "month")

    # -- the membership dues source skips members whose dues are deducted -------------------------
    def _billing_memberships(self):
        memberships = super()._billing_memberships()
        period = self.membership_period_id
        deducted = self.env["payroll.employment"]._deducted_partner_ids(
            self.company_id, period.date_start, period.date_end
        )
        return memberships.filtered(lambda line: line.partner.id not in deducted)

    # -- the deduction lists source ---------------------------------------------------------------
    def _billing_collect_deduction(self):
        if not self.deduction_month:
            raise UserError(_("Choose the month whose deductions run %s invoices.", self.name))
        List = self.env["payroll.deduction.list"]
        List._check_identity_access()
        # sudo: a run's lists are made only by computing it, from its own organisation's
        # employments, memberships and rule; the user may see the identity numbers they copy
        List = List.sudo()
        self.deduction_list_ids.sudo().unlink()
        lists = List._build(self, self._deduction_month_start())
        items = []
        for record in lists:
            if record.currency_id.is_zero(record.amount_total):
                continue  # leavers only: sent, not invoiced
            items.append(
                {
                    "partner_id": record.employer_id.partner_id.id,
                    "product_id": record.rule_id.product_id.id,
                    "name": _(
                        "Dues deducted from pay, %(month)s: %(count)s members",
                        month=record._period_label(),
                        count=record.member_count,
                    ),
                    "amount": record.amount_total,
                    "billing_key": record._billing_key(),
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        return items

    def _deduction_list_of(self, line):
        record = self.env["payroll.deduction.list"].browse(line.res_id)
        if line.res_model != record._name or record.run_id != self:
            raise UserError(_("Run %s refers to deduction lists that are not its own.", self.name))
        return record

    def _billing_invoice_vals(self, line):
        if self.source != "deduction":
            return super()._billing_invoice_vals(line)
        record = self._deduction_list_of(line)
        return {
            **self.env["account.move"]._billing_invoice_vals(
                self.journal_id,
                line.partner_id,
                record._invoice_items(),
                self.invoice_date,
                self.invoice_date_due,
                line.billing_key,
                line.channel,
                company=self.company_id,
            ),
            "billing_run_line_id": line.id,
        }

    def _billing_invoiced_deduction(self, lines):
        lists = self.env["payroll.deduction.list"]
        for line in lines:
            record = self._deduction_list_of(line)
            # sudo: the run's own list gets its invoice; lists are read-only to users
            record.sudo().write({"invoice_id": line.invoice_id.id, "state": "done"})
            lists |= record
        self._enqueue_send_lists(lists)

    def _enqueue_send_lists(self, lists):
        if lists:
            self.delayable(
                channel="root.billing_send",
                description=_(
                    "%(run)s: send %(count)s deduction lists", run=self.name, count=len(lists)
                ),
            )._send_deduction_lists(lists.ids).delay()

    def _send_deduction_lists(self, list_ids):
        lists = self.env["payroll.deduction.list"].browse(list_ids).exists()
        lists._send()
        return _("%s deduction lists sent", len(lists))

    def _confirm_done(self):
        result = super()._confirm_done()
        if self.source == "deduction" and self.state == "confirmed":
            # lists without anything to invoice (only leavers) are sent all the same
            lists = self.deduction_list_ids.filtered(lambda record: record.state == "confirmed")
            # sudo: see _billing_invoiced_deduction
            lists.sudo().state = "done"
            self._enqueue_send_lists(lists)
        return result

    # -- what confirming, cancelling and resetting do to the lists --------------------------------
    # A deduction run has no source key of its own: what is billed once is each employer's
    # month (another run of the month invoices the employers the first one did not, or whose
    # invoice was cancelled). Confirming claims the run's lists (state "Invoicing"), which the
    # database allows once per employer and month; invoices have the employer's month as
    # billing key.
    def _check_no_conflict(self):
        super()._check_no_conflict()
        if self.source != "deduction":
            return
        List = self.env["payroll.deduction.list"]
        claimed = List._claimed(
            self.company_id, self._deduction_month_start(), self.deduction_list_ids.employer_id
        ).filtered(lambda record: record.run_id != self)
        if claimed:
            raise UserError(
                _(
                    "The deduction list of %(employer)s for %(month)s is sent (or being "
                    "invoiced) by run %(other)s already: compute run %(run)s again.",
                    employer=claimed[0].employer_id.name,
                    month=claimed[0]._period_label(),
                    other=claimed[0].run_id.name,
                    run=self.name,
                )
            )

    def action_confirm(self):
        deduction = self.filtered(lambda run: run.source == "deduction")
        if deduction:
            self.env["payroll.deduction.list"]._check_identity_access()
            computed = deduction.filtered(lambda run: run.state == "computed")
            for run in computed:
                run._check_no_conflict()
            # sudo: the lists of the runs the user confirms; flushed by the confirmation,
            # where the unique index decides between two runs of a month
            computed.deduction_list_ids.sudo().write({"state": "confirmed"})
        # a month with nothing to invoice but lists to send (leavers only): confirmed and
        # sent all the same, by the run's final step
        lists_only = deduction.filtered(
            lambda run: run.state == "computed" and not run.line_ids and run.deduction_list_ids
        )
        lists_only.state = "confirming"
        self.env.flush_all()  # the unique index decides between two simultaneous confirms
        for run in lists_only:
            run._enqueue_chunks()
        if self - lists_only:
            return super(AccountBillingRun, self - lists_only).action_confirm()
        return True

    def action_cancel(self):
        result = super().action_cancel()
        # sudo: the lists of a cancelled run were never sent; nothing of the run remains
        self.deduction_list_ids.sudo().unlink()
        return result

    def action_reset_draft(self):
        result = super().action_reset_draft()
        # sudo: as in action_cancel
        self.deduction_list_ids.sudo().unlink()
        return result

    def action_open_deduction_lists(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Deduction lists"),
            "res_model": "payroll.deduction.list",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
            "context": {"create": False},
        }
