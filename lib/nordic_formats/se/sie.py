"""SIE 4: the Swedish bookkeeping exchange format (types 1-4, 4E export and 4I import).

Source: SIE-gruppen, "SIE filformat, utgåva 4C" (2008; format identical to 4B): records
§5, mandatory labels per type §6, checksum §10, labels §11-12; formats.md §7.

* :func:`write_lines` yields the lines of a file from a :class:`SieFile` whose
  ``vouchers`` may be any iterable (a generator from a database cursor): memory does not
  depend on the number of vouchers. :func:`write` encodes them to CP437 (``#FORMAT PC8``)
  into a binary stream, optionally with the ``#KSUMMA`` CRC-32.
* :func:`read` parses types 1-4 (4E and 4I), tolerant of the encodings real files use
  (declared CP437 but UTF-8 or Latin-1 found), unquoted names with blanks, literal
  backslashes, blank lines, TABs; it refuses unbalanced or empty vouchers, non-numeric
  account numbers, malformed fields and amounts, broken structure, missing mandatory
  labels, fiscal years (#RAR) that do not follow one another, a wrong or missing
  ``#KSUMMA`` and, in a file without ``#KSUMMA``, a last line without its line break (a
  possible cut), naming the line. Where nothing is lost (an informational label in an
  unexpected format, a date written YYMMDD) it reads on and lists a warning in
  ``SieFile.warnings``; ``SieFile.completeness_proven`` says whether a ``#KSUMMA``
  proved the file whole.

Amounts are Decimals, debit positive and credit negative, as in the files.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from .._records import date as parse_date
from .._records import gc_paused, split_lines
from ..exceptions import FormatError, FormatWarning

Objects = tuple[tuple[str, str], ...]  # ((dimension, object code), ...)


@dataclass(frozen=True, slots=True)
class FiscalYear:
    index: int  # 0 this year, -1 the year before, ...
    start: datetime.date
    end: datetime.date


@dataclass(slots=True)
class Account:
    number: str
    name: str
    type: str = ""  # T asset, S liability, K cost, I income
    sru: list[str] = field(default_factory=list)
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Dimension:
    number: int
    name: str
    parent: int | None = None  # #UNDERDIM


@dataclass(frozen=True, slots=True)
class Object:
    dimension: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Balance:
    """#IB, #UB, #RES (``objects`` empty) and #OIB, #OUB (with one object)."""

    kind: str
    year: int
    account: str
    amount: Decimal
    quantity: Decimal | None = None
    objects: Objects = ()


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    """#PSALDO and #PBUDGET: the balance of an account (and objects) for a month."""

    kind: str
    year: int
    period: str  # YYYYMM
    account: str
    amount: Decimal
    objects: Objects = ()
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Transaction:
    account: str
    amount: Decimal
    objects: Objects = ()
    date: datetime.date | None = None
    text: str = ""
    quantity: Decimal | None = None
    sign: str = ""
    kind: str = "TRANS"  # TRANS, RTRANS (added) or BTRANS (struck)


@dataclass(slots=True)
class Voucher:
    series: str
    number: str
    date: datetime.date
    text: str = ""
    registered: datetime.date | None = None
    sign: str = ""
    transactions: list[Transaction] = field(default_factory=list)
    line: int = field(default=0, compare=False)  # where it was read

    @property
    def balance(self) -> Decimal:
        # added rows (#RTRANS) are followed by an identical #TRANS, struck rows no longer count
        return sum((t.amount for t in self.transactions if t.kind == "TRANS"), Decimal(0))


@dataclass(slots=True)
class SieFile:
    company_name: str
    sie_type: int = 4
    flag: int = 0
    program: tuple[str, str] = ("nordic_formats", "1.0")
    generated: datetime.date | None = None
    generated_by: str = ""
    org_no: str = ""
    company_id: str = ""  # #FNR
    company_type: str = ""  # #FTYP
    address: tuple[str, ...] = ()  # contact, street, postal address, phone
    fiscal_years: list[FiscalYear] = field(default_factory=list)
    tax_year: int | None = None
    chart_type: str = ""  # #KPTYP, e.g. BAS2014
    currency: str = ""
    accounts: list[Account] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)
    objects: list[Object] = field(default_factory=list)
    balances: list[Balance] = field(default_factory=list)
    period_balances: list[PeriodBalance] = field(default_factory=list)
    vouchers: Iterable[Voucher] = field(default_factory=list)
    # set by read(): the file's #KSUMMA checksum was verified (without one, a file cut after
    # a complete line cannot be told from a whole one), and what was read although the
    # format wants it otherwise (the first says so when there is no #KSUMMA)
    completeness_proven: bool = field(default=False, compare=False)
    warnings: list[FormatWarning] = field(default_factory=list, compare=False)


# -- writing -----------------------------------------------------------------------------------
_NEEDS_QUOTES = re.compile(r'[\s"{}]|^$')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=8192)  # texts, series and object codes repeat in an export
def quote(value: str) -> str:
    """A field as written: quoted when it has blanks, quotes or braces, or is empty;
    control characters (not allowed, §5.7) become blanks. SIE escapes only the quote
    (``\\"``), so a backslash cannot end a quoted field: it is written as ``/`` there."""
    value = _CONTROL.sub(" ", value)
    if value.endswith("\\"):
        value = value[:-1] + "/"
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '\\"') + '"'
    return value


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


@functools.lru_cache(maxsize=4096)
def _date(value: datetime.date | None) -> str:
    return value.strftime("%Y%m%d") if value else '""'


def _objects(objects: Objects) -> str:
    return "{" + " ".join(f"{quote(str(dim))} {quote(code)}" for dim, code in objects) + "}"


def _optional(*fields: str) -> str:
    """Trailing empty fields are left out; empty ones before a present one are ``""``."""
    values = list(fields)
    while values and values[-1] in ("", '""'):
        values.pop()
    return "".join(" " + (v or '""') for v in values)


def write_lines(sie: SieFile) -> Iterator[str]:
    """The file's lines (without line ends), in the order of §5.12: flag, identification,
    chart of accounts, balances, vouchers."""
    yield f"#FLAGGA {sie.flag}"
    yield "#FORMAT PC8"
    yield f"#SIETYP {sie.sie_type}"
    yield f"#PROGRAM {quote(sie.program[0])} {quote(sie.program[1])}"
    generated_by = quote(sie.generated_by) if sie.generated_by else ""
    yield f"#GEN {_date(sie.generated or datetime.date.today())}{_optional(generated_by)}"
    if sie.company_id:
        yield f"#FNR {quote(sie.company_id)}"
    if sie.org_no:
        yield f"#ORGNR {quote(sie.org_no)}"
    if sie.company_type:
        yield f"#FTYP {quote(sie.company_type)}"
    if sie.address:
        yield "#ADRESS " + " ".join(quote(part) for part in sie.address)
    yield f"#FNAMN {quote(sie.company_name)}"
    for year in sie.fiscal_years:
        yield f"#RAR {year.index} {_date(year.start)} {_date(year.end)}"
    if sie.tax_year:
        yield f"#TAXAR {sie.tax_year}"
    if sie.chart_type:
        yield f"#KPTYP {quote(sie.chart_type)}"
    if sie.currency:
        yield f"#VALUTA {sie.currency}"
    for account in sie.accounts:
        yield f"#KONTO {account.number} {quote(account.name)}"
        if account.type:
            yield f"#KTYP {account.number} {account.type}"
        if account.unit:
            yield f"#ENHET {account.number} {quote(account.unit)}"
        for code in account.sru:
            yield f"#SRU {account.number} {code}"
    for dim in sie.dimensions:
        if dim.parent is None:
            yield f"#DIM {dim.number} {quote(dim.name)}"
        else:
            yield f"#UNDERDIM {dim.number} {quote(dim.name)} {dim.parent}"
    for obj in sie.objects:
        yield f"#OBJEKT {obj.dimension} {quote(obj.code)} {quote(obj.name)}"
    for bal in sie.balances:
        objects = f" {_objects(bal.objects)}" if bal.kind in ("OIB", "OUB") else ""
        quantity = f" {bal.quantity}" if bal.quantity is not None else ""
        yield f"#{bal.kind} {bal.year} {bal.account}{objects} {_amount(bal.amount)}{quantity}"
    for bal in sie.period_balances:
        quantity = f" {bal.quantity}" if bal.quantity is not None else ""
        yield (
            f"#{bal.kind} {bal.year} {bal.period} {bal.account} {_objects(bal.objects)} "
            f"{_amount(bal.amount)}{quantity}"
        )
    for voucher in sie.vouchers:
        yield (
            # voucher numbers are unique: plain digits skip the (cached) quoting
            f"#VER {quote(voucher.series)} "
            f"{voucher.number if voucher.number.isdigit() else quote(voucher.number)} "
            f"{_date(voucher.date)}"
            + _optional(
                quote(voucher.text) if voucher.text else "",
                _date(voucher.registered) if voucher.registered else "",
                quote(voucher.sign) if voucher.sign else "",
            )
        )
        yield "{"
        for t in voucher.transactions:  # the hot loop of a large export
            objects = _objects(t.objects) if t.objects else "{}"
            line = f"#{t.kind} {t.account} {objects} {t.amount:.2f}"
            if t.date or t.text or t.quantity is not None or t.sign:
                line += _optional(
                    _date(t.date) if t.date else "",
                    quote(t.text) if t.text else "",
                    str(t.quantity) if t.quantity is not None else "",
                    quote(t.sign) if t.sign else "",
                )
            yield line
        yield "}"


def _cp437_fallback(error: UnicodeEncodeError) -> tuple[str, int]:
    """Characters CP437 lacks: the letter without its accent when there is one, else ?."""
    char = error.object[error.start]
    base = unicodedata.normalize("NFKD", char)[0]
    try:
        base.encode("cp437")
    except UnicodeEncodeError:
        base = "?"
    return base, error.start + 1


codecs.register_error("sie_cp437", _cp437_fallback)


def write(
    stream: BinaryIO, sie: SieFile, *, checksum: bool = False, chunk_lines: int = 4096
) -> None:
    """Write the file to a binary stream in CP437 with CRLF line ends; with ``checksum``
    the records are enclosed by ``#KSUMMA`` and the last one carries the CRC-32 (§10),
    computed per chunk of lines (CRC-32 of a concatenation is the running CRC)."""
    lines = write_lines(sie)
    crc = 0
    buffer: list[str] = []
    covered: list[str] = []  # the checksummed text of the buffered records

    def flush() -> None:
        nonlocal crc
        if covered:
            crc = zlib.crc32("".join(covered).encode("cp437", "sie_cp437"), crc)
            covered.clear()
        if buffer:
            stream.write(("\r\n".join(buffer) + "\r\n").encode("cp437", "sie_cp437"))
            buffer.clear()

    for index, line in enumerate(lines):
        if checksum and index == 1:
            buffer.append("#KSUMMA")
        if checksum and index >= 1:
            covered.append(_checksum_text(line))
        buffer.append(line)
        if len(buffer) >= chunk_lines:
            flush()
    flush()
    if checksum:
        stream.write(f"#KSUMMA {crc}\r\n".encode("cp437"))


_BLANKS_AND_BRACES = str.maketrans("", "", " {}")


def _checksum_text(line: str) -> str:
    """The characters of a record that the checksum covers: the label and the field
    contents, without blanks between fields, enclosing quotes or braces (§10)."""
    unquoted = line.replace('""', "")  # empty fields add nothing
    if '"' not in unquoted and unquoted.isprintable():
        # no quoted text and no whitespace but blanks: blanks and braces can only be
        # separators (a field with a blank, quote or brace in it is quoted)
        return unquoted.translate(_BLANKS_AND_BRACES)
    return "".join(
        _field_text(token) for token in _TOKEN.finditer(line) if token.group(0) not in "{}"
    )


def _field_text(match: re.Match) -> str:
    if match.group("quoted") is not None:
        return match.group("quoted").replace('\\"', '"')
    if match.group("objects") is not None:
        return "".join(_field_text(m) for m in _TOKEN.finditer(match.group("objects")))
    return match.group("plain")


# -- reading -----------------------------------------------------------------------------------
# Fields are separated by blanks and TABs (§5.7): ASCII whitespace only, so that a Latin-1
# byte such as 0x85 or 0xA0 inside a text stays part of it
_TOKEN = re.compile(
    r'"(?P<quoted>(?:\\"|[^"])*)"|\{(?P<objects>[^}]*)\}|(?P<plain>[^\s"{}]+|[{}])', re.ASCII
)
_QUOTE = re.compile(r'(?<!\\)"')
_SWEDISH = frozenset("åäöÅÄÖéÉüÜ")
_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")  # §5.9: no +, no exponent, two decimals
_QUANTITY = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")
_BLANKS = " \t\x0b\x0c\x1a"  # around a record; 0x1A: the DOS end-of-file mark
_ACCOUNT_TYPES = frozenset("TSKI")
# mandatory in every type (§6); #SIETYP, #KONTO and #RAR depend on the type
_MANDATORY = ("FLAGGA", "FORMAT", "PROGRAM", "GEN", "FNAMN")
_BALANCES_4E = frozenset(("IB", "UB", "RES", "OIB", "OUB", "PSALDO", "PBUDGET"))  # not in 4I


def decode(data: bytes) -> str:
    """Text of a SIE file: UTF-8 when it is valid UTF-8, else whichever of CP437 (the
    declared #FORMAT PC8) and ISO-8859-1 yields more Swedish letters (CP437 on a tie)."""
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass  # not UTF-8: one of the 8-bit encodings below
    pc8, latin1 = data.decode("cp437"), data.decode("latin-1")
    if sum(c in _SWEDISH for c in latin1) > sum(c in _SWEDISH for c in pc8):
        return latin1
    return pc8


def _fields(line: str, number: int) -> tuple[str, list]:
    """The label and the fields of a record: strings, or lists of strings for object lists."""
    tokens = []
    for match in _TOKEN.finditer(line):
        if match.group("quoted") is not None:
            tokens.append(match.group("quoted").replace('\\"', '"'))
        elif match.group("objects") is not None:
            tokens.append([_field_text(m) for m in _TOKEN.finditer(match.group("objects"))])
        else:
            tokens.append(match.group("plain"))
    if len(_QUOTE.findall(line)) % 2:
        raise FormatError("a quoted field is not closed", line=number)
    return tokens[0], tokens[1:]


def _text(value, number: int, name: str) -> str:
    """A field that must be a single value, not an object list in braces."""
    if isinstance(value, str):
        return value
    raise FormatError(
        f"an object list {{{' '.join(value)}}} where a single value belongs",
        line=number,
        field=name,
    )


def _field(fields: list, index: int, number: int, name: str) -> str:
    return _text(fields[index], number, name) if len(fields) > index else ""


def _info(value, number: int, name: str, warnings: list[FormatWarning]) -> str:
    """An informational field: a text in braces is taken as its words, with a warning."""
    if isinstance(value, str):
        return value
    warnings.append(
        FormatWarning("a text in braces { }: read as its words", line=number, field=name)
    )
    return " ".join(value)


def _info_text(fields: list, number: int, name: str, warnings: list[FormatWarning]) -> str:
    """Informational fields read as one text (an unquoted name with blanks)."""
    return " ".join(_info(value, number, name, warnings) for value in fields)


def _decimal(value, number: int, name: str, pattern: re.Pattern = _AMOUNT) -> Decimal:
    if isinstance(value, str) and pattern.fullmatch(value):
        return Decimal(value)
    what = "an amount" if pattern is _AMOUNT else "a quantity"
    raise FormatError(
        f"{value!r} is not {what} (digits, a leading '-', a '.' and "
        f"{'at most two decimals' if pattern is _AMOUNT else 'decimals'})",
        line=number,
        field=name,
    )


def _quantity(fields: list, index: int, number: int) -> Decimal | None:
    value = fields[index] if len(fields) > index else ""
    return _decimal(value, number, "quantity", _QUANTITY) if value != "" else None


def _is_date(value) -> bool:
    return isinstance(value, str) and len(value) == 8 and value.isdigit()


def _sie_date(value, number: int, name: str, warnings: list[FormatWarning]) -> datetime.date:
    """A YYYYMMDD date (§5.10); YYMMDD is read too, with a warning (years 69-99 are 19xx,
    00-68 20xx, as POSIX reads two-digit years)."""
    value = _text(value, number, name)
    if len(value) == 6 and value.isdigit() and value.isascii():
        year = int(value[:2])
        full = f"{year + (1900 if year >= 69 else 2000)}{value[2:]}"
        date = parse_date(full, number, name)
        warnings.append(
            FormatWarning(
                f"the date {value} is written YYMMDD, not YYYYMMDD: read as {date.isoformat()}",
                line=number,
                field=name,
            )
        )
        return date
    return parse_date(value, number, name)


def _optional_date(
    fields: list, index: int, number: int, name: str, warnings: list[FormatWarning]
) -> datetime.date | None:
    value = fields[index] if len(fields) > index else ""
    return _sie_date(value, number, name, warnings) if value != "" else None


def _account(value, number: int) -> str:
    if not isinstance(value, str) or not value.isdigit() or not value.isascii():
        raise FormatError(f"account number {value!r} is not numeric", line=number, field="account")
    return value


def _object_pairs(value, number: int) -> Objects:
    if not isinstance(value, list) or len(value) % 2:
        raise FormatError(
            "an object list is pairs of dimension and object in braces",
            line=number,
            field="objects",
        )
    return tuple(zip(value[::2], value[1::2], strict=True))


def _need(fields: list, count: int, label: str, number: int) -> None:
    if len(fields) < count:
        raise FormatError(
            f"#{label} needs {count} fields, has {len(fields)}", line=number, field=label
        )


def _transaction(
    label: str, fields: list, number: int, warnings: list[FormatWarning]
) -> Transaction:
    count = len(fields)  # the hot loop of a large file: no call for an absent field
    if count < 3:
        _need(fields, 3, label, number)
    return Transaction(
        _account(fields[0], number),
        _decimal(fields[2], number, "amount"),
        _object_pairs(fields[1], number),
        _optional_date(fields, 3, number, "transaction date", warnings) if count > 3 else None,
        _text(fields[4], number, "transaction text") if count > 4 else "",
        _quantity(fields, 5, number) if count > 5 else None,
        _text(fields[6], number, "sign") if count > 6 else "",
        label,
    )


@gc_paused()
def read(data: bytes | str) -> SieFile:
    """Parse a SIE file of any type; raises :class:`FormatError` naming the line.

    The file must have the labels every SIE file has (§6). A file with ``#KSUMMA`` is
    proven complete by its checksum (``completeness_proven``); one without cannot be, and
    then its last record must end with a line break (a file cut in the middle of a line,
    in an amount, is refused). What was read although the format wants it otherwise is
    listed in ``warnings``.
    """
    text = decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    sie = SieFile(company_name="", program=("", ""), sie_type=1)  # type 1 without #SIETYP
    warnings = sie.warnings
    vouchers: list[Voucher] = []
    accounts: dict[str, Account] = {}
    seen: dict[str, int] = {}  # label -> line of its first occurrence
    years: dict[int, int] = {}  # #RAR year number -> line
    voucher: Voucher | None = None
    in_body = False
    checksum: int | None = None  # running CRC once the opening #KSUMMA was seen
    checksum_stated = None
    lines = split_lines(text)
    del text
    number = 0

    for number, raw in enumerate(lines, 1):
        line = raw.strip(_BLANKS)
        if not line:
            continue
        if line == "{":
            if voucher is None or in_body:
                raise FormatError("'{' does not follow a #VER", line=number)
            in_body = True
            continue
        if line == "}":
            if not in_body:
                raise FormatError("'}' without '{'", line=number)
            _check_voucher(voucher)
            vouchers.append(voucher)
            voucher, in_body = None, False
            continue
        if not line.startswith("#"):
            raise FormatError(
                f"a record starts with a label (#...), not {line[:20]!r}", line=number
            )
        label, fields = _fields(line, number)
        label = label[1:].upper()
        if label == "KSUMMA":
            checksum, checksum_stated = _ksumma(fields, number, checksum, checksum_stated)
            continue
        if checksum_stated is not None and checksum is not None:
            raise FormatError(
                "a record after the closing #KSUMMA: the checksum does not cover it",
                line=number,
                field=label,
            )
        if checksum is not None:
            checksum = zlib.crc32(_checksum_text(line).encode("cp437", "sie_cp437"), checksum)
        if voucher is not None and not in_body:
            raise FormatError("a #VER must be followed by '{'", line=number)
        if in_body:
            if label not in ("TRANS", "RTRANS", "BTRANS"):
                raise FormatError(f"#{label} inside a voucher", line=number, field=label)
            voucher.transactions.append(_transaction(label, fields, number, warnings))
            continue
        seen.setdefault(label, number)
        if label in ("TRANS", "RTRANS", "BTRANS"):
            raise FormatError(f"#{label} outside a voucher", line=number, field=label)
        if label == "VER":
            _need(fields, 3, label, number)
            if _is_date(fields[1]) and not _is_date(fields[2]):
                raise FormatError(
                    "the voucher series is missing (#VER series number date ...)",
                    line=number,
                    field="series",
                )
            voucher = Voucher(
                series=_text(fields[0], number, "series"),
                number=_text(fields[1], number, "voucher number"),
                date=_sie_date(fields[2], number, "voucher date", warnings),
                text=_field(fields, 3, number, "voucher text"),
                registered=_optional_date(fields, 4, number, "registration date", warnings),
                sign=_field(fields, 5, number, "sign"),
                line=number,
            )
            continue
        _read_record(sie, accounts, years, label, fields, number)

    if checksum is not None and checksum_stated is None:
        raise FormatError("the file has an opening #KSUMMA but no closing one: it is incomplete")
    if checksum is None:
        if lines and lines[-1].strip(_BLANKS):
            raise FormatError(
                "the last line has no line break and the file has no #KSUMMA: it may have "
                "been cut off in the middle of a record",
                line=len(lines),
            )
        warnings.append(
            FormatWarning(
                "the file has no #KSUMMA checksum: that it is complete cannot be proven",
                field="KSUMMA",
            )
        )
    if in_body or voucher is not None:
        raise FormatError(
            f"the voucher of line {voucher.line} is not closed with '}}': the file is incomplete",
            line=number,
        )
    if checksum is not None:
        line_no, stated = checksum_stated
        if not _INTEGER.fullmatch(stated):
            raise FormatError(f"#KSUMMA {stated!r} is not a number", line=line_no, field="KSUMMA")
        if int(stated) % 2**32 != checksum:
            raise FormatError(
                f"#KSUMMA says {stated}, the file's checksum is {checksum}",
                line=line_no,
                field="KSUMMA",
            )
        sie.completeness_proven = True
    _check_labels(sie, seen, bool(vouchers))
    _check_years(sie, years)
    sie.accounts = list(accounts.values())
    sie.vouchers = vouchers
    return sie


def _ksumma(fields: list, number: int, checksum: int | None, stated):
    """The opening ``#KSUMMA`` (no value) starts the CRC, the closing one carries it."""
    if not fields:
        if checksum is not None or stated is not None:
            raise FormatError("a #KSUMMA without its checksum", line=number, field="KSUMMA")
        return 0, None
    if stated is not None:
        raise FormatError("a second closing #KSUMMA", line=number, field="KSUMMA")
    return checksum, (number, _text(fields[0], number, "KSUMMA"))


def _check_labels(sie: SieFile, seen: dict[str, int], has_vouchers: bool) -> None:
    """The labels §6 makes mandatory: in every type, and per type."""
    if not seen and not has_vouchers:
        raise FormatError("the file has no SIE records: it is empty or not a SIE file")
    missing = [f"#{label}" for label in _MANDATORY if label not in seen]
    if missing:
        raise FormatError(
            f"{', '.join(missing)} missing: every SIE file has them (it may not be a SIE file)",
            field=missing[0][1:],
        )
    if has_vouchers and sie.sie_type != 4:
        raise FormatError(
            f"vouchers (#VER) in a SIE type {sie.sie_type} file: they belong in type 4"
            + ("" if "SIETYP" in seen else " (the file has no #SIETYP, which means type 1)"),
            line=seen["VER"],
            field="SIETYP",
        )
    # types 1-3 and 4E (a type 4 file with balances, which 4I files may not have)
    if sie.sie_type != 4 or not _BALANCES_4E.isdisjoint(seen):
        for label in ("KONTO", "RAR"):
            if label not in seen:
                kind = f"type {sie.sie_type}" if sie.sie_type != 4 else "4E (with balances)"
                raise FormatError(f"#{label} missing: a SIE {kind} file has it", field=label)


def _check_years(sie: SieFile, years: dict[int, int]) -> None:
    """#RAR 0, -1, -2, ... each ending the day before the next one starts."""
    by_index = {year.index: year for year in sie.fiscal_years}
    for index in sorted(by_index, reverse=True):
        if index == 0:
            continue
        later = by_index.get(index + 1)
        if later is None:
            raise FormatError(
                f"#RAR {index} without #RAR {index + 1}: the years must follow one another",
                line=years[index],
                field="RAR",
            )
        year = by_index[index]
        if year.end + datetime.timedelta(days=1) != later.start:
            raise FormatError(
                f"year {index} ends {year.end.isoformat()} and year {index + 1} starts "
                f"{later.start.isoformat()}: the years must follow one another without gap "
                "or overlap",
                line=years[index],
                field="RAR",
            )


def _check_voucher(voucher: Voucher) -> None:
    where = f"voucher {voucher.series} {voucher.number}".strip()
    if not voucher.transactions:
        raise FormatError(f"{where} has no transactions", line=voucher.line, field="VER")
    if voucher.balance != 0:
        raise FormatError(
            f"{where} does not balance: its transactions add up to {voucher.balance}",
            line=voucher.line,
            field="VER",
        )


def _read_record(
    sie: SieFile,
    accounts: dict[str, Account],
    years: dict[int, int],
    label: str,
    fields: list,
    number: int,
) -> None:
    warnings = sie.warnings
    if label == "FLAGGA":
        _need(fields, 1, label, number)
        flag = _text(fields[0], number, label)
        if flag not in ("0", "1"):
            raise FormatError(f"#FLAGGA {flag!r} is neither 0 nor 1", line=number, field=label)
        sie.flag = int(flag)
    elif label == "SIETYP":
        _need(fields, 1, label, number)
        sie_type = _text(fields[0], number, label)
        if sie_type not in ("1", "2", "3", "4"):
            raise FormatError(f"SIE type {sie_type!r} is not 1-4", line=number, field=label)
        sie.sie_type = int(sie_type)
    elif label == "FORMAT":
        value = _info_text(fields, number, label, warnings)
        if value.upper() != "PC8":
            warnings.append(
                FormatWarning(
                    f"#FORMAT {value!r}: SIE files are PC8 (CP437); the encoding was "
                    "recognised from the content",
                    line=number,
                    field=label,
                )
            )
    elif label == "PROGRAM":
        values = [_info(value, number, label, warnings) for value in fields[:2]]
        sie.program = (values[0] if values else "", values[1] if len(values) > 1 else "")
    elif label == "GEN":
        sie.generated_by = _info(fields[1], number, label, warnings) if len(fields) > 1 else ""
        try:
            sie.generated = _sie_date(fields[0] if fields else "", number, "GEN", warnings)
        except FormatError as error:  # when the file was written: nothing depends on it
            warnings.append(FormatWarning(f"{error.message}: left out", line=number, field="GEN"))
    elif label == "FNAMN":
        sie.company_name = _info_text(fields, number, label, warnings)
    elif label == "ORGNR":
        sie.org_no = _info(fields[0], number, label, warnings) if fields else ""
    elif label == "FNR":
        sie.company_id = _info_text(fields, number, label, warnings)
    elif label == "FTYP":
        sie.company_type = _info_text(fields, number, label, warnings)
    elif label == "ADRESS":
        sie.address = tuple(_info(value, number, label, warnings) for value in fields)
    elif label == "RAR":
        _need(fields, 3, label, number)
        year = FiscalYear(
            _int(fields[0], number, label),
            _sie_date(fields[1], number, "start", warnings),
            _sie_date(fields[2], number, "end", warnings),
        )
        if year.index > 0 or year.index in years:
            raise FormatError(
                f"year number {year.index} "
                + ("is not 0 or negative" if year.index > 0 else "is given twice"),
                line=number,
                field=label,
            )
        if year.end < year.start:
            raise FormatError(
                f"year {year.index} ends {year.end.isoformat()}, before it starts "
                f"({year.start.isoformat()})",
                line=number,
                field=label,
            )
        years[year.index] = number
        sie.fiscal_years.append(year)
    elif label == "TAXAR":
        value = _info(fields[0], number, label, warnings) if fields else ""
        if len(value) == 4 and value.isdigit() and value.isascii():
            sie.tax_year = int(value)
        else:
            sie.tax_year = None
            warnings.append(
                FormatWarning(f"#TAXAR {value!r} is not a year: left out", line=number, field=label)
            )
    elif label == "KPTYP":
        sie.chart_type = _info_text(fields, number, label, warnings)
    elif label == "VALUTA":
        sie.currency = _info_text(fields, number, label, warnings)
    elif label == "KONTO":
        _need(fields, 1, label, number)
        number_ = _account(fields[0], number)
        name = _info_text(fields[1:], number, "account name", warnings)
        accounts.setdefault(number_, Account(number_, name)).name = name
    elif label in ("KTYP", "SRU", "ENHET"):
        _need(fields, 2, label, number)
        account = accounts.get(_account(fields[0], number))
        if account is None:
            raise FormatError(
                f"#{label} for account {fields[0]} before its #KONTO", line=number, field=label
            )
        value = _info(fields[1], number, label, warnings)
        if label == "KTYP":
            if value.upper() in _ACCOUNT_TYPES:
                account.type = value.upper()
            else:
                warnings.append(
                    FormatWarning(
                        f"account type {value!r} is not T, S, K or I: left out",
                        line=number,
                        field=label,
                    )
                )
        elif label == "SRU":
            account.sru.append(value)
        else:
            account.unit = value
    elif label in ("DIM", "UNDERDIM"):
        _need(fields, 2 if label == "DIM" else 3, label, number)
        parent = _int(fields[2], number, label) if label == "UNDERDIM" else None
        sie.dimensions.append(
            Dimension(
                _int(fields[0], number, label),
                _info(fields[1], number, "dimension name", warnings),
                parent,
            )
        )
    elif label == "OBJEKT":
        _need(fields, 3, label, number)
        sie.objects.append(
            Object(
                _int(fields[0], number, label),
                _text(fields[1], number, "object"),
                _info(fields[2], number, "object name", warnings),
            )
        )
    elif label in ("IB", "UB", "RES"):
        _need(fields, 3, label, number)
        sie.balances.append(
            Balance(
                label,
                _int(fields[0], number, label),
                _account(fields[1], number),
                _decimal(fields[2], number, "amount"),
                _quantity(fields, 3, number),
            )
        )
    elif label in ("OIB", "OUB"):
        _need(fields, 4, label, number)
        sie.balances.append(
            Balance(
                label,
                _int(fields[0], number, label),
                _account(fields[1], number),
                _decimal(fields[3], number, "amount"),
                _quantity(fields, 4, number),
                _object_pairs(fields[2], number),
            )
        )
    elif label in ("PSALDO", "PBUDGET"):
        if len(fields) > 3 and isinstance(fields[3], str):
            fields = [*fields[:3], [], *fields[3:]]  # without the object list (type 2 style)
        _need(fields, 5, label, number)
        sie.period_balances.append(
            PeriodBalance(
                label,
                _int(fields[0], number, label),
                _period(fields[1], number),
                _account(fields[2], number),
                _decimal(fields[4], number, "amount"),
                _object_pairs(fields[3], number),
                _quantity(fields, 5, number),
            )
        )
    # other labels (#PROSA, #BKOD, #OMFATTN, future ones) are ignored, as §7.1 requires


def _period(value, number: int) -> str:
    value = _text(value, number, "period")
    if not (len(value) == 6 and value.isdigit() and value.isascii() and 1 <= int(value[4:]) <= 12):
        raise FormatError(f"period {value!r} is not YYYYMM", line=number, field="period")
    return value


def _int(value, number: int, label: str) -> int:
    if not isinstance(value, str) or not _INTEGER.fullmatch(value):
        raise FormatError(f"{value!r} is not a number", line=number, field=label)
    return int(value)
