from collections import defaultdict

from odoo import Command, _, api, fields, models

from .res_partner import BILLING_CHANNELS

QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


class AccountMove(models.Model):
    _inherit = "account.move"

    billing_run_line_id = fields.Many2one(
        "account.billing.run.line",
        string="Billing run line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    billing_run_id = fields.Many2one(
        related="billing_run_line_id.run_id", string="Billing run", store=False
    )
    billing_key = fields.Char(
        readonly=True,
        copy=False,
        help="What this invoice bills, for example the membership of one person in one "
        "period. At most one invoice that is not cancelled per key and company: a billing run "
        "resumed after a crash, or run twice, cannot invoice anybody twice.",
    )
    billing_channel = fields.Selection(
        BILLING_CHANNELS, string="Sent by", readonly=True, copy=False
    )
    billing_payment_notice = fields.Boolean(related="journal_id.billing_payment_notice")

    def init(self):
        super().init()
        # The guarantee behind "one invoice per recipient and period": enforced by
        # PostgreSQL, so that no interleaving of jobs, retries or users can break it.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_billing_key_unique
                ON account_move (company_id, billing_key)
             WHERE billing_key IS NOT NULL AND state != 'cancel'
            """
        )
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_billing_run_line_unique
                ON account_move (billing_run_line_id)
             WHERE billing_run_line_id IS NOT NULL AND state != 'cancel'
            """
        )

    def _get_mail_template(self):
        if self.billing_channel == "portal":
            return self.env.ref("account_billing_run.mail_template_portal_invoice")
        if self.billing_payment_notice and self.move_type == "out_invoice":
            return self.env.ref("account_billing_run.mail_template_payment_notice")
        return super()._get_mail_template()

    def _get_invoice_report_filename(self, extension="pdf"):
        if self.billing_payment_notice and self.move_type == "out_invoice":
            # the number is not shown on a payment notice; name the file by the reference
            reference = self.payment_reference or self.name
            return f"{_('Payment notice')} {reference}.{extension}".replace("/", "_")
        return super()._get_invoice_report_filename(extension)

    @api.model
    def _billing_invoice_vals(
        self, journal, partner, items, invoice_date, due_date, key, channel, company=None
    ):
        """Values of one billed invoice. ``items``: ``[(product, text, amount)]``, optionally
        with a dict of more invoice line values (an income account, ...) as fourth element.
        ``company``: the unit that bills (a branch may use its parent's journal; the invoice
        is still the branch's); default the journal's company."""
        return {
            "move_type": "out_invoice",
            "company_id": (company or journal.company_id).id,
            "journal_id": journal.id,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due_date,
            "invoice_payment_term_id": False,  # the run's due date, not the partner's term
            "billing_key": key,
            "billing_channel": channel,
            "checked": journal.autocheck_on_post,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": text,
                        "quantity": 1,
                        "price_unit": amount,
                        **(extra[0] if extra else {}),
                    }
                )
                for product, text, amount, *extra in items
            ],
        }

    @api.model
    def _billing_create_invoices(self, vals_list):
        """Create and post billed invoices in one batch, in the order of ``vals_list``.

        Most of the cost of creating an invoice is Odoo's synchronisation of its dynamic
        lines (taxes, payment terms), done per invoice. Dues are usually VAT-exempt: an
        invoice without taxes gets its product and receivable lines complete here and skips
        that synchronisation; the result is the invoice Odoo would have built. Invoices with
        taxes (after the fiscal position) go through the standard path."""
        complete = self._billing_complete_lines(vals_list)
        Move = self.with_context(**QUIET)
        fast = [index for index, vals in enumerate(complete) if vals]
        slow = [index for index, vals in enumerate(complete) if not vals]
        created = dict(
            zip(
                fast,
                Move.with_context(skip_invoice_sync=True).create([complete[i] for i in fast]),
                strict=True,
            )
        )
        created.update(zip(slow, Move.create([vals_list[i] for i in slow]), strict=True))
        moves = Move.browse([created[index].id for index in range(len(vals_list))])
        moves._billing_subscribe_partners()
        ranks = defaultdict(set)
        moves.with_context(billing_defer_rank=ranks, billing_posting=True).action_post()
        for (field, count), partner_ids in ranks.items():
            self.env["res.partner"].browse(partner_ids)._increase_rank(field, count)
        return moves

    def write(self, vals):
        # Posting sets `checked` on each invoice with a write of its own (core `_post`), a
        # full invoice write each time. Billed invoices are created checked already when their
        # journal checks on posting, so that write changes nothing and is skipped.
        if (
            self.env.context.get("billing_posting")
            and vals.keys() == {"checked"}
            and all(move.checked == vals["checked"] for move in self)
        ):
            return True
        return super().write(vals)

    def _billing_subscribe_partners(self):
        """Make each customer a follower of their invoice, as posting does (with the same
        default subtypes), for all invoices in one insert instead of one per invoice."""
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(self._name)
        # sudo: followers are technical records; these are the invoices' own customers
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": self._name,
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [
                        Command.set((external if move.partner_id.partner_share else default).ids)
                    ],
                }
                for move in self
                if move.partner_id
            ]
        )
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    @api.model
    def _billing_complete_lines(self, vals_list):
        """For each invoice's values: the values with complete, balanced ``line_ids`` (the
        product lines and one receivable line due on the due date), or ``None`` when the
        invoice has taxes or needs Odoo's own computation."""
        # browsed together, so that reading one reads them all
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        products = self.env["product.product"].browse(
            {item["product_id"] for vals in vals_list for _c, _i, item in vals["invoice_line_ids"]}
        )
        journals = self.env["account.journal"].browse({vals["journal_id"] for vals in vals_list})
        partner_of = {partner.id: partner for partner in partners}
        product_of = {product.id: product for product in products}
        journal_of = {journal.id: journal for journal in journals}
        positions = {}
        result = []
        for vals in vals_list:
            journal = journal_of[vals["journal_id"]]
            company = self.env["res.company"].browse(vals["company_id"])
            currency = company.currency_id
            partner = partner_of[vals["partner_id"]].with_company(company)
            if journal.currency_id not in (currency, self.env["res.currency"]):
                result.append(None)
                continue
            key = (company, partner.commercial_partner_id)
            if key not in positions:
                positions[key] = (
                    self.env["account.fiscal.position"]
                    .with_company(company)
                    ._get_fiscal_position(partner.commercial_partner_id)
                )
            position = positions[key]
            company_domain = self.env["account.tax"]._check_company_domain(company)
            lines, total = [], 0.0
            for _command, _id, item in vals["invoice_line_ids"]:
                product = product_of[item["product_id"]].with_company(company)
                account = position.map_account(
                    self.env["account.account"].browse(item["account_id"])
                    if item.get("account_id")
                    else product.product_tmpl_id._get_product_accounts()["income"]
                )
                taxes = product.taxes_id.filtered_domain(
                    company_domain
                ) or account.tax_ids.filtered(lambda tax: tax.type_tax_use == "sale")
                if not account or position.map_tax(taxes._filter_taxes_by_company(company)):
                    lines = None
                    break
                amount = currency.round(item["price_unit"] * item["quantity"])
                total += amount
                lines.append(
                    Command.create(
                        {
                            **item,
                            "display_type": "product",
                            "account_id": account.id,
                            "tax_ids": [Command.clear()],
                            "balance": -amount,
                            "amount_currency": -amount,
                        }
                    )
                )
            if lines is None:
                result.append(None)
                continue
            receivable = partner.commercial_partner_id.property_account_receivable_id
            lines.append(
                Command.create(
                    {
                        "display_type": "payment_term",
                        "account_id": receivable.id,
                        "name": "",
                        "balance": total,
                        "amount_currency": total,
                        "date_maturity": vals["invoice_date_due"],
                    }
                )
            )
            result.append(
                {
                    **{k: v for k, v in vals.items() if k != "invoice_line_ids"},
                    "currency_id": currency.id,
                    "fiscal_position_id": position.id,
                    "line_ids": lines,
                }
            )
        return result

    @api.model
    def _billing_send(self, moves):
        """Send posted invoices by their billing channel: PDF by e-mail (portal: an e-mail
        with the link to pay by card), paper: the PDF only, for the print batch. Errors of
        one invoice (no e-mail address) are posted on that invoice, not raised."""
        send = self.env["account.move.send"]
        # a member who joined on the portal does not send their own invoice: OdooBot does
        author = self.env.user if not self.env.user.share else self.env.ref("base.user_root")
        for channel, channel_moves in moves.grouped("billing_channel").items():
            methods = {"manual"} if channel == "paper" else {"email"}
            send._generate_and_send_invoices(
                channel_moves,
                from_cron=True,  # errors go to the invoice's chatter, the others are sent
                allow_fallback_pdf=True,
                sending_methods=methods,
                author_user_id=author.id,
                author_partner_id=author.partner_id.id,
            )
