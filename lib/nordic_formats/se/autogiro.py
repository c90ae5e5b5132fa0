"""Autogiro (Bankgirot's Swedish direct debit), new file layout ("ny layout").

Source: Bankgirot, "Autogiro Teknisk manual" (2014), chapters 6-8 (files to Bankgirot:
mandates §7.2, payments §7.3, cancellations and date changes §7.4) and the reports from
Bankgirot (payment specification, mandate advice, rejected payments, cancellations and
changes, mandates via internet bank, mandate register extract); formats.md §3.

Files *to* Bankgirot are written by :func:`write_mandates`, :func:`write_payments` and
:func:`write_amendments` (one section each; sections may be concatenated into one file;
files to Bankgirot have no end record) and read back by :func:`read_requests`. Reports
*from* Bankgirot are read by :func:`read_report` (the kind is told by the opening record)
and :func:`read_mandate_register`.

Example files published by Bankgirot start with title or ruler lines that are not part of
real files: non-record lines before the first record are skipped, anywhere else they are
an error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .._layout import Field as F
from .._layout import read_fields, write_fields
from .._records import fixed_records
from ..exceptions import FormatError, TotalsMismatch
from ..payments import IncomingPayment, Mandate, MandateStatus, ReferenceKind

PERIOD_CODES = frozenset("012345678")
GENAST = "GENAST"  # "as soon as possible": the next bank day

# -- layouts: files to Bankgirot (§7) ----------------------------------------------------------
OPENING = (
    F("date", 3, 10, "D"),
    F("label", 11, 18, "C", "AUTOGIRO"),
    F("customer_number", 63, 68, "N"),
    F("payee_bankgiro", 69, 78, "R"),
)
MANDATE_CANCEL = (F("payee_bankgiro", 3, 12, "R"), F("payer_number", 13, 28, "R"))  # TK03
MANDATE_NEW = (
    F("payee_bankgiro", 3, 12, "R"),
    F("payer_number", 13, 28, "R"),  # TK04
    F("account", 29, 44, "R"),
    F("id_number", 45, 56),
    F("reject", 77, 78),
)
MANDATE_CHANGE = (
    F("payee_bankgiro", 3, 12, "R"),
    F("payer_number", 13, 28, "R"),  # TK05
    F("payee_bankgiro_2", 29, 38, "R"),
    F("new_payer_number", 39, 54, "R"),
)
PAYMENT_ORDER = (
    F("date", 3, 10),
    F("period", 11, 11, "N"),
    F("repetitions", 12, 14, "N?"),  # TK82/32
    F("payer_number", 16, 31, "R"),
    F("amount", 32, 43, "N"),
    F("payee_bankgiro", 44, 53, "R"),
    F("reference", 54, 69),
)
AMENDMENT = (
    F("payee_bankgiro", 3, 12, "R"),
    F("payer_number", 13, 28, "R"),  # TK23-29
    F("date", 29, 36, "D?"),
    F("amount", 37, 48, "N?"),
    F("payment_code", 49, 50),
    F("new_date", 51, 58, "D?"),
    F("reference", 59, 74),
)

# -- layouts: reports from Bankgirot (§8) ------------------------------------------------------
REPORT_OPENING = (
    F("label", 3, 22, "C", "AUTOGIRO"),
    F("written", 25, 44),
    F("content", 45, 64),
    F("customer_number", 65, 70, "N"),
    F("payee_bankgiro", 71, 80, "R"),
)
DEPOSIT = (
    F("account", 3, 37, "R"),
    F("date", 38, 45, "D"),
    F("serial", 46, 50, "N"),  # TK15/16/17
    F("amount", 51, 68, "N"),
    F("count", 72, 79, "N"),
)
SPEC_PAYMENT = (*PAYMENT_ORDER, F("status", 80, 80))  # TK82/32 in a payment specification
REFUND = (
    F("date", 3, 10, "D"),
    F("period", 11, 11, "N"),
    F("repetitions", 12, 14, "N?"),  # TK77
    F("payer_number", 16, 31, "R"),
    F("amount", 32, 43, "N"),
    F("payee_bankgiro", 44, 53, "R"),
    F("reference", 54, 69, "R"),
    F("refund_date", 70, 77, "D"),
    F("refund_code", 78, 79),
)
SPEC_END = (
    F("date", 3, 10, "D"),
    F("clearing", 11, 14, "C", "9900"),
    F("deposits", 15, 20, "N"),
    F("debits", 21, 32, "N"),
    F("withdrawals", 33, 38, "N"),
    F("payouts", 39, 50, "N"),
    F("refund_withdrawals", 51, 56, "N"),
    F("refunds", 57, 68, "N"),
)
MANDATE_ADVICE = (
    F("payee_bankgiro", 3, 12, "R"),
    F("payer_number", 13, 28, "R"),  # TK73
    F("account", 29, 44, "R"),
    F("id_number", 45, 56),
    F("info_code", 62, 63),
    F("comment_code", 64, 65),
    F("date", 66, 73, "D"),
)
COUNT_END = (F("date", 3, 10, "D"), F("clearing", 11, 14, "C", "9900"), F("count", 15, 21, "N"))
REJECTED = (
    F("date", 3, 10),
    F("period", 11, 11, "N"),
    F("repetitions", 12, 14, "N?"),
    F("payer_number", 15, 30, "R"),
    F("amount", 31, 42, "N"),
    F("reference", 43, 58),
    F("comment_code", 59, 60),
)
REJECTED_END = (
    F("date", 3, 10, "D"),
    F("clearing", 11, 14, "C", "9900"),
    F("payouts", 15, 20, "N"),
    F("payout_total", 21, 32, "N"),
    F("debits", 33, 38, "N"),
    F("debit_total", 39, 50, "N"),
)
CHANGE = (
    F("date", 3, 10),  # zeros for TK21/TK26 (all payments); checked in _read_changes
    F("payer_number", 11, 26, "R"),  # blank for TK21, TK22, TK26, TK27
    F("payment_code", 27, 28),  # 82, 32, or 00 for the records about all payments
    F("amount", 29, 40, "N"),
    F("reference_mark", 41, 48),  # REFERENS when 57-72 carry one
    F("new_date", 49, 56),
    F("reference", 57, 72, "R"),
    F("comment_code", 73, 74),
)
# totals of the changes carried out; the manual prints them negative (overpunched),
# Bankgirot's example file unsigned: both are read
CHANGE_END = (
    F("date", 3, 10, "D"),
    F("clearing", 11, 14, "C", "9900"),
    F("payout_total", 29, 40, "S"),
    F("payouts", 41, 46, "N"),
    F("debits", 47, 52, "N"),
    F("debit_total", 57, 68, "S"),
)
MONITORING_OPENING = (  # the same in the old and the new layout (formats.md §3.3)
    F("date", 3, 10, "D"),
    F("label", 11, 18, "C", "AUTOGIRO"),
    F("clearing", 19, 22, "C", "9900"),
    F("content", 23, 35, "C", "BEVAKNINGSREG"),
    F("customer_number", 63, 68, "N"),
    F("payee_bankgiro", 69, 78, "R"),
)
MONITORED = (
    F("date", 3, 10, "D"),
    F("period", 11, 11, "N"),
    F("repetitions", 12, 14, "N?"),  # TK82/32: remaining self-renewing payments
    F("payer_number", 16, 31, "R"),
    F("amount", 32, 43, "N"),
    F("reference", 54, 69),
)
MONITORING_END = CHANGE_END  # the same positions, unsigned totals
EMANDATE_OPENING = (
    F("date", 3, 10, "D"),
    F("clearing", 11, 14, "C", "9900"),  # TK51
    F("payee_bankgiro", 15, 24, "R"),
    F("label", 25, 44, "C", "AG-EMEDGIV"),
)
EMANDATE = (
    F("payee_bankgiro", 3, 12, "R"),
    F("payer_number", 13, 28, "R"),  # TK52
    F("account", 29, 44, "R"),
    F("id_number", 45, 56),
    F("message_type", 62, 62),
)
EMANDATE_TEXT = (F("text", 3, 38),)  # TK53
EMANDATE_ADDRESS = (F("line_1", 3, 38), F("line_2", 39, 74))  # TK54, TK55
EMANDATE_TOWN = (F("postal_code", 3, 7), F("town", 8, 38))  # TK56
REGISTER = (
    F("payee_bankgiro", 1, 10, "R"),
    F("id_number", 11, 22),
    F("payer_number", 23, 38, "R"),
    F("mandate_type", 39, 39),
    F("activity_year", 40, 41),
    F("created", 42, 49, "D"),
    F("changed", 50, 57, "D?"),
    F("status", 58, 58),
    F("account", 65, 80, "R"),
)

# mandate advice comment codes (§8.3): a new mandate, an ended one; anything else: refused
_CREATED = {"32"}
_ENDED = {"01", "02", "06", "07", "33", "98"}
# cancellations/changes report: comment codes of a change carried out (12 cancelled,
# 14 and 18 payment date changed); any other code says why it was not
CHANGE_DONE = frozenset(("12", "14", "18"))
MONITORING = "BEVAKNINGSREG"


# -- requests ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MandateRequest:
    """TK03 (``cancel``), TK04 (``new``, ``accept`` or ``reject`` an internet-bank mandate),
    TK05 (``change`` the payer number)."""

    action: str
    payer_number: str
    account: str = ""  # clearing number + account number; blank when debiting a bankgiro
    id_number: str = ""  # personnummer YYYYMMDDNNNN or 00 + organisation number
    new_payer_number: str = ""


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """TK82 (debit the payer) or TK32 (``payout`` to the payer)."""

    payer_number: str
    amount: int  # öre
    date: datetime.date | None  # None: GENAST, the next possible bank day
    payout: bool = False
    period: int = 0  # 0 once; 1-4 monthly/quarterly/half-yearly/yearly; 5-8 the same on month ends
    repetitions: int | None = None  # self-renewing count; None: until further notice
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Amendment:
    """TK23-TK29: cancel payments (23 all of a payer, 24 a payer's on a date, 25 one) or move
    them to ``new_date`` (26 all, 27 all on a date, 28 a payer's from a date, 29 one)."""

    code: str
    payer_number: str = ""
    date: datetime.date | None = None
    amount: int | None = None
    payout: bool | None = None  # payment code 32 (True) or 82 (False), for 25 and 29
    new_date: datetime.date | None = None
    reference: str = ""


def _opening(date: datetime.date, customer_number: int, payee_bankgiro: str) -> str:
    return write_fields(
        OPENING,
        {"date": date, "customer_number": customer_number, "payee_bankgiro": payee_bankgiro},
        "01",
    )


def _check_amount(amount: int | None, name: str) -> None:
    if amount is not None and not 0 <= amount < 10**12:
        raise ValueError(f"{name} {amount} öre does not fit in 12 digits")


def write_mandates(
    payee_bankgiro: str, customer_number: int, date: datetime.date, requests: list[MandateRequest]
) -> str:
    """A mandate section (Medgivandeunderlag): TK01 and one TK03/TK04/TK05 per request."""
    lines = [_opening(date, customer_number, payee_bankgiro)]
    for request in requests:
        values = {
            "payee_bankgiro": payee_bankgiro,
            "payee_bankgiro_2": payee_bankgiro,
            "payer_number": request.payer_number,
            "new_payer_number": request.new_payer_number,
            "account": request.account,
            "id_number": request.id_number,
        }
        if request.action == "cancel":
            lines.append(write_fields(MANDATE_CANCEL, values, "03"))
        elif request.action in ("new", "accept", "reject"):
            values["reject"] = "AV" if request.action == "reject" else ""
            if request.action == "accept":
                values["account"] = values["id_number"] = ""
            lines.append(write_fields(MANDATE_NEW, values, "04"))
        elif request.action == "change":
            lines.append(write_fields(MANDATE_CHANGE, values, "05"))
        else:
            raise ValueError(f"unknown mandate action {request.action!r}")
    return _file(lines)


def write_payments(
    payee_bankgiro: str, customer_number: int, date: datetime.date, orders: list[PaymentOrder]
) -> str:
    """A payment section (Betalningsunderlag): TK01 and one TK82/TK32 per order."""
    lines = [_opening(date, customer_number, payee_bankgiro)]
    for order in orders:
        if order.period not in range(9):
            raise ValueError(f"period code {order.period} is not 0-8")
        if order.date is None and order.period:
            raise ValueError("GENAST payments cannot repeat (period code must be 0)")
        _check_amount(order.amount, "amount")
        lines.append(
            write_fields(
                PAYMENT_ORDER,
                {
                    "date": order.date.strftime("%Y%m%d") if order.date else GENAST,
                    "period": order.period,
                    "repetitions": order.repetitions if order.period else None,
                    "payer_number": order.payer_number,
                    "amount": order.amount,
                    "payee_bankgiro": payee_bankgiro,
                    "reference": order.reference,
                },
                "32" if order.payout else "82",
            )
        )
    return _file(lines)


def write_amendments(
    payee_bankgiro: str, customer_number: int, date: datetime.date, amendments: list[Amendment]
) -> str:
    """A cancellation and date-change section: TK01 and one TK23-TK29 per amendment."""
    lines = [_opening(date, customer_number, payee_bankgiro)]
    for amendment in amendments:
        if amendment.code not in ("23", "24", "25", "26", "27", "28", "29"):
            raise ValueError(f"amendment code {amendment.code!r} is not 23-29")
        _check_amount(amendment.amount, "amount")
        payment_code = "" if amendment.payout is None else "32" if amendment.payout else "82"
        lines.append(
            write_fields(
                AMENDMENT,
                {
                    "payee_bankgiro": payee_bankgiro,
                    "payer_number": amendment.payer_number,
                    "date": amendment.date,
                    "amount": amendment.amount,
                    "payment_code": payment_code,
                    "new_date": amendment.new_date,
                    "reference": amendment.reference,
                },
                amendment.code,
            )
        )
    return _file(lines)


def _file(lines: list[str]) -> str:
    """Records with CRLF, as the manual asks for files to Bankgirot (§6.1.4)."""
    return "".join(line + "\r\n" for line in lines)


@dataclass(slots=True)
class RequestSection:
    payee_bankgiro: str
    customer_number: int
    date: datetime.date
    mandates: list[MandateRequest] = field(default_factory=list)
    payments: list[PaymentOrder] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)


def read_requests(data: bytes | str) -> list[RequestSection]:
    """The sections of a file to Bankgirot (for checking a file before it is sent)."""
    sections: list[RequestSection] = []
    for line, record in _records(data):
        tk = record[:2]
        if tk == "01":
            values = read_fields(OPENING, record, line)
            sections.append(
                RequestSection(values["payee_bankgiro"], values["customer_number"], values["date"])
            )
            continue
        if not sections:
            raise FormatError(
                "a section starts with an opening record (TK01)", line=line, field="record type"
            )
        section = sections[-1]
        if tk in ("03", "04", "05"):
            layout = {"03": MANDATE_CANCEL, "04": MANDATE_NEW, "05": MANDATE_CHANGE}[tk]
            values = read_fields(layout, record, line)
            _same_bankgiro(section, values["payee_bankgiro"], line)
            if tk == "03":
                action = "cancel"
            elif tk == "05":
                action = "change"
            elif values["reject"] == "AV":
                action = "reject"
            else:
                action = "new" if values["account"] or values["id_number"] else "accept"
            section.mandates.append(
                MandateRequest(
                    action=action,
                    payer_number=values["payer_number"],
                    account=values.get("account", ""),
                    id_number=values.get("id_number", ""),
                    new_payer_number=values.get("new_payer_number", ""),
                )
            )
        elif tk in ("82", "32"):
            values = _payment_values(PAYMENT_ORDER, record, line)
            _same_bankgiro(section, values["payee_bankgiro"], line)
            section.payments.append(
                PaymentOrder(
                    payer_number=values["payer_number"],
                    amount=values["amount"],
                    date=values["date"],
                    payout=tk == "32",
                    period=values["period"],
                    repetitions=values["repetitions"],
                    reference=values["reference"],
                )
            )
        elif tk in ("23", "24", "25", "26", "27", "28", "29"):
            values = read_fields(AMENDMENT, record, line)
            _same_bankgiro(section, values["payee_bankgiro"], line)
            code = values["payment_code"]
            section.amendments.append(
                Amendment(
                    code=tk,
                    payer_number=values["payer_number"],
                    date=values["date"],
                    amount=values["amount"],
                    payout=None if not code else code == "32",
                    new_date=values["new_date"],
                    reference=values["reference"],
                )
            )
        else:
            raise FormatError(
                f"record type {tk!r} does not belong in a file to Bankgirot",
                line=line,
                field="record type",
            )
    return sections


def _same_bankgiro(section: RequestSection, bankgiro: str, line: int) -> None:
    if bankgiro != section.payee_bankgiro:
        raise FormatError(
            f"payee bankgiro {bankgiro} differs from the opening record's {section.payee_bankgiro}",
            line=line,
            field="payee bankgiro",
        )


def _payment_values(layout, record: str, line: int) -> dict:
    values = read_fields(layout, record, line)
    date = values["date"]
    if date == GENAST:
        values["date"] = None
    else:
        values["date"] = read_fields((F("date", 3, 10, "D"),), record, line)["date"]
    return values


def _records(data: bytes | str) -> list[tuple[int, str]]:
    """Fixed records without the title or ruler lines Bankgirot's example files start with."""
    records = fixed_records(data)
    start = 0
    while start < len(records) and not records[start][1][:2].isdigit():
        start += 1
    for line, record in records[start:]:
        if not record[:2].isdigit():
            raise FormatError(
                f"{record[:20].strip()!r} is not an Autogiro record", line=line, field="record type"
            )
    return records[start:]


# -- reports from Bankgirot --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SpecifiedPayment:
    """A TK82 (debit) or TK32 (payout) of a payment specification, of the rejected
    payments report (``status`` is then the comment code) or of the monitoring register
    extract (``status`` is blank: a payment waiting for its date)."""

    line: int
    payout: bool
    date: datetime.date | None
    payer_number: str
    amount: int
    reference: str
    period: int
    repetitions: int | None
    status: str  # specification: 0 done, 1 no funds, 2 no connection, 9 new attempt later
    deposit_serial: int | None = None


@dataclass(frozen=True, slots=True)
class Refund:
    """TK77: a payment the payer's bank took back (``date`` is the original payment's,
    ``refund_date`` the day the amount was withdrawn from the payee)."""

    line: int
    date: datetime.date
    payer_number: str
    amount: int
    reference: str
    refund_date: datetime.date
    refund_code: str  # 01 no mandate, 02 mandate revoked, 03 amount beyond what was agreed
    deposit_serial: int | None = None  # of its withdrawal record (TK17)


@dataclass(frozen=True, slots=True)
class Deposit:
    """TK15 (deposit of debits), TK16 (withdrawal for payouts), TK17 (withdrawal for a refund)."""

    line: int
    kind: str
    account: str
    date: datetime.date
    serial: int
    amount: int
    count: int


@dataclass(frozen=True, slots=True)
class Change:
    """A record of the cancellations/changes report (TK03, 11, 21-29).

    ``payout`` is None for the records about all payments (TK21, 22, 26, 27: payment code
    00); ``date`` is None when the record has none (zeros) or when the date it gives is
    impossible, which was why the change was not carried out; ``done`` says whether it was
    (comment codes 12, 14, 18)."""

    line: int
    code: str
    date: datetime.date | None
    payer_number: str
    payout: bool | None
    amount: int
    new_date: datetime.date | None
    reference: str
    comment_code: str

    @property
    def done(self) -> bool:
        return self.comment_code in CHANGE_DONE


@dataclass(slots=True)
class Report:
    """A report from Bankgirot. ``content`` is the opening record's label: ``BET. SPEC &
    STOPP TK``, ``AG-MEDAVI``, ``AVVISADE BET UPPDR``, ``MAKULERING/ÄNDRING``,
    ``BEVAKNINGSREG`` (monitoring register extract: the payments waiting for their date) or
    ``AG-EMEDGIV`` (mandates via internet bank)."""

    content: str
    payee_bankgiro: str
    customer_number: int | None
    written: str
    deposits: list[Deposit] = field(default_factory=list)
    payments: list[SpecifiedPayment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def incoming_payments(self) -> list[IncomingPayment]:
        """The money movements of a payment specification: executed payments (status 0),
        payouts negative, and refunds (TK77: a debit the payer's bank took back) negative on
        their refund date. Other reports move no money: none.

        ``unique_id`` is ``AG:<payee bankgiro>:<date>:<deposit serial>:<payer number>:<n>``
        (refunds: ``...:R<n>``).
        """
        result: list[IncomingPayment] = []
        if self.content != "BET. SPEC & STOPP TK":
            return result
        ordinals: dict[tuple, int] = {}
        for payment in self.payments:
            if payment.status != "0":
                continue
            key = (payment.date, payment.deposit_serial, payment.payer_number)
            ordinals[key] = ordinals.get(key, 0) + 1
            result.append(
                IncomingPayment(
                    date=payment.date,
                    amount_minor=-payment.amount if payment.payout else payment.amount,
                    currency="SEK",
                    reference=payment.reference,
                    reference_kind=ReferenceKind.TEXT if payment.reference else ReferenceKind.NONE,
                    unique_id=(
                        f"AG:{self.payee_bankgiro}:{payment.date:%Y%m%d}:{payment.deposit_serial}:"
                        f"{payment.payer_number}:{ordinals[key]}"
                    ),
                    source_line=payment.line,
                    payer_account=payment.payer_number,
                    references=(payment.reference,) if payment.reference else (),
                    receiving_account=self.payee_bankgiro,
                )
            )
        for refund in self.refunds:
            key = ("R", refund.refund_date, refund.deposit_serial, refund.payer_number)
            ordinals[key] = ordinals.get(key, 0) + 1
            result.append(
                IncomingPayment(
                    date=refund.refund_date,
                    amount_minor=-refund.amount,
                    currency="SEK",
                    reference=refund.reference,
                    reference_kind=ReferenceKind.TEXT if refund.reference else ReferenceKind.NONE,
                    unique_id=(
                        f"AG:{self.payee_bankgiro}:{refund.refund_date:%Y%m%d}:"
                        f"{refund.deposit_serial}:{refund.payer_number}:R{ordinals[key]}"
                    ),
                    source_line=refund.line,
                    payer_account=refund.payer_number,
                    references=(refund.reference,) if refund.reference else (),
                    message=f"refund code {refund.refund_code}",
                    receiving_account=self.payee_bankgiro,
                )
            )
        return result


def read_report(data: bytes | str) -> Report:
    """Read a report from Bankgirot; every count and total in it is checked."""
    records = _records(data)
    if not records:
        raise FormatError("the file is empty")
    line, record = records[0]
    if record[:2] == "51":
        return _read_emandates(records)
    if record[:2] != "01":
        raise FormatError(
            "a report from Bankgirot starts with an opening record (TK01 or TK51)",
            line=line,
            field="record type",
        )
    if record[22:35] == MONITORING:
        # the monitoring register extract keeps the old-style opening in the new layout
        return _read_monitoring(records)
    if record[2:10].isdigit() and "9900" in record[10:22]:
        # old layout openings: 01 + date + [AUTOGIRO] + 9900 (formats.md §3.4)
        raise FormatError(
            "this report is in Autogiro's old file layout, which is not supported: ask "
            "Bankgirot to deliver the new layout (ny layout) for this bankgiro number",
            line=line,
            field="layout",
        )
    opening = read_fields(REPORT_OPENING, record, line)
    report = Report(
        content=opening["content"],
        payee_bankgiro=opening["payee_bankgiro"],
        customer_number=opening["customer_number"],
        written=opening["written"],
    )
    readers = {
        "BET. SPEC & STOPP TK": _read_specification,
        "AG-MEDAVI": _read_mandate_advice,
        "AVVISADE BET UPPDR": _read_rejected,
        "MAKULERING/ÄNDRING": _read_changes,
    }
    reader = readers.get(report.content)
    if reader is None:
        raise FormatError(f"unknown report {report.content!r}", line=line, field="content")
    body, (end_line, end) = records[1:-1], records[-1]
    if len(records) < 2 or end[:2] != "09":
        raise FormatError(
            "the report ends without its closing record (TK09): it is incomplete",
            line=records[-1][0],
        )
    reader(report, body, end_line, end)
    return report


def _mismatch(stated: int, found: int, line: int, name: str) -> None:
    if stated != found:
        raise TotalsMismatch(
            f"the closing record says {stated}, the report has {found}", line=line, field=name
        )


def _read_specification(report: Report, body, end_line: int, end: str) -> None:
    deposit = None
    members: dict[int, list] = {}
    for line, record in body:
        tk = record[:2]
        if tk in ("15", "16", "17"):
            values = read_fields(DEPOSIT, record, line)
            deposit = Deposit(line=line, kind=tk, **values)
            report.deposits.append(deposit)
            members[line] = []
        elif tk in ("82", "32"):
            if deposit is None or deposit.kind != ("15" if tk == "82" else "16"):
                raise FormatError(
                    f"TK{tk} outside its deposit record", line=line, field="record type"
                )
            values = _payment_values(SPEC_PAYMENT, record, line)
            payment = SpecifiedPayment(
                line=line,
                payout=tk == "32",
                date=values["date"],
                payer_number=values["payer_number"],
                amount=values["amount"],
                reference=values["reference"].lstrip("0"),
                period=values["period"],
                repetitions=values["repetitions"],
                status=values["status"],
                deposit_serial=deposit.serial,
            )
            report.payments.append(payment)
            members[deposit.line].append(payment)
        elif tk == "77":
            if deposit is None or deposit.kind != "17":
                raise FormatError(
                    "TK77 outside its deposit record (TK17)", line=line, field="record type"
                )
            refund = Refund(
                line=line,
                deposit_serial=deposit.serial,
                **{
                    k: v
                    for k, v in read_fields(REFUND, record, line).items()
                    if k in Refund.__slots__
                },
            )
            report.refunds.append(refund)
            members[deposit.line].append(refund)
        else:
            raise FormatError(
                f"record type {tk!r} in a payment specification", line=line, field="record type"
            )
    for deposit in report.deposits:
        done = [m for m in members[deposit.line] if getattr(m, "status", "0") == "0"]
        _mismatch(deposit.count, len(done), deposit.line, "number of approved payments")
        _mismatch(deposit.amount, sum(m.amount for m in done), deposit.line, "amount")
    values = read_fields(SPEC_END, end, end_line)
    executed = [p for p in report.payments if p.status == "0"]
    for name, found in (
        ("deposits", sum(d.kind == "15" for d in report.deposits)),
        ("debits", sum(not p.payout for p in executed)),
        ("withdrawals", sum(d.kind == "16" for d in report.deposits)),
        ("payouts", sum(p.payout for p in executed)),
        ("refund_withdrawals", sum(d.kind == "17" for d in report.deposits)),
        ("refunds", len(report.refunds)),
    ):
        _mismatch(values[name], found, end_line, name)


def _read_mandate_advice(report: Report, body, end_line: int, end: str) -> None:
    for line, record in body:
        if record[:2] != "73":
            raise FormatError(
                f"record type {record[:2]!r} in a mandate advice", line=line, field="record type"
            )
        values = read_fields(MANDATE_ADVICE, record, line)
        comment = values["comment_code"]
        status = (
            MandateStatus.ACTIVE
            if comment in _CREATED
            else MandateStatus.CANCELLED
            if comment in _ENDED
            else MandateStatus.REJECTED
        )
        report.mandates.append(
            Mandate(
                payer_reference=values["payer_number"],
                status=status,
                source_line=line,
                account=values["account"],
                payer_org_no=values["id_number"].strip(),
                date=values["date"],
                payee_account=values["payee_bankgiro"],
                info_code=values["info_code"],
                comment=comment,
            )
        )
    _mismatch(
        read_fields(COUNT_END, end, end_line)["count"], len(body), end_line, "number of records"
    )


def _read_rejected(report: Report, body, end_line: int, end: str) -> None:
    for line, record in body:
        tk = record[:2]
        if tk not in ("82", "32"):
            raise FormatError(
                f"record type {tk!r} in a rejected payments report", line=line, field="record type"
            )
        values = read_fields(REJECTED, record, line)
        report.payments.append(
            SpecifiedPayment(
                # a payment may be rejected for its impossible date (comment code 12): kept as None
                line=line,
                payout=tk == "32",
                date=_date_or_none(values["date"]),
                payer_number=values["payer_number"],
                amount=values["amount"],
                reference=values["reference"],
                period=values["period"],
                repetitions=values["repetitions"],
                status=values["comment_code"],
            )
        )
    values = read_fields(REJECTED_END, end, end_line)
    payouts = [p for p in report.payments if p.payout]
    debits = [p for p in report.payments if not p.payout]
    _mismatch(values["payouts"], len(payouts), end_line, "number of payouts")
    _mismatch(values["payout_total"], sum(p.amount for p in payouts), end_line, "payout total")
    _mismatch(values["debits"], len(debits), end_line, "number of debits")
    _mismatch(values["debit_total"], sum(p.amount for p in debits), end_line, "debit total")


def _date_or_none(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


_CHANGE_CODES = ("03", "11", "21", "22", "23", "24", "25", "26", "27", "28", "29")
_PAYMENT_CODES = {"82": False, "32": True, "00": None, "  ": None}


def _report_date(text: str, done: bool, line: int, name: str) -> datetime.date | None:
    """A date of the cancellations report: None for zeros; an impossible date (the reason
    a change was refused, comment code 01 or 06) is None too, as in the rejected payments
    report, but a change carried out must have a real one."""
    if text == "00000000" or not text.strip():
        return None
    if not text.isdigit():
        raise FormatError(f"{text.strip()!r} is not a date (YYYYMMDD)", line=line, field=name)
    date = _date_or_none(text)
    if date is None and done:
        raise FormatError(f"{text!r} is not a date (YYYYMMDD)", line=line, field=name)
    return date


def _read_changes(report: Report, body, end_line: int, end: str) -> None:
    for line, record in body:
        tk = record[:2]
        if tk not in _CHANGE_CODES:
            raise FormatError(
                f"record type {tk!r} in a cancellations report", line=line, field="record type"
            )
        values = read_fields(CHANGE, record, line)
        code = values["payment_code"]
        if code not in _PAYMENT_CODES:
            raise FormatError(
                f"payment code {code!r} is not 82, 32 or 00", line=line, field="payment code"
            )
        done = values["comment_code"] in CHANGE_DONE
        report.changes.append(
            Change(
                line=line,
                code=tk,
                date=_report_date(values["date"], done, line, "date"),
                payer_number=values["payer_number"],
                payout=_PAYMENT_CODES[code],
                amount=values["amount"],
                new_date=_report_date(values["new_date"], done, line, "new date"),
                reference=values["reference"] if values["reference_mark"] == "REFERENS" else "",
                comment_code=values["comment_code"],
            )
        )
    # the closing record counts the changes carried out, per payment code
    values = read_fields(CHANGE_END, end, end_line)
    done = [c for c in report.changes if c.done]
    payouts = [c for c in done if c.payout is True]
    debits = [c for c in done if c.payout is False]
    _mismatch(values["payouts"], len(payouts), end_line, "number of payouts")
    _mismatch(abs(values["payout_total"]), sum(c.amount for c in payouts), end_line, "payout total")
    _mismatch(values["debits"], len(debits), end_line, "number of debits")
    _mismatch(abs(values["debit_total"]), sum(c.amount for c in debits), end_line, "debit total")


def _read_monitoring(records) -> Report:
    """The monitoring register extract (Utdrag ur bevakningsregistret): the payments
    waiting for their date (TK82 debits, TK32 payouts), with totals per kind."""
    line, record = records[0]
    opening = read_fields(MONITORING_OPENING, record, line)
    report = Report(
        content=MONITORING,
        payee_bankgiro=opening["payee_bankgiro"],
        customer_number=opening["customer_number"],
        written=opening["date"].isoformat(),
    )
    end_line, end = records[-1]
    if len(records) < 2 or end[:2] != "09":
        raise FormatError(
            "the report ends without its closing record (TK09): it is incomplete", line=end_line
        )
    for line, record in records[1:-1]:
        tk = record[:2]
        if tk not in ("82", "32"):
            raise FormatError(
                f"record type {tk!r} in a monitoring register extract",
                line=line,
                field="record type",
            )
        values = read_fields(MONITORED, record, line)
        report.payments.append(
            SpecifiedPayment(
                line=line,
                payout=tk == "32",
                date=values["date"],
                payer_number=values["payer_number"],
                amount=values["amount"],
                reference=values["reference"],
                period=values["period"],
                repetitions=values["repetitions"],
                status="",
            )
        )
    values = read_fields(MONITORING_END, end, end_line)
    payouts = [p for p in report.payments if p.payout]
    debits = [p for p in report.payments if not p.payout]
    _mismatch(values["payouts"], len(payouts), end_line, "number of payouts")
    _mismatch(abs(values["payout_total"]), sum(p.amount for p in payouts), end_line, "payout total")
    _mismatch(values["debits"], len(debits), end_line, "number of debits")
    _mismatch(abs(values["debit_total"]), sum(p.amount for p in debits), end_line, "debit total")
    return report


def _read_emandates(records) -> Report:
    """Mandates given by payers in their internet bank (TK51 ... TK59): each TK52 with its
    TK53 text and TK54-56 name and address is a pending mandate to accept or reject."""
    line, record = records[0]
    opening = read_fields(EMANDATE_OPENING, record, line)
    report = Report(
        content="AG-EMEDGIV",
        payee_bankgiro=opening["payee_bankgiro"],
        customer_number=None,
        written=opening["date"].isoformat(),
    )
    end_line, end = records[-1]
    if end[:2] != "59":
        raise FormatError(
            "the file ends without its closing record (TK59): it is incomplete", line=end_line
        )
    current: dict | None = None
    pending = []
    for line, record in records[1:-1]:
        tk = record[:2]
        if tk == "52":
            values = read_fields(EMANDATE, record, line)
            current = {"line": line, **values, "text": "", "address": []}
            pending.append(current)
        elif tk in ("53", "54", "55", "56") and current is not None:
            if tk == "53":
                current["text"] = read_fields(EMANDATE_TEXT, record, line)["text"]
            elif tk == "56":
                town = read_fields(EMANDATE_TOWN, record, line)
                current["address"].append(
                    f"{town['postal_code'].strip('0')} {town['town']}".strip()
                )
            else:
                lines = read_fields(EMANDATE_ADDRESS, record, line)
                current["address"].extend(filter(None, (lines["line_1"], lines["line_2"])))
        else:
            raise FormatError(
                f"record type {tk!r} in an internet-bank mandate file",
                line=line,
                field="record type",
            )
    # the count leaves out the opening and closing records
    _mismatch(
        read_fields(COUNT_END, end, end_line)["count"],
        len(records) - 2,
        end_line,
        "number of records",
    )
    for item in pending:
        name, *address = item["address"] or [""]
        report.mandates.append(
            Mandate(
                payer_reference=item["payer_number"],
                status=MandateStatus.PENDING,
                source_line=item["line"],
                account=item["account"],
                payer_org_no=item["id_number"],
                payee_account=item["payee_bankgiro"],
                info_code=item["message_type"],
                comment=item["text"],
                extra={"name": name, "address": "\n".join(address)},
            )
        )
    return report


def read_mandate_register(data: bytes | str) -> list[Mandate]:
    """A mandate register extract (no opening or closing record): one mandate per line;
    status 1 approved (active), 2 under inquiry at the payer's bank (pending)."""
    mandates = []
    for line, record in _records(data):
        values = read_fields(REGISTER, record, line)
        if values["status"] not in ("1", "2"):
            raise FormatError(
                f"unknown mandate status {values['status']!r}", line=line, field="status"
            )
        mandates.append(
            Mandate(
                payer_reference=values["payer_number"],
                status=MandateStatus.ACTIVE if values["status"] == "1" else MandateStatus.PENDING,
                source_line=line,
                account=values["account"],
                payer_org_no=values["id_number"],
                date=values["created"],
                payee_account=values["payee_bankgiro"],
                info_code=values["mandate_type"],
            )
        )
    return mandates
