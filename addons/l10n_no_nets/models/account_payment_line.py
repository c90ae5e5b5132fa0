import datetime
from collections import defaultdict
from decimal import Decimal

from odoo import api, models
from odoo.osv import expression
from odoo.tools import format_amount, format_date

from nordic_formats import bankdays
from nordic_formats.no import nets

# claims marked failed per run of the daily job (it runs again at once for the rest)
UNPAID_BATCH = 1000
# Nets' specification text: at most 42 lines of 80 characters
NOTICE_LINES = 42
NOTICE_WIDTH = 80
BLANKS = str.maketrans("\xa0\u202f\t\r\n", "     ", "\ufeff\u200b")


def latin1(text):
    """``text`` as Nets' files can carry it (ISO-8859-1, one line): other characters
    become "?", line breaks, tabs and no-break spaces plain spaces."""
    text = (text or "").translate(BLANKS)
    return text.encode("latin-1", "replace").decode("latin-1")


class AccountPaymentLine(models.Model):
    _inherit = "account.payment.line"

    def _l10n_no_avtalegiro_amount(self):
        """The amount of the claim in øre."""
        self.ensure_one()
        return round(self.currency_id.round(self.amount_currency) * 100)

    def _l10n_no_avtalegiro_claim(self):
        """The AvtaleGiro claim of this debit: the agreement's KID, the amount, the debit
        date, the payer's name and the invoice number (on the payer's statement); for a
        payer who wants the bank's notice (the agreement's *Notify payer*: no notice
        waiver), a claim the bank notifies the payer of (transaction type 21), with the
        text of :meth:`_l10n_no_avtalegiro_notice`. A payer who waived the notice gets
        none from the bank (type 02): the invoice e-mailed as notice of the debit tells
        them."""
        self.ensure_one()
        mandate = self.mandate_id
        return nets.Claim(
            kid=mandate.l10n_no_avtalegiro_kid,
            due_date=self.date,
            amount=Decimal(self._l10n_no_avtalegiro_amount()).scaleb(-2),
            payer_name=latin1(self.partner_id.name)[:10],
            reference=latin1(self.move_id.name or self.communication)[:25],
            bank_notification=(
                self._l10n_no_avtalegiro_notice() if mandate.l10n_no_avtalegiro_notify else False
            ),
        )

    def _l10n_no_avtalegiro_notice(self):
        """The specification text of the bank's notice of the claim, in the payer's
        language: the organisation and the invoice, what it is for (its lines), the due
        date and the amount. Each line is laid out as Nets' example: a text in its first
        half, a value right-aligned in its second (Nets refuses an empty half)."""
        self.ensure_one()
        lang = self.partner_id.lang or self.company_id.partner_id.lang
        line = self.with_context(lang=lang)
        env = line.env
        move = line.move_id
        currency = line.currency_id

        def amount(value):
            return format_amount(env, value, currency, lang_code=lang)

        def date(value):
            return format_date(env, value, lang_code=lang)

        items = move.invoice_line_ids.filtered(lambda item: item.display_type == "product")
        rows = [
            (line.company_id.name, env._("Invoice %s", move.name)),
            (env._("Invoice date"), date(move.invoice_date)),
            *(
                ((item.name or "").split("\n")[0] or "-", amount(item.price_total))
                for item in items[: NOTICE_LINES - 4]
            ),
            (env._("Due date"), date(line.date)),
            (env._("Amount"), amount(line.amount_currency)),
        ]
        half = NOTICE_WIDTH // 2
        return "\n".join(
            f"{latin1(text)[:half]:<{half}}{latin1(value)[:half]:>{half}}" for text, value in rows
        )

    def _direct_debit_withdraw(self):
        avtalegiro = self.filtered(
            lambda line: line.order_id.payment_method_id.code == "avtalegiro"
        )
        files = super(AccountPaymentLine, self - avtalegiro)._direct_debit_withdraw()
        Files = self.env["avtalegiro.file"]
        for journal, lines in avtalegiro.grouped(lambda line: line.order_id.journal_id).items():
            files.append(Files._write_cancellations(journal, lines))
        return files

    # -- claims nobody paid ------------------------------------------------------------------
    @api.model
    def _l10n_no_avtalegiro_unpaid_by(self, days, today):
        """The last due date of a claim that, not paid when ``days`` Norwegian bank days
        have passed after it, is paid no more by ``today``."""
        day = today - datetime.timedelta(days=1)
        while bankdays.add_bank_days(day, days, "NO") >= today:
            day -= datetime.timedelta(days=1)
        return day

    @api.model
    def _cron_l10n_no_avtalegiro_unpaid(self):
        """Nets reports no failed AvtaleGiro claims: a claim sent to Nets and not paid when
        the payment mode's bank days to wait have passed after its due date failed (retried
        in the next collection, then reminded; the payer is e-mailed), in batches; the job
        runs again for the rest."""
        today = bankdays.today("NO")
        modes = self.env["account.payment.mode"].search(
            [("payment_method_id.code", "=", "avtalegiro")]
        )
        domain = [
            ("order_id.payment_method_id.code", "=", "avtalegiro"),
            ("debit_state", "=", "sent"),
        ]
        by_days = defaultdict(list)
        for mode in modes:
            by_days[mode.direct_debit_settle_days].append(mode.id)
        unpaid = [
            [
                *domain,
                ("order_id.payment_mode_id", "in", ids),
                ("date", "<=", self._l10n_no_avtalegiro_unpaid_by(days, today)),
            ]
            for days, ids in by_days.items()
        ]
        if not unpaid:
            return
        domain = expression.OR(unpaid)
        lines = self.search(domain, order="date, id", limit=UNPAID_BATCH)
        for (company, days), group in lines.grouped(
            lambda line: (line.company_id, line.order_id.payment_mode_id.direct_debit_settle_days)
        ).items():
            # the reason in the organisation's language: the payer is e-mailed it
            group = group.with_context(lang=company.partner_id.lang)
            for deadline, claims in group.grouped(
                lambda line, days=days: bankdays.add_bank_days(line.date, days, "NO")
            ).items():
                claims._direct_debit_failed(
                    today,
                    False,
                    claims.env._(
                        "Not paid by the payer's bank by %s",
                        format_date(claims.env, deadline),
                    ),
                )
        remaining = self.search_count(domain) if len(lines) == UNPAID_BATCH else 0
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
