from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

SEND_BATCH = 500


class CreditControlRun(models.Model):
    """A reminder run: compute who gets what (a preview), then send. The daily job does
    both for the policies that send every day."""

    _inherit = ["credit.control.run", "mail.thread"]
    _name = "credit.control.run"

    date = fields.Date("Run date", default=fields.Date.context_today)
    company_id = fields.Many2one(string="Organisation", required=True)
    dunning_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("preview", "Preview"),
            ("sending", "Sending"),
            ("done", "Sent"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    communication_ids = fields.One2many(
        "credit.control.communication", "run_id", string="Reminders", readonly=True
    )
    figures = fields.Html(compute="_compute_figures", sanitize=False)
    error_count = fields.Integer(compute="_compute_figures", string="Not sent")
    letter_batch_id = fields.Many2one("ir.attachment", readonly=True, copy=False)

    @api.model
    def _default_policies(self):
        company = self.env.company
        return (
            self.env["credit.control.policy"].search(
                [("company_id", "=", company.id), ("do_nothing", "=", False)]
            )
            | company.credit_policy_id
        )

    @api.depends("communication_ids.dunning_state", "communication_ids.error")
    def _compute_figures(self):
        for run in self:
            comms = run.communication_ids
            run.error_count = len(comms.filtered("error"))
            if not comms:
                run.figures = False
                continue
            currency = run.company_id.currency_id
            active = comms.filtered(lambda c: c.dunning_state != "cancelled")
            rows = [
                (_("People reminded"), len(active)),
                (_("Invoices"), sum(active.mapped("invoice_count"))),
                (
                    _("Amount due"),
                    format_amount(self.env, sum(active.mapped("amount_due_total")), currency),
                ),
                (_("Reminder fees"), len(active.filtered("fee_amount"))),
                (
                    _("Fees in total"),
                    format_amount(self.env, sum(active.mapped("fee_amount")), currency),
                ),
                (_("By e-mail"), len(active.filtered("send_email"))),
                (_("By SMS"), len(active.filtered("send_sms"))),
                (_("By letter"), len(active.filtered("send_letter"))),
                (_("With a note"), len(active.filtered("note"))),
                (_("Paid before sending"), len(comms) - len(active)),
                (_("Not sent"), run.error_count),
            ]
            levels = {}
            for comm in active:
                levels.setdefault(comm.policy_level_id, 0)
                levels[comm.policy_level_id] += 1
            rows += [
                (self.env._("Level: %s", level.name), count)
                for level, count in sorted(levels.items(), key=lambda item: item[0].level)
            ]
            body = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (escape(a), b)
                for a, b in rows
            )
            run.figures = (
                Markup("<table class='table table-sm o_dunning_figures'>%s</table>") % body
            )

    # -- compute -------------------------------------------------------------------------------
    def action_dunning_compute(self):
        """(Re)compute who is reminded of what: one reminder per person. Nothing is sent."""
        for run in self:
            if run.dunning_state not in ("draft", "preview"):
                raise UserError(_("This run has been sent already."))
            run = run.with_company(run.company_id)
            run.communication_ids.unlink()
            run.line_ids.filtered(lambda line: line.state == "draft").unlink()
            run.generate_credit_lines()
            Comm = self.env["credit.control.communication"]
            comms = Comm._generate_comm_from_credit_lines(
                run.line_ids.filtered(lambda line: line.state == "draft")
            )
            comms.run_id = run
            comms._dunning_plan()
            run.dunning_state = "preview"
        return True

    def action_dunning_reset(self):
        for run in self:
            if run.dunning_state != "preview":
                raise UserError(_("Only a run in preview can go back to draft."))
            run.communication_ids.unlink()
            run.line_ids.filtered(lambda line: line.state == "draft").unlink()
            run.write({"dunning_state": "draft", "state": "draft", "report": False})
        return True

    # -- send ----------------------------------------------------------------------------------
    def action_dunning_send(self):
        """Send the reminders of the preview, in the background a few hundred at a time.
        A payment that arrives in between stops the reminder of that invoice."""
        for run in self:
            if run.dunning_state != "preview":
                raise UserError(_("Compute the run first; it is sent from its preview."))
            comms = run.communication_ids.filtered(lambda c: c.dunning_state == "draft")
            if not comms:
                raise UserError(_("Nobody is reminded in this run."))
            comms.write({"dunning_state": "queued", "error": False})
            run.dunning_state = "sending"
        self.env.ref("account_dunning.ir_cron_dunning_send")._trigger()
        return True

    def action_dunning_resume(self):
        """Queue again the reminders that could not be sent (their reason is on each)."""
        for run in self:
            if run.dunning_state != "sending":
                raise UserError(_("Only a run that is being sent can be resumed."))
            run.communication_ids.filtered(
                lambda c: c.dunning_state == "draft" and c.error
            ).dunning_state = "queued"
        self.env.ref("account_dunning.ir_cron_dunning_send")._trigger()
        return True

    def _dunning_send_queued(self, limit=SEND_BATCH):
        """Send up to ``limit`` queued reminders; returns how many were processed and
        how many are left. Safe to call at any time, any number of times."""
        Comm = self.env["credit.control.communication"]
        queued = Comm.search(
            [("dunning_state", "=", "queued"), ("run_id.dunning_state", "=", "sending")]
            + ([("run_id", "in", self.ids)] if self else []),
            limit=limit,
            order="run_id, id",
        )
        for run, comms in queued.grouped("run_id").items():
            sent = comms.with_company(run.company_id)._dunning_send()
            (comms - sent).filtered(lambda c: c.dunning_state == "queued").dunning_state = "draft"
            run._dunning_check_done()
        left = Comm.search_count(
            [("dunning_state", "=", "queued"), ("run_id.dunning_state", "=", "sending")]
            + ([("run_id", "in", self.ids)] if self else [])
        )
        return len(queued), left

    def _dunning_check_done(self):
        self.ensure_one()
        comms = self.communication_ids
        if comms.filtered(lambda c: c.dunning_state == "queued"):
            return
        failed = comms.filtered(lambda c: c.dunning_state == "draft")
        if failed:
            self.message_post(
                body=_(
                    "%(count)s reminders could not be sent: the reason is on each of them. "
                    "Fix it, then press Resume.",
                    count=len(failed),
                )
            )
            return
        self.dunning_state = "done"
        self.message_post(
            body=_(
                "%(count)s reminders sent.",
                count=len(comms.filtered(lambda c: c.dunning_state == "done")),
            )
        )

    @api.model
    def _cron_dunning_send(self):
        # sudo: the job sends the queued reminders of every organisation unit, each with
        # its own company
        done, left = self.sudo().browse()._dunning_send_queued()
        self.env["ir.cron"]._notify_progress(done=done, remaining=left)

    @api.model
    def _cron_dunning_daily(self):
        """Every day: a run per organisation unit whose policy sends every day, computed and
        sent; a run already made today is not made again."""
        # sudo: the daily job acts for every organisation unit, each in its own company
        self = self.sudo()
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("credit_policy_id", "!=", False)])
        for company in companies:
            policy = company.credit_policy_id
            if policy.do_nothing:
                continue
            Run = self.with_company(company)
            if Run.search_count([("company_id", "=", company.id), ("date", ">=", today)], limit=1):
                continue
            run = Run.create(
                {"date": today, "company_id": company.id, "policy_ids": [(6, 0, policy.ids)]}
            )
            run.action_dunning_compute()
            if policy.auto_send and run.communication_ids:
                run.action_dunning_send()

    # -- letters -------------------------------------------------------------------------------
    def action_dunning_print_letters(self):
        """One PDF with every letter of the run, in postal order."""
        self.ensure_one()
        letters = self.communication_ids.filtered(
            lambda c: c.send_letter and c.dunning_state == "done"
        ).sorted(
            lambda c: (
                (c.contact_address_id or c.partner_id).country_id.code or "",
                ((c.contact_address_id or c.partner_id).zip or "").replace(" ", ""),
                c.partner_id.name or "",
                c.id,
            )
        )
        if not letters:
            raise UserError(_("This run has no letters to print."))
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_company(self.company_id)
            ._render_qweb_pdf("account_credit_control.credit_control_summary", letters.ids)
        )
        old = self.letter_batch_id
        self.letter_batch_id = self.env["ir.attachment"].create(
            {
                "name": _("Reminders %(date)s - letters.pdf", date=self.date),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        old.unlink()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.letter_batch_id.id}?download=true",
            "target": "self",
        }

    def action_dunning_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning.action_dunning_reminders"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action

    def unlink(self):
        if any(run.dunning_state in ("sending", "done") for run in self):
            raise UserError(_("A run that has sent reminders cannot be deleted."))
        self.communication_ids.unlink()
        return super().unlink()
