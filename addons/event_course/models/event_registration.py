from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .event_event import COURSE_ROLES


class EventRegistration(models.Model):
    _inherit = "event.registration"

    is_course = fields.Boolean(related="event_id.is_course")
    course_role = fields.Selection(COURSE_ROLES, string="Role")
    course_partner_registration_id = fields.Many2one(
        "event.registration",
        string="Registered with",
        index="btree_not_null",
        ondelete="set null",
        help="The partner this person registered together with.",
    )
    course_payer_id = fields.Many2one(
        "res.partner", string="Payer", help="Who pays this participant's course fee."
    )
    course_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    course_credit_used = fields.Monetary(
        string="Credit used",
        currency_field="course_currency_id",
        readonly=True,
        copy=False,
        help="The payer's credit used on the invoice at registration.",
    )
    course_currency_id = fields.Many2one(related="company_id.currency_id")
    course_payment_state = fields.Selection(
        related="course_invoice_id.payment_state", string="Payment"
    )
    course_attendance_ids = fields.One2many(
        "event.course.attendance", "registration_id", string="Attendance"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("event_course_registering"):
            courses = (
                self.env["event.event"]
                .browse({vals["event_id"] for vals in vals_list if vals.get("event_id")})
                .filtered("is_course")
            )
            if courses:
                raise UserError(
                    _(
                        "Register people for %s with the course's Register button: it checks "
                        "levels, payments and places and prices the registration.",
                        ", ".join(courses.mapped("name")),
                    )
                )
        return super().create(vals_list)

    @api.constrains("partner_id", "course_payer_id")
    def _check_course_people_visible(self):
        for registration in self.filtered("is_course"):
            (registration.partner_id | registration.course_payer_id)._check_visible()

    def _course_invoice(self, quotes, pays):
        """Invoice each of these new registrations by its quote (as :meth:`event.event.
        _course_quote`), ``pays``: ``"invoice"`` or ``"card"`` each. The invoice of a person who
        is not a member also registers their membership; the payer's credit is used on it;
        invoices to pay by invoice are sent by the payer's channel in the background."""
        Move = self.env["account.move"]
        todo, vals_list = [], []
        for registration, quote, pay in zip(self, quotes, pays, strict=True):
            if not any(line["amount"] or line["kind"] == "membership" for line in quote["lines"]):
                continue  # a free course
            course, company = registration.event_id, registration.company_id
            payer = registration.course_payer_id or registration.partner_id
            # sudo: the organisation's sales journal, used only to invoice what the course's
            # rules priced; the registering user need not be an accountant
            journal = company.sudo()._billing_journal()
            extra = course._course_invoice_line_extra()
            items = [
                (
                    line["product"],
                    line["name"],
                    line["amount"],
                    extra if line["kind"] in ("course", "discount") else {},
                )
                for line in quote["lines"]
            ]
            channel, _warning = payer._billing_route("email", company)
            vals_list.append(
                Move._billing_invoice_vals(
                    journal,
                    payer,
                    items,
                    course._course_today(),
                    course._course_due_date(),
                    f"course:{registration.id}",
                    channel,
                    company=company,
                )
            )
            membership = next(
                (line for line in quote["lines"] if line["kind"] == "membership"), None
            )
            todo.append((registration, pay, membership))
        if not todo:
            return
        # sudo: see above; the invoices hold exactly the quoted lines
        moves = Move.sudo()._billing_create_invoices(vals_list)
        MembershipLine = self.env["membership.membership_line"].sudo()
        send = Move
        for (registration, pay, membership), move in zip(todo, moves, strict=True):
            registration.course_invoice_id = move
            if membership:
                line = MembershipLine.with_context(membership_no_auto_invoice=True).create(
                    {
                        "partner": registration.partner_id.id,
                        "period_id": membership["period"].id,
                        "date": registration.event_id._course_today(),
                    }
                )
                invoice_line = move.invoice_line_ids.filtered(
                    lambda aml, product=membership["product"]: (
                        aml.product_id == product and not aml.course_event_id
                    )
                )[:1]
                line._link_invoice_lines({line.id: invoice_line.id})
            registration.course_credit_used = registration._course_use_credit(move)
            if pay == "invoice" and not move.currency_id.is_zero(move.amount_residual):
                send |= move
        if send:
            Move.sudo().with_delay(
                channel="root.billing_send", description=_("Send invoices of course registrations")
            )._billing_send(send)

    def _course_use_credit(self, invoice):
        """Reconcile the payer's credit with ``invoice``; the amount used. The credit lines
        are locked first: two registrations of one payer at once cannot use the same credit
        (the second waits, then retries on the credit that is left)."""
        self.ensure_one()
        credits = self.event_id._course_credit(invoice.partner_id)
        if not credits:
            return 0.0
        self.env.cr.execute(
            SQL("SELECT id FROM account_move_line WHERE id IN %s FOR UPDATE", tuple(credits.ids))
        )
        credits.invalidate_recordset(["amount_residual", "reconciled"])
        # sudo: the payer's own credit and invoice (see _course_credit)
        invoice = invoice.sudo()
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        before = invoice.amount_residual
        for credit in credits.sudo():
            if invoice.currency_id.is_zero(invoice.amount_residual):
                break
            if credit.account_id == receivable.account_id and not credit.reconciled:
                (credit | receivable).reconcile()
        return invoice.currency_id.round(before - invoice.amount_residual)
