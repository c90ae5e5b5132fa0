import uuid

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .event_event import COURSE_ROLES

# who pays and what was invoiced, credited or charged: for staff and invoicing users, not for
# the course's leaders
PAYMENT_GROUPS = "account.group_account_invoice,event.group_event_user"
# set by the course's own flows (registering, invoicing, cancelling), never by hand: the
# public pages trust them
MANAGED_FIELDS = {
    "course_partner_registration_id",
    "course_payer_id",
    "course_invoice_id",
    "course_credit_used",
    "course_cancel_date",
    "course_cancel_fee",
    "course_credit_note_id",
}


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
        "res.partner",
        string="Payer",
        help="Who pays this participant's course fee.",
        groups=PAYMENT_GROUPS,
    )
    course_invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=PAYMENT_GROUPS,
    )
    course_credit_used = fields.Monetary(
        string="Credit used",
        currency_field="course_currency_id",
        readonly=True,
        copy=False,
        help="The payer's credit used on the invoice at registration.",
        groups=PAYMENT_GROUPS,
    )
    course_currency_id = fields.Many2one(related="company_id.currency_id")
    course_payment_state = fields.Selection(
        related="course_invoice_id.payment_state", string="Payment", groups=PAYMENT_GROUPS
    )
    course_attendance_ids = fields.One2many(
        "event.course.attendance", "registration_id", string="Attendance"
    )
    course_cancel_date = fields.Date(string="Cancelled on", readonly=True, copy=False)
    course_cancel_fee = fields.Monetary(
        string="Cancellation fee",
        currency_field="course_currency_id",
        readonly=True,
        copy=False,
        help="The fee of the course's cancellation terms on the day it was cancelled.",
        groups=PAYMENT_GROUPS,
    )
    course_credit_note_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The credit note of the course fee less the cancellation fee.",
        groups=PAYMENT_GROUPS,
    )

    course_term_id = fields.Many2one(
        related="event_id.term_id", string="Term", store=True, index="btree_not_null"
    )
    course_category_id = fields.Many2one(
        related="event_id.course_category_id", string="Course category", store=True
    )
    course_returning = fields.Boolean(
        string="Returning",
        compute="_compute_course_returning",
        store=True,
        precompute=True,
        help="When they registered, the person had taken a course of the organisation in an "
        "earlier term (a registration, not cancelled, for a course that started before this "
        "course's term).",
    )

    @api.depends("partner_id", "event_id")
    def _compute_course_returning(self):
        courses = self.filtered(lambda r: r.is_course and r.partner_id)
        (self - courses).course_returning = False
        if not courses:
            return
        cutoffs = {course: course._course_earlier_than() for course in courses.event_id}
        # sudo: the person's earlier courses of the same organisation, whoever registers them
        # (the flag tells the course's leaders who returns, not which courses they took)
        earlier = (
            self.env["event.registration"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", courses.partner_id.ids),
                    # not themselves: new ones (precomputed) have no id yet
                    ("id", "not in", [rid for rid in courses.ids if rid]),
                    ("state", "in", ("open", "done")),
                    ("event_id.is_course", "=", True),
                    ("event_id.company_id", "child_of", courses.event_id.company_id.root_id.ids),
                    ("event_id.date_begin", "<", max(cutoffs.values())),
                ],
                ["partner_id", "event_id"],
            )
        )
        taken = {}
        for registration in earlier:
            course = registration.event_id
            key = (registration.partner_id.id, course.company_id.root_id.id)
            taken[key] = min(taken.get(key, course.date_begin), course.date_begin)
        for registration in courses:
            course = registration.event_id
            first = taken.get((registration.partner_id.id, course.company_id.root_id.id))
            registration.course_returning = bool(first and first < cutoffs[course])

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
        registrations = super().create(vals_list)
        if on_courses := registrations.filtered("is_course"):
            self.env["event.course.waitlist"]._course_close_registered(on_courses)
        return registrations

    def write(self, vals):
        if (
            MANAGED_FIELDS & vals.keys()
            and not self.env.su
            and not self.env.context.get("event_course_registering")
        ):
            raise UserError(
                _(
                    "A course registration's partner, payer, invoice, credit and cancellation "
                    "are set by registering and cancelling, not by hand."
                )
            )
        freed = self.browse()
        if vals.get("state") in ("draft", "cancel"):
            freed = self.filtered(lambda r: r.is_course and r.state in ("open", "done"))
        result = super().write(vals)
        if freed:
            freed.event_id._course_offer_places()
        return result

    def unlink(self):
        courses = self.filtered(lambda r: r.is_course and r.state in ("open", "done")).event_id
        result = super().unlink()
        courses.exists()._course_offer_places()
        return result

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
            vals = Move._billing_invoice_vals(
                journal,
                payer,
                items,
                course._course_today(),
                course._course_due_date(),
                f"course:{registration.id}",
                channel,
                company=company,
            )
            # the confirmation links the invoice's payment page: its portal token is given
            # with the invoice rather than written on the posted invoice when the e-mail is
            # rendered (a write of the whole invoice, a sixth of a registration's time)
            vals["access_token"] = str(uuid.uuid4())
            vals_list.append(vals)
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

    def _course_notify(self):
        """E-mail each new registration: the first of a group gets the confirmation, the
        others (registered by their partner) the partner's notice; both with the price."""
        confirmation = self.env.ref("event_course.mail_template_course_confirmation")
        notice = self.env.ref("event_course.mail_template_course_partner_notice")
        first = self[:1]
        for registration in self:
            template = confirmation if registration == first else notice
            # sudo: the organisation's template, sent to the registered person about their
            # own registration (the registering user may be on the public pages)
            template.sudo().send_mail(
                registration.id, email_layout_xmlid="mail.mail_notification_light"
            )

    # -- cancellation ------------------------------------------------------------------------------
    def _course_cancellation(self):
        """What cancelling this registration costs today (the course's day), by its course's
        cancellation terms: ``{"tier"`` (the tier of today; empty: free), ``"course_amount"``
        (the course fee less discounts on its invoice, before taxes; the membership fee on
        the same invoice is not refunded), ``"fee"``, ``"credit"`` (what is credited: the
        course amount less the fee), ``"currency"}``."""
        self.ensure_one()
        course = self.event_id
        currency = self.company_id.currency_id
        # sudo: the course lines of this registration's own invoice and its course's terms,
        # to tell whoever cancels (staff, the member on the portal) what it costs
        invoice = self.sudo().course_invoice_id
        lines = invoice.invoice_line_ids.filtered(
            lambda line: invoice.state == "posted" and line.course_event_id == course
        )
        amount = currency.round(sum(lines.mapped("price_subtotal")))
        terms = course.sudo()._course_cancellation_terms()
        tier = terms._course_tier(course) if terms else terms.tier_ids
        fee = tier._course_fee(amount) if tier else 0.0
        return {
            "tier": tier,
            "course_amount": amount,
            "fee": fee,
            "credit": currency.round(amount - fee),
            "currency": currency,
        }

    def _course_cancel(self, refund=False):
        """Cancel these course registrations by their courses' cancellation terms. Each gets
        a credit note of the course part of its invoice less the fee of today's tier. An
        unpaid invoice is settled by the credit note (only the fee, and a membership fee on
        it, remain to pay); money already paid stays as the payer's credit, which their next
        registration uses, unless ``refund``: then the credit is flagged to be paid back
        (and no registration uses it). The places go to the waiting list. Returns the
        credit notes."""
        if not self:
            return self.env["account.move"]
        # whoever cancels must be allowed to change the registrations (staff of their
        # organisation; the portal's page checks the member's own)
        self.check_access("write")
        self.env.cr.execute(
            SQL("SELECT id FROM event_registration WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(["state"])
        for registration in self:
            if not registration.is_course:
                raise UserError(
                    _("%s is not a registration for a course.", registration.display_name)
                )
            if registration.state == "cancel":
                raise UserError(
                    _(
                        "The registration of %(person)s for %(course)s is cancelled already.",
                        person=registration.partner_id.name,
                        course=registration.event_id.name,
                    )
                )
        credit_notes = self.env["account.move"]
        for registration in self:
            cancellation = registration._course_cancellation()
            credit_note = registration._course_credit_note(cancellation, refund)
            registration.with_context(event_course_registering=True).write(
                {
                    "course_cancel_date": registration.event_id._course_today(),
                    "course_cancel_fee": cancellation["fee"],
                    "course_credit_note_id": credit_note.id,
                }
            )
            credit_notes |= credit_note
        self.action_cancel()
        return credit_notes

    def _course_credit_note(self, cancellation, refund):
        """The posted credit note of this registration's cancellation (see
        :meth:`_course_cancel`), or an empty recordset when nothing is credited. It repeats
        the course lines of the invoice (same accounts, taxes, analytics) and charges the
        fee on a line of its own, so that the course's revenue keeps just the fee."""
        self.ensure_one()
        Move = self.env["account.move"]
        currency = cancellation["currency"]
        if currency.compare_amounts(cancellation["credit"], 0.0) <= 0:
            return Move
        course = self.event_id
        # sudo: the credit note of this registration's own invoice, by its course's terms;
        # whoever cancels (staff, the member on the portal) need not be an accountant
        invoice = self.sudo().course_invoice_id
        lines = invoice.invoice_line_ids.filtered(lambda line: line.course_event_id == course)

        def line_vals(line, **vals):
            return {
                "product_id": line.product_id.id,
                "name": line.name,
                "quantity": line.quantity,
                "price_unit": line.price_unit,
                "discount": line.discount,
                "tax_ids": [Command.set(line.tax_ids.ids)],
                "account_id": line.account_id.id,
                "analytic_distribution": line.analytic_distribution,
                "course_event_id": course.id,
                **vals,
            }

        commands = [Command.create(line_vals(line)) for line in lines]
        if cancellation["fee"]:
            fee_line = lines.filtered(lambda line: line.price_subtotal > 0)[:1] or lines[:1]
            commands.append(
                Command.create(
                    line_vals(
                        fee_line,
                        name=_("Cancellation fee: %s", cancellation["tier"].name),
                        quantity=1,
                        price_unit=-cancellation["fee"],
                        discount=0.0,
                    )
                )
            )
        credit_note = Move.sudo().create(
            {
                "move_type": "out_refund",
                "company_id": invoice.company_id.id,
                "journal_id": invoice.journal_id.id,
                "partner_id": invoice.partner_id.id,
                "invoice_date": course._course_today(),
                "reversed_entry_id": invoice.id,
                "ref": _(
                    "Cancellation of %(course)s for %(person)s",
                    course=course.name,
                    person=self.partner_id.name,
                ),
                # one credit note per registration, enforced by the database
                "billing_key": f"course-cancel:{self.id}",
                "invoice_line_ids": commands,
            }
        )
        # posting a credit note of a posted invoice (reversed_entry_id) reconciles it with
        # what is open of the invoice: an unpaid invoice is settled, the rest stays as credit
        credit_note.action_post()
        if refund and not currency.is_zero(credit_note.amount_residual):
            credit_note._course_request_refund(course)
        return credit_note

    def action_course_cancel(self):
        """Staff: cancel by the course's terms, after seeing what it costs."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel the registration"),
            "res_model": "event.course.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_registration_id": self.id},
        }
