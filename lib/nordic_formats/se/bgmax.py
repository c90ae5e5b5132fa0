"""BgMax: Bankgirot's file of incoming Bankgiro payments (Bankgiro Inbetalningar).

Source: Bankgirot, "Bankgiro Inbetalningar, Teknisk manual" / Autogiro technical manual
§10 (record layouts, tables 2-17); formats.md §2. Fixed 80-character records; the record
type (transaktionskod, TK) is in positions 1-2:

======  =====================================================  =======================
TK01    start: layout "BGMAX", version, timestamp, test mark   :class:`Header`
TK05    opens a section: receiving bankgiro, PlusGiro, currency :class:`Section`
TK20    payment                                                :class:`Payment`
TK21    deduction (a negative payment)                         :class:`Payment`
TK22    extra reference, positive amount                       :class:`ExtraReference`
TK23    extra reference, negative amount                       :class:`ExtraReference`
TK25    information text (repeatable)
TK26-29 payer name, address, town and country, org number
TK15    deposit: closes the section with its totals            :class:`Section`
TK70    end: file-wide record counts
======  =====================================================  =======================

Every total is checked; unknown record types are ignored as the manual requires.
:func:`parse` gives the typed file, :func:`incoming_payments` the normalised payments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .._records import date as parse_date
from .._records import gc_paused, iter_records
from .._records import number as parse_number
from ..exceptions import FormatError, TotalsMismatch
from ..payments import IncomingPayment, ReferenceKind

# Reference codes (table 5)
REF_NONE = "0"  # no reference; extra references may follow (extended form registration)
REF_NONE_NO_AGREEMENT = "1"
REF_OCR = "2"  # correct OCR reference (right-aligned)
REF_SEVERAL_OR_WRONG = "3"  # one wrong reference, or several (the correct ones follow as TK22)
REF_FORM_CORRECT = "4"
REF_FORM_WRONG = "5"
REFERENCE_CODES = frozenset("012345")
CHANNEL_AUTOGIRO = "4"  # payment channel (table 6): 1 bank, 2 LB, 3 paper form, 4 Autogiro


@dataclass(slots=True)
class Header:
    """TK01."""

    version: str
    created: datetime.datetime
    test: bool


@dataclass(slots=True)
class ExtraReference:
    """TK22 (positive) or TK23 (negative amount): another reference of the payment."""

    reference: str
    amount: int  # öre, negative for TK23
    reference_code: str
    line: int


@dataclass(slots=True)
class Payer:
    """TK26-TK29: who paid, when the bank knows it."""

    name: str = ""
    extra_name: str = ""
    address: str = ""
    postal_code: str = ""
    town: str = ""
    country: str = ""
    country_code: str = ""
    org_no: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.extra_name}".strip()

    @property
    def full_address(self) -> str:
        town = f"{self.postal_code} {self.town}".strip()
        return ", ".join(filter(None, (self.address, town, self.country)))


@dataclass(slots=True)
class Payment:
    """TK20 (payment) or TK21 (deduction) with its TK22-TK29 records."""

    line: int
    deduction: bool
    payer_bankgiro: str  # "" when unknown
    reference: str
    amount: int  # öre, always positive; a deduction reduces the deposit
    reference_code: str
    channel: str  # 1 bank, 2 LB, 3 paper form, 4 Autogiro
    bgc_serial: str
    image: bool
    deduction_code: str = ""
    # tuples, grown by the parser: most payments have none, and an empty tuple costs nothing
    extra_references: tuple[ExtraReference, ...] = ()
    information: tuple[str, ...] = ()
    payer: Payer | None = None

    @property
    def signed_amount(self) -> int:
        return -self.amount if self.deduction else self.amount


@dataclass(slots=True)
class Section:
    """A TK05 ... TK15 section: the payments of one deposit on one bankgiro number."""

    line: int
    bankgiro: str
    plusgiro: str
    currency: str
    payments: list[Payment] = field(default_factory=list)
    account: str = ""
    date: datetime.date | None = None
    serial: str = ""
    amount: int = 0
    count: int = 0
    deposit_type: str = ""


@dataclass(slots=True)
class BgMaxFile:
    header: Header
    sections: list[Section]

    @property
    def payments(self) -> list[Payment]:
        return [payment for section in self.sections for payment in section.payments]


def _header(record: str, line: int) -> Header:
    if record[2:22].strip() != "BGMAX":
        raise FormatError(
            f"layout name is {record[2:22].strip()!r}, not BGMAX", line=line, field="layout"
        )
    stamp = record[24:44]
    try:
        if not stamp.isdigit():
            raise ValueError
        created = datetime.datetime.strptime(stamp[:14], "%Y%m%d%H%M%S").replace(
            microsecond=int(stamp[14:])
        )
    except ValueError:
        raise FormatError(f"{stamp!r} is not a timestamp", line=line, field="timestamp") from None
    if record[44] not in "PT":
        raise FormatError(
            f"test mark {record[44]!r} is neither P nor T", line=line, field="test mark"
        )
    return Header(version=record[22:24], created=created, test=record[44] == "T")


def _payment(record: str, line: int, deduction: bool) -> Payment:
    # the hot path of the parser: positional arguments, inline checks
    reference_code = record[55]
    if reference_code not in REFERENCE_CODES:
        raise FormatError(
            f"unknown reference code {reference_code!r}", line=line, field="reference code"
        )
    amount = record[37:55]
    if not amount.isdigit():
        raise FormatError(f"{amount.strip()!r} is not a number", line=line, field="amount")
    return Payment(
        line,
        deduction,
        record[2:12].strip().lstrip("0"),
        record[12:37].strip(),
        int(amount),
        reference_code,
        record[56],
        record[57:69].strip(),
        record[69] == "1",
        record[70].strip() if deduction else "",
    )


@gc_paused()
def parse(data: bytes | str) -> BgMaxFile:
    """Read a BgMax file; raises :class:`FormatError` (or :class:`TotalsMismatch`) naming
    the line and field of the first problem."""
    records = iter_records(data)
    first_line, first = next(records, (None, ""))
    if first_line is None:
        raise FormatError("the file is empty")
    if first[:2] != "01":
        raise FormatError(
            "a BgMax file starts with a TK01 record", line=first_line, field="record type"
        )
    header = _header(first, first_line)
    sections: list[Section] = []
    section: Section | None = None
    payment: Payment | None = None
    end_line = None

    line = first_line
    for line, record in records:
        tk = record[:2]
        if end_line is not None:
            raise FormatError("records after the end record (TK70)", line=line, field="record type")
        if tk == "20" or tk == "21":
            if section is None:
                raise FormatError(
                    f"TK{tk} outside a section (no TK05 before it)", line=line, field="record type"
                )
            payment = _payment(record, line, tk == "21")
            section.payments.append(payment)
        elif tk in ("22", "23", "25", "26", "27", "28", "29"):
            if payment is None:
                raise FormatError(
                    f"TK{tk} does not follow a payment", line=line, field="record type"
                )
            if tk == "22" or tk == "23":
                amount = parse_number(record, 37, 55, line, "amount")
                payment.extra_references += (
                    ExtraReference(
                        reference=record[12:37].strip(),
                        amount=-amount if tk == "23" else amount,
                        reference_code=record[55],
                        line=line,
                    ),
                )
            elif tk == "25":
                payment.information += (record[2:52].strip(),)
            elif tk == "26":
                payer = payment.payer = payment.payer or Payer()
                payer.name, payer.extra_name = record[2:37].strip(), record[37:72].strip()
            elif tk == "27":
                payer = payment.payer = payment.payer or Payer()
                payer.address, payer.postal_code = record[2:37].strip(), record[37:46].strip()
            elif tk == "28":
                payer = payment.payer = payment.payer or Payer()
                payer.town, payer.country = record[2:37].strip(), record[37:72].strip()
                payer.country_code = record[72:74].strip()
            else:
                payer = payment.payer = payment.payer or Payer()
                payer.org_no = record[2:14].strip().lstrip("0")
        elif tk == "05":
            if section is not None:
                raise FormatError(
                    "TK05 opens a section before the previous one was closed by TK15",
                    line=line,
                    field="record type",
                )
            section = Section(
                line=line,
                bankgiro=record[2:12].strip().lstrip("0"),
                plusgiro=record[12:22].strip().lstrip("0"),
                currency=record[22:25],
            )
            payment = None
        elif tk == "15":
            if section is None:
                raise FormatError(
                    "TK15 without a section (no TK05 before it)", line=line, field="record type"
                )
            _close_section(section, record, line)
            sections.append(section)
            section = payment = None
        elif tk == "70":
            if section is not None:
                raise FormatError(
                    "the end record (TK70) comes before the section of line "
                    f"{section.line} was closed by TK15",
                    line=line,
                    field="record type",
                )
            _check_end(record, line, sections)
            end_line = line
        elif tk == "01":
            raise FormatError("a second start record (TK01)", line=line, field="record type")
        # any other record type is ignored, as the manual requires

    if end_line is None:
        raise FormatError(
            "the file ends without its end record (TK70): it is incomplete", line=line
        )
    return BgMaxFile(header=header, sections=sections)


def _close_section(section: Section, record: str, line: int) -> None:
    section.account = record[2:37].strip().lstrip("0")
    section.date = parse_date(record[37:45], line, "payment date")
    section.serial = record[45:50]
    section.amount = parse_number(record, 50, 68, line, "deposit amount")
    section.count = parse_number(record, 71, 79, line, "number of payments")
    section.deposit_type = record[79].strip()
    if record[68:71] != section.currency:
        raise FormatError(
            f"deposit currency {record[68:71]!r} differs from the section's "
            f"{section.currency!r} (line {section.line})",
            line=line,
            field="currency",
        )
    total = sum(payment.signed_amount for payment in section.payments)
    if total != section.amount:
        raise TotalsMismatch(
            f"deposit amount {section.amount / 100:.2f} but the payments add up to "
            f"{total / 100:.2f}",
            line=line,
            field="deposit amount",
        )
    if len(section.payments) != section.count:
        raise TotalsMismatch(
            f"deposit says {section.count} payments, the section has {len(section.payments)}",
            line=line,
            field="number of payments",
        )
    for payment in section.payments:
        split = [extra.amount for extra in payment.extra_references]
        if any(split) and sum(split) != payment.amount:
            raise TotalsMismatch(
                f"the extra references add up to {sum(split) / 100:.2f}, the "
                f"payment is {payment.amount / 100:.2f}",
                line=payment.line,
                field="amount",
            )


def _check_end(record: str, line: int, sections: list[Section]) -> None:
    payments = [payment for section in sections for payment in section.payments]
    deductions = sum(payment.deduction for payment in payments)
    counts = {
        "20": len(payments) - deductions,
        "21": deductions,
        "22": sum(len(payment.extra_references) for payment in payments),
        "15": len(sections),
    }
    for start, end, key, name in (
        (2, 10, "20", "number of payment records"),
        (10, 18, "21", "number of deduction records"),
        (18, 26, "22", "number of extra reference records"),
        (26, 34, "15", "number of deposit records"),
    ):
        stated = parse_number(record, start, end, line, name)
        # Autogiro's BgMax variant writes zeros for the counts it does not use
        if stated != counts[key] and not (stated == 0 and key in ("21", "22")):
            raise TotalsMismatch(
                f"the end record says {stated}, the file has {counts[key]}", line=line, field=name
            )


# Autogiro payments carry the payee's own reference from the payment order with code 2,
# but the bank has not checked it as an OCR reference (formats.md §1.3)
_ocr_kinds = {False: ReferenceKind.OCR, True: ReferenceKind.TEXT}


def _references(payment: Payment) -> tuple[ReferenceKind, tuple[str, ...]]:
    """The references a payment can be matched on, the checked OCR references first."""
    correct = [
        extra.reference
        for extra in payment.extra_references
        if extra.reference and extra.reference_code == REF_OCR
    ]
    if payment.reference_code == REF_OCR and payment.reference:
        kind = _ocr_kinds[payment.channel == CHANNEL_AUTOGIRO]
        return kind, tuple(dict.fromkeys([payment.reference, *correct]))
    if correct:
        return ReferenceKind.OCR, tuple(dict.fromkeys(correct))
    given = payment.reference.replace(",", " ").split()
    given += [extra.reference for extra in payment.extra_references if extra.reference]
    if given:
        return ReferenceKind.TEXT, tuple(dict.fromkeys(given))
    return ReferenceKind.NONE, ()


@gc_paused()
def incoming_payments(bgmax: BgMaxFile) -> list[IncomingPayment]:
    """The normalised payments of a parsed file.

    ``unique_id`` is ``BGMAX:<receiving bankgiro>:<deposit date>:<deposit serial>:<n>``
    (n: the payment's place in its deposit; the deposit serial number is unique per
    bankgiro number and year), stable whichever file delivers the deposit.
    ``transaction_type`` is the payment channel: ``CHANNEL_AUTOGIRO`` ("4") for a debit
    Autogiro made (the payment specification in its BgMax form).
    """
    result = []
    for section in bgmax.sections:
        prefix = f"BGMAX:{section.bankgiro}:{section.date:%Y%m%d}:{section.serial}"
        for ordinal, payment in enumerate(section.payments, 1):
            allocations = ()
            if (
                payment.reference_code == REF_OCR
                and payment.reference
                and not payment.extra_references
            ):
                kind, references = (
                    _ocr_kinds[payment.channel == CHANNEL_AUTOGIRO],
                    (payment.reference,),
                )
            else:
                kind, references = _references(payment)
                allocations = tuple(
                    (extra.reference, extra.amount)
                    for extra in payment.extra_references
                    if extra.amount
                )
            payer = payment.payer
            result.append(
                IncomingPayment(
                    section.date,
                    -payment.amount if payment.deduction else payment.amount,
                    section.currency,
                    references[0] if references else "",
                    kind,
                    f"{prefix}:{ordinal}",
                    payment.line,
                    payer.full_name if payer else "",
                    payment.payer_bankgiro,
                    payer.org_no if payer else "",
                    payer.full_address if payer else "",
                    references,
                    allocations,
                    "\n".join(payment.information) if payment.information else "",
                    section.bankgiro,
                    payment.channel,
                )
            )
    return result


def write(bgmax: BgMaxFile) -> str:
    """The file as text (80-character records, CRLF), with the deposit and end totals
    computed from the payments. Bankgirot writes these files, not payees: this is for
    tests, benchmarks and demo data."""
    header = bgmax.header
    stamp = header.created.strftime("%Y%m%d%H%M%S") + f"{header.created.microsecond:06d}"
    lines = [f"01{'BGMAX':<20}{header.version:>2}{stamp}{'T' if header.test else 'P'}".ljust(80)]
    counts = {"20": 0, "21": 0, "22": 0, "15": 0}
    for section in bgmax.sections:
        plusgiro = f"{section.plusgiro:0>10}" if section.plusgiro else " " * 10
        lines.append(f"05{section.bankgiro:0>10}{plusgiro}{section.currency}".ljust(80))
        for payment in section.payments:
            tk = "21" if payment.deduction else "20"
            counts[tk] += 1
            lines.append(
                _amount_record(
                    tk,
                    payment.payer_bankgiro,
                    payment.reference,
                    payment.amount,
                    payment.reference_code,
                    payment.channel,
                    payment.bgc_serial,
                    payment.image,
                    payment.deduction_code,
                )
            )
            for extra in payment.extra_references:
                lines.append(
                    _amount_record(
                        "23" if extra.amount < 0 else "22",
                        payment.payer_bankgiro,
                        extra.reference,
                        abs(extra.amount),
                        extra.reference_code,
                        payment.channel,
                        payment.bgc_serial,
                        payment.image,
                        "",
                    )
                )
            lines.extend(f"25{text:<50}".ljust(80) for text in payment.information)
            payer = payment.payer or Payer()
            if payer.name or payer.extra_name:
                lines.append(f"26{payer.name:<35}{payer.extra_name:<35}".ljust(80))
            if payer.address or payer.postal_code:
                lines.append(f"27{payer.address:<35}{payer.postal_code:<9}".ljust(80))
            if payer.town or payer.country or payer.country_code:
                lines.append(
                    f"28{payer.town:<35}{payer.country:<35}{payer.country_code:<2}".ljust(80)
                )
            if payer.org_no:
                lines.append(f"29{payer.org_no:0>12}".ljust(80))
        counts["15"] += 1
        amount = sum(payment.signed_amount for payment in section.payments)
        if amount < 0:
            raise ValueError(f"the deductions of deposit {section.serial} exceed its payments")
        lines.append(
            f"15{section.account:0>35}{section.date:%Y%m%d}{section.serial:0>5}{amount:018d}"
            f"{section.currency}{len(section.payments):08d}{section.deposit_type or ' '}"
        )
    lines.append(
        f"70{counts['20']:08d}{counts['21']:08d}{counts['22']:08d}{counts['15']:08d}".ljust(80)
    )
    return "\r\n".join(lines) + "\r\n"


def deposit_file(
    bankgiro: str,
    date: datetime.date,
    payments: list[tuple[str, int]],
    *,
    serial: int = 1,
    channel: str = "1",
    created: datetime.datetime | None = None,
    account: str = "3690002510",
    test: bool = False,
) -> bytes:
    """A BgMax file of one deposit on ``bankgiro`` on ``date``: one payment with a correct
    OCR reference per ``(reference, amount in öre)``, made through ``channel`` (Autogiro's
    BgMax form: ``CHANNEL_AUTOGIRO``), as Latin-1 bytes; ``test``: marked as a test file.
    The payments' serials are unique per ``serial`` (the deposit's number), as the bank's
    are. For tests and demo data."""
    section = Section(
        line=0,
        bankgiro=bankgiro,
        plusgiro="",
        currency="SEK",
        payments=[
            Payment(
                line=0,
                deduction=False,
                payer_bankgiro="",
                reference=reference,
                amount=amount,
                reference_code=REF_OCR,
                channel=channel,
                bgc_serial=f"{serial:06d}{index:06d}",
                image=False,
            )
            for index, (reference, amount) in enumerate(payments, start=1)
        ],
        account=account,
        date=date,
        serial=f"{serial:05d}",
    )
    created = created or datetime.datetime.combine(date, datetime.time(6, 30))
    header = Header(version="01", created=created, test=test)
    return write(BgMaxFile(header=header, sections=[section])).encode("latin-1")


def _amount_record(
    tk, payer, reference, amount, code, channel, serial, image, deduction_code
) -> str:
    # OCR references (code 2) are right-aligned, others left-aligned (table 5)
    reference = f"{reference:>25}" if code == REF_OCR else f"{reference:<25}"
    return (
        f"{tk}{payer:0>10}{reference}{amount:018d}{code}{channel}{serial:<12}"
        f"{'1' if image else '0'}{deduction_code or ' '}"
    ).ljust(80)
