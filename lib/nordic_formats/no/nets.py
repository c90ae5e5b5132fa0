"""Nets (Norway): OCR giro incoming payments, AvtaleGiro agreements, claims and cancellations.

Sources: Nets, "OCR giro System specification" (records 10/20/30/31/32/88/89, transaction
types 10-21) and "AvtaleGiro System specification" v3.3; formats.md §5 and §6. The
earliest due date of a claim: :func:`earliest_due_date`.

The record layer is the ``netsgiro`` package (``netsgiro.records``); this module adds what
it leaves to its user:

* the ``-`` sign of a transaction (credit notes): netsgiro keeps the amount unsigned and
  the sign apart; here the amount is negative and the control totals are checked with it;
* a KID whose MOD11 check digit is ``-``, which netsgiro's record patterns refuse;
* a blank KID (payments without one are still payments);
* bank-file tolerance (no line terminators, short or padded lines, ISO-8859-1/UTF-8) and
  errors that name the line;
* the control totals of assignments and of the transmission;
* the direction and the service: a file is read as what it is (payments or agreements
  *from* Nets), never a file *to* Nets (AvtaleGiro claims) as payments received;
* normalised :class:`~nordic_formats.payments.IncomingPayment` and
  :class:`~nordic_formats.payments.Mandate` objects.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import netsgiro
from netsgiro import records as nr
from netsgiro.enums import AssignmentType, AvtaleGiroRegistrationType, ServiceCode

from .._records import fixed_records, gc_paused
from ..bankdays import bank_holidays, is_bank_day
from ..exceptions import FormatError, TotalsMismatch
from ..payments import IncomingPayment, Mandate, MandateStatus, ReferenceKind

_BY_CODE = {
    f"{cls.RECORD_TYPE.value:02d}": cls
    for cls in (
        nr.TransmissionStart,
        nr.AssignmentStart,
        nr.TransactionAmountItem1,
        nr.TransactionAmountItem2,
        nr.TransactionAmountItem3,
        nr.TransactionSpecification,
        nr.AvtaleGiroAgreement,
        nr.AssignmentEnd,
        nr.TransmissionEnd,
    )
}


def parse_records(data: bytes | str) -> list[tuple[int, str, nr.Record]]:
    """``(line number, record type, netsgiro record)`` for every record of a Nets file."""
    result = []
    append = result.append
    for line, text in fixed_records(data):
        code = text[6:8]
        cls = _BY_CODE.get(code)
        if cls is None or text[:2] != "NY":
            raise FormatError(
                f"not a Nets record (format code {text[:2]!r}, record type {code!r})",
                line=line,
                field="record type",
            )
        kid = None
        # a MOD11 check digit "-" in a KID: netsgiro's patterns accept digits only
        if code == "30" and "-" in text[49:74]:
            kid, text = text[49:74], text[:49] + text[49:74].replace("-", "0") + text[74:]
        elif code == "70" and "-" in text[16:41]:
            kid, text = text[16:41], text[:16] + text[16:41].replace("-", "0") + text[41:]
        try:
            record = cls.from_string(text)
        except ValueError as error:
            raise FormatError(
                f"not a valid {cls.__name__} record ({error})", line=line, field="record"
            ) from None
        if kid is not None:
            record.kid = kid.strip()
        append((line, code, record))
    return result


@dataclass(slots=True)
class _Transaction:
    line: int
    item1: nr.TransactionAmountItem1
    item2: nr.TransactionAmountItem2 | None = None
    item3: nr.TransactionAmountItem3 | None = None

    @property
    def signed_amount(self) -> int:
        return -self.item1.amount if self.item1.sign == "-" else self.item1.amount


@dataclass(slots=True)
class _Assignment:
    line: int
    start: nr.AssignmentStart
    transactions: list[_Transaction] = field(default_factory=list)
    agreements: list[tuple[int, nr.AvtaleGiroAgreement]] = field(default_factory=list)
    records: int = 2  # its start and end

    @property
    def total(self) -> int:
        return sum(transaction.signed_amount for transaction in self.transactions)

    @property
    def count(self) -> int:
        return len(self.transactions) + len(self.agreements)


def _check_end(end, line: int, transactions: int, records: int, total: int, what: str) -> None:
    if end.num_transactions != transactions:
        raise TotalsMismatch(
            f"the {what} end says {end.num_transactions} transactions, the file has {transactions}",
            line=line,
            field="number of transactions",
        )
    if end.num_records != records:
        raise TotalsMismatch(
            f"the {what} end says {end.num_records} records, the file has {records}",
            line=line,
            field="number of records",
        )
    if end.total_amount is not None and end.total_amount != total:
        raise TotalsMismatch(
            f"the {what} end says {end.total_amount / 100:.2f}, the transactions add "
            f"up to {total / 100:.2f}",
            line=line,
            field="total amount",
        )


def _assignments(records: list[tuple[int, str, nr.Record]]) -> list[_Assignment]:
    """Group the records into assignments and check every count and total."""
    if not records or records[0][1] != "10":
        raise FormatError(
            "a Nets file starts with a transmission start record (NY000010)",
            line=records[0][0] if records else None,
        )
    assignments: list[_Assignment] = []
    current: _Assignment | None = None
    transaction: _Transaction | None = None
    end_line = None
    for line, code, record in records[1:]:
        if end_line is not None:
            raise FormatError(
                "records after the transmission end (NY000089)", line=line, field="record type"
            )
        if current is None and code not in ("20", "89"):
            raise FormatError("a record outside an assignment", line=line, field="record type")
        if current is not None and record.service_code != current.start.service_code:
            raise FormatError(
                f"service code {record.service_code:02d} in an assignment of service code "
                f"{current.start.service_code:02d}",
                line=line,
                field="service code",
            )
        if code == "30":
            transaction = _Transaction(line, record)
            current.transactions.append(transaction)
        elif code in ("31", "32", "49"):
            number = record.transaction_number
            if transaction is None or transaction.item1.transaction_number != number:
                raise FormatError(
                    f"transaction number {record.transaction_number} does not continue the "
                    "transaction before it",
                    line=line,
                    field="transaction number",
                )
            if code == "31":
                transaction.item2 = record
            elif code == "32":
                transaction.item3 = record
            # specification records (49) are text for the payer only
        elif code == "70":
            current.agreements.append((line, record))
        elif code == "20":
            if current is not None:
                raise FormatError(
                    "an assignment starts before the previous one ended",
                    line=line,
                    field="record type",
                )
            current = _Assignment(line, record)
            continue
        elif code == "88":
            _check_end(record, line, current.count, current.records, current.total, "assignment")
            assignments.append(current)
            current = transaction = None
            continue
        else:  # "89"
            if current is not None:
                raise FormatError(
                    f"the transmission ends inside the assignment of line {current.line}",
                    line=line,
                    field="record type",
                )
            _check_end(
                record,
                line,
                sum(a.count for a in assignments),
                sum(a.records for a in assignments) + 2,
                sum(a.total for a in assignments),
                "transmission",
            )
            end_line = line
            continue
        current.records += 1
    if end_line is None:
        raise FormatError(
            "the file ends without its transmission end record (NY000089): it is incomplete",
            line=records[-1][0],
        )
    return assignments


_SERVICES = {0: "none", 9: "OCR giro", 21: "AvtaleGiro"}
# the transaction type of an OCR giro transaction that is a claim AvtaleGiro collected
AVTALEGIRO_SETTLEMENT = f"{int(netsgiro.TransactionType.FROM_AVTALEGIRO):02d}"


def _from_nets(records: list[tuple[int, str, nr.Record]], what: str) -> None:
    """Files from Nets name Nets as their data transmitter; a file with Nets as its data
    recipient is one a customer sends to Nets (AvtaleGiro claims and cancellations)."""
    if not records or records[0][1] != "10":
        return  # _assignments says what is missing
    line, _code, start = records[0]
    if start.data_transmitter != netsgiro.NETS_ID:
        to_nets = start.data_recipient == netsgiro.NETS_ID
        raise FormatError(
            f"the file was sent by data transmitter {start.data_transmitter}"
            + (
                " to Nets: it is a file to Nets (such as AvtaleGiro claims), "
                if to_nets
                else f" to {start.data_recipient}, not by Nets ({netsgiro.NETS_ID}): "
            )
            + f"not {what} from Nets",
            line=line,
            field="data transmitter",
        )


def _service(assignment: _Assignment, service: ServiceCode, kind: AssignmentType, what: str):
    start = assignment.start
    if start.service_code != service or start.assignment_type != kind:
        code, type_ = int(start.service_code), int(start.assignment_type)
        raise FormatError(
            f"an assignment of service code {code:02d} "
            f"({_SERVICES.get(code, 'unknown')}), assignment type {type_:02d}: {what} are "
            f"service code {int(service):02d}, assignment type {int(kind):02d}",
            line=assignment.line,
            field="service code",
        )


@gc_paused()
def incoming_payments(data: bytes | str) -> list[IncomingPayment]:
    """The payments of an OCR giro file (konteringsdata), AvtaleGiro settlements included
    (they come as OCR giro transactions of type 15, :data:`AVTALEGIRO_SETTLEMENT`: the
    ``transaction_type`` of each payment). Refuses any other file: one sent to Nets
    (AvtaleGiro claims), or assignments of another service than OCR giro.

    ``unique_id`` is ``NETS:<agreement id>:<assignment number>:<transaction number>``:
    Nets numbers assignments uniquely per agreement, and transactions within them.
    """
    result = []
    append = result.append
    records = parse_records(data)
    _from_nets(records, "payments received")
    for assignment in _assignments(records):
        if assignment.agreements:
            raise FormatError(
                "an agreement record in a payment file",
                line=assignment.agreements[0][0],
                field="record type",
            )
        _service(assignment, ServiceCode.OCR_GIRO, AssignmentType.TRANSACTIONS, "payments received")
        start = assignment.start
        prefix = f"NETS:{start.agreement_id}:{start.assignment_number}"
        for transaction in assignment.transactions:
            item1, item2, item3 = transaction.item1, transaction.item2, transaction.item3
            kid = item1.kid or ""
            append(
                IncomingPayment(
                    item1.nets_date,
                    transaction.signed_amount,
                    "NOK",
                    kid,
                    ReferenceKind.KID if kid else ReferenceKind.NONE,
                    f"{prefix}:{item1.transaction_number}",
                    transaction.line,
                    payer_account=(item2.debit_account or "").lstrip("0") if item2 else "",
                    references=(kid,) if kid else (),
                    message=(item3.text or "").strip() if item3 else "",
                    receiving_account=start.assignment_account,
                    transaction_type=f"{int(item1.transaction_type):02d}",
                )
            )
    return result


@gc_paused()
def avtalegiro_mandates(data: bytes | str) -> list[Mandate]:
    """The agreements of an AvtaleGiro agreement (FBO) file from Nets.

    Registration type 0 (all active agreements) and 1 (new or changed) give an active
    mandate, 2 (deleted) a cancelled one; ``notify`` is the payer's wish for a notice
    from the bank.
    """
    mandates = []
    records = parse_records(data)
    _from_nets(records, "AvtaleGiro agreements")
    for assignment in _assignments(records):
        if assignment.transactions:
            raise FormatError(
                "a payment in an agreement file",
                line=assignment.transactions[0].line,
                field="record type",
            )
        _service(
            assignment,
            ServiceCode.AVTALEGIRO,
            AssignmentType.AVTALEGIRO_AGREEMENTS,
            "AvtaleGiro agreements",
        )
        for line, agreement in assignment.agreements:
            status = (
                MandateStatus.CANCELLED
                if agreement.registration_type == AvtaleGiroRegistrationType.DELETED_AGREEMENT
                else MandateStatus.ACTIVE
            )
            mandates.append(
                Mandate(
                    payer_reference=agreement.kid or "",
                    status=status,
                    source_line=line,
                    payee_account=assignment.start.assignment_account,
                    info_code=str(int(agreement.registration_type)),
                    notify=agreement.notify,
                    extra={"serial": str(agreement.transaction_number)},
                )
            )
    return mandates


# -- AvtaleGiro files to Nets ---------------------------------------------------------------
_OSLO = ZoneInfo("Europe/Oslo")  # Nets' cut-off times are Norwegian time


def earliest_due_date(now: datetime.datetime) -> datetime.date:
    """The earliest due date of an AvtaleGiro claim sent to Nets at ``now``.

    ``now`` is converted to Oslo time when it is timezone-aware; a naive ``now`` is Oslo
    time. The rule is netsgiro's (2.0, ``netsgiro.utils.get_minimum_due_date``: the
    AvtaleGiro specification asks for at least 4 calendar days' notice, holidays not
    counted, and Nets' cut-off is 14:00), with the Norwegian calendar of
    :mod:`nordic_formats.bankdays` in place of the optional ``holidays`` package:

    * 4 days after today, 5 when ``now`` is 14:00 or later (files Nets receives after its
      14:00 cut-off are processed the next day);
    * plus one day for each Norwegian bank holiday among the days from today counted in
      the step before (today included, the day reached excluded), whatever its weekday;
    * plus, on a Saturday or Sunday, the days to Monday (Nets processes files on weekdays).

    The result may itself be a weekend day or a holiday, which the rule allows; the
    payer's bank then debits on the next bank day (``bankdays.next_bank_day(due, "NO")``,
    never earlier; so payees tell their payers, e.g. Bluestep: "Skulle forfallsdatoen
    lande på en lørdag, søndag eller rød dag, vil AvtaleGiroen bli trukket førstkommende
    virkedag"). Claims notified by the payer's bank (``bank_notification``)
    have a longer, monthly deadline of their own (Nets, "AvtaleGiro User Manual" v3.1, 4.1
    "Submission and notification deadlines": 14:00 on the last working day of the month
    for due dates from the 15th of the next month to the 14th of the one after):
    :func:`earliest_due_date_notified`.

    netsgiro checks a claim's due date against its own rule only when asked
    (``add_payment_request(validate_due_date=True)``); :func:`avtalegiro_claims` does not
    ask. Without the ``holidays`` package (not a dependency here) its rule counts no
    holidays, so its minimum is never later than this one. With it, netsgiro would count
    that package's Norwegian holidays, Easter Day and Whitsunday among them, and could ask
    for a day more (a claim sent on the Thursday before Whitsun).
    """
    if not isinstance(now, datetime.datetime):
        raise TypeError(f"a date and time is needed, not {now!r}")
    if now.tzinfo is not None:
        now = now.astimezone(_OSLO)
    today = now.date()
    days = 4 if now.hour < 14 else 5
    days += sum(
        1
        for day in (today + datetime.timedelta(days=offset) for offset in range(days))
        if day in bank_holidays(day.year, "NO")
    )
    if today.weekday() >= 5:
        days += 7 - today.weekday()
    return today + datetime.timedelta(days=days)


def earliest_due_date_notified(now: datetime.datetime) -> datetime.date:
    """The earliest due date of an AvtaleGiro claim the payer's bank notifies the payer of
    (``bank_notification``), sent to Nets at ``now`` (Oslo time when naive).

    Nets' monthly deadline (Nets, "AvtaleGiro User Manual" v3.1, 4.1 "Submission and
    notification deadlines"): claims with notification by the bank delivered by 14:00 on
    the last working day of a month are for due dates from the 15th of the next month;
    after that, from the 15th of the month after. Working days are Norwegian bank days.
    """
    if not isinstance(now, datetime.datetime):
        raise TypeError(f"a date and time is needed, not {now!r}")
    if now.tzinfo is not None:
        now = now.astimezone(_OSLO)
    today = now.date()
    first_of_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    deadline = first_of_next - datetime.timedelta(days=1)
    while not is_bank_day(deadline, "NO"):
        deadline -= datetime.timedelta(days=1)
    in_time = today < deadline or (today == deadline and now.hour < 14)
    month = first_of_next if in_time else (first_of_next + datetime.timedelta(days=31))
    return month.replace(day=15)


@dataclass(frozen=True, slots=True)
class Claim:
    """One AvtaleGiro payment claim (or the cancellation of one)."""

    kid: str
    due_date: datetime.date
    amount: Decimal  # NOK
    payer_name: str = ""  # abbreviated to 10 characters by Nets
    reference: str = ""  # shown on the payer's statement (25)
    bank_notification: bool | str = False  # True/text: the bank notifies the payer (type 21)


def avtalegiro_claims(
    claims: Iterable[Claim],
    *,
    customer_id: str,
    transmission_number: str,
    assignment_number: str,
    account: str,
    cancellations: Iterable[Claim] = (),
    cancellation_assignment_number: str = "",
) -> str:
    """A transmission to Nets with one claim assignment and, when given, one cancellation
    assignment (NY2100/NY2136). Each string argument is the field as Nets issued it; the
    cancellation assignment is numbered ``assignment_number`` when it is the only one,
    ``cancellation_assignment_number`` (another number: Nets refuses an assignment number
    twice) when it follows claims."""
    claims, cancellations = list(claims), list(cancellations)
    if claims and cancellations and cancellation_assignment_number in ("", assignment_number):
        raise ValueError(
            "a transmission with claims and cancellations needs another assignment number "
            "for the cancellations"
        )
    transmission = netsgiro.Transmission(
        number=transmission_number, data_transmitter=customer_id, data_recipient=netsgiro.NETS_ID
    )
    for assignment_type, items, add, number in (
        (
            netsgiro.AssignmentType.TRANSACTIONS,
            claims,
            "add_payment_request",
            assignment_number,
        ),
        (
            netsgiro.AssignmentType.AVTALEGIRO_CANCELLATIONS,
            cancellations,
            "add_payment_cancellation",
            cancellation_assignment_number if claims else assignment_number,
        ),
    ):
        if not items:
            continue
        assignment = transmission.add_assignment(
            service_code=netsgiro.ServiceCode.AVTALEGIRO,
            assignment_type=assignment_type,
            number=number,
            account=account,
        )
        for claim in items:
            getattr(assignment, add)(
                kid=claim.kid,
                due_date=claim.due_date,
                amount=claim.amount,
                reference=claim.reference or None,
                payer_name=claim.payer_name or None,
                bank_notification=claim.bank_notification,
            )
    return transmission.to_ocr()
