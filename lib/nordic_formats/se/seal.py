"""Förändringsskydd med sigill: Bankgirot's HMAC SHA-256 seal on files sent to it.

Every file to Bankgirot (Autogiro mandates, payments and amendments, Leverantörsbetalningar,
Löner) carries tamper protection (Autogiro Teknisk manual §4, §4.1; formats.md §3.1). This
module writes and checks the HMAC variant of the *delivery seal* ("leveranssigill"): a seal
opening record (TK00) before the file and a seal closing record (TK99) after it. The other
seal method, Nexus Elektroniskt Sigill (licensed), and the per-section seals of the older
formats are not supported.

Rules
-----

Bankgirot's manuals ("Förändringsskydd med sigill, Teknisk manual", March 2014, whose table
of contents puts the delivery seal records TK00 and TK99 in chapter 6; the English "Tamper
protection with Bankgirot HMAC, Technical Specification", March 2014) were not readable in
full here; the rules below are what their readable parts, Bankgirot's test page and three
independent implementations agree on:

* **MAC**: HMAC (FIPS 198) with SHA-256, keyed with the 128-bit seal key ("sigillnyckel",
  given as 32 hexadecimal digits), truncated to its *first* 128 bits, written as 32
  upper-case hexadecimal digits (Technical Specification §1: "the MAC should be truncated
  to 128 bits ... It is the first 128 bits that should be used"; RFC 4868).
* **Normalisation** before hashing, byte by byte over the file's ISO-8859-1 bytes: CR
  (0x0D) and LF (0x0A) are left out; 0x20-0x7E are kept as they are (blanks too, trailing
  blanks included); É Ä Ö Å Ü é ä ö å ü become ``@ [ \\ ] ^ ` { | } ~`` (their places in the
  Swedish 7-bit character set); every other byte, TAB included, becomes 0xC3. Sources:
  johansundell/bgc-hmac ``main.go`` and Hoglandets-IT/go-bankgiro ``seal/normalize.go``
  (the same table, independently), isotoma.com "Tamper-protection for Bank Transactions"
  (2011, the same table in Python); Bankgirot's test cases 2A-2D (printable ASCII,
  disallowed characters, Swedish letters, all mixed) reproduce with it.
* **Key verification value** (KVV, "kontrollvärde för nyckel"): the MAC of the eight
  characters ``00000000``. Bankgirot's test page, step 1: "Create a file with eight zeros.
  Calculate the MAC on the file with the key ... 1234567890abcdef1234567890abcdef ... MAC:
  FF365893D899291C3BF505FB3175E880" (www.bgc.se "HMAC - test your code in HMAC"); the same
  value is the KVV of that key in go-bankgiro (``sign/bankgiro_test.go``, ``seal/sealer.go``
  "obtained by sealing the string 00000000"), in Synologen's Autogiro client
  (``TamperProtectedFileWriter.cs``: ``KeyVerificationTokenValue = "00000000"``) and in
  Nordea's HMAC file protection (MLidstrom/Frends.Sweden.Nordea).
* **Records** (80 positions, CR LF line ends like the rest of a file to Bankgirot):

  ====  =====  =====================================================================
  TK    pos    content
  ====  =====  =====================================================================
  00    1-2    ``00`` (seal opening record, "sigillstartpost")
        3-8    date of sealing, YYMMDD
        9-12   ``HMAC`` (the seal method)
        13-80  blank
  99    1-2    ``99`` (seal closing record, "sigillslutpost" / tamper protection record)
        3-8    date of sealing, YYMMDD
        9-40   key verification value, 32 hexadecimal digits
        41-72  the MAC, 32 hexadecimal digits
        73-80  blank
  ====  =====  =====================================================================

  Source: go-bankgiro (``seal/sealer.go``: ``"00%sHMAC" + 68 blanks`` and ``"99" + date +
  KVV + MAC + 8 blanks``, date ``060102`` = YYMMDD), whose sealed example
  ``tests/sealFile/basic-signed.txt`` the tests reproduce. Synologen writes the dates as
  YYYYMMDD, which makes both records 82 positions long; the 80-position layout is taken.
* **What is sealed**: the whole file from the first position of TK00 up to the end of the
  record before TK99 (TK00 included, TK99 excluded): go-bankgiro's sealed example and
  Synologen's writer both hash TK00 and the content. Bankgirot's test page leaves TK00 out
  ("The seal opening post should not be included when calculating seal in step 2") only
  for its own checking form; Pagero's BgcHmacSealer has an ``-excludeOpeningPost`` switch
  "in order to test the seal on BGC home page" for the same reason.

Bankgirot's published test values (key ``1234567890ABCDEF1234567890ABCDEF``): test case 1A
above is on Bankgirot's page; the values of cases 1B, 1C and 2A-2D were read from
johansundell/bgc-hmac (``main_test.go``, ``files/``) and Synologen's
``HMACMessageDigestServiceTests.cs``, which agree on every one.

Addresses: Bankgirot's test page http://www.bgc.se/Default____8758.aspx (linked from
johansundell/bgc-hmac as http://www.bgc.se/en/about-bankgirot/Developer-pages/new-software-
and-validation-of-e-invoices/hmac---test-your-code-in-hmac/); the Technical Specification
http://docplayer.net/6272943-Tamper-protection-with-bankgirot-hmac-technical-specification.html;
the Swedish manual http://docplayer.se/2920615-Forandringsskydd-med-sigill.html; Pagero
https://support.pagero.com/hc/en-us/articles/235261688-Pagero-Payment-seal-HMAC; isotoma
https://isotoma.com/blog/2011/02/11/tamper-protection-for-bank-transactions/; the
repositories on github.com.

What is sealed are the bytes Bankgirot receives: ``bytes`` are taken as they are; a ``str``
is the text of an ISO-8859-1 file (what the Autogiro writers return) and is encoded so; a
character ISO-8859-1 does not have is refused with the line it is on.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import string
from dataclasses import dataclass

from .._records import split_lines
from ..exceptions import FormatError, InvalidFormat, InvalidLength

RECORD_WIDTH = 80
METHOD = "HMAC"
KVV_INPUT = b"00000000"
_REPLACEMENT = 0xC3
# ISO-8859-1 É Ä Ö Å Ü é ä ö å ü and their places in the Swedish 7-bit character set
_SWEDISH = {0xC9: 0x40, 0xC4: 0x5B, 0xD6: 0x5C, 0xC5: 0x5D, 0xDC: 0x5E}
_SWEDISH |= {0xE9: 0x60, 0xE4: 0x7B, 0xF6: 0x7C, 0xE5: 0x7D, 0xFC: 0x7E}
_TABLE = bytes(
    byte if 0x20 <= byte <= 0x7E else _SWEDISH.get(byte, _REPLACEMENT) for byte in range(256)
)


class SealError(FormatError):
    """A sealed file does not check out: sealed with another key, or changed after sealing."""


@dataclass(frozen=True, slots=True)
class SealedFile:
    """What :func:`verify_file` found: the seal records' values and the file between them
    (of the type given to it, exactly as it stands between TK00 and TK99)."""

    date: datetime.date
    key_verification_value: str
    seal: str
    content: str | bytes


def normalise(content: bytes | str) -> bytes:
    """The bytes the MAC is computed over: without CR and LF, the ten Swedish letters
    mapped to their 7-bit places, anything outside 0x20-0x7E replaced by 0xC3."""
    return _file_bytes(content).translate(_TABLE, b"\r\n")


def seal(content: bytes | str, key_hex: str) -> str:
    """The MAC of ``content`` under the seal key: 32 upper-case hexadecimal digits."""
    return _mac(_key(key_hex), normalise(content))


def key_verification_value(key_hex: str) -> str:
    """The key verification value (KVV) of a seal key: the MAC of ``00000000``."""
    return _mac(_key(key_hex), KVV_INPUT)


def seal_file(content: str | bytes, key_hex: str, date: datetime.date) -> str | bytes:
    """``content`` between a seal opening record (TK00) and a seal closing record (TK99)
    carrying the key verification value and the MAC of TK00 and ``content``.

    ``content`` is kept byte for byte (a line end is added after its last record when it
    has none); the result is of the type of ``content``. A file that already begins with
    a seal opening record, or has no records, is refused.
    """
    if not isinstance(date, datetime.date):
        raise TypeError(f"the date of sealing is a datetime.date, not {type(date).__name__}")
    key = _key(key_hex)
    data = _file_bytes(content)
    records = [
        (number, line)
        for number, (line, _end) in enumerate(_raw_lines(data), 1)
        if line.strip(b" ")
    ]
    if not records:
        raise FormatError("there is nothing to seal: the file has no records")
    number, first = records[0]
    if first.startswith(b"00"):
        raise FormatError(
            "the file already begins with a seal opening record (TK00): it is sealed",
            line=number,
            field="record type",
        )
    day = date.strftime("%y%m%d")
    opening = f"00{day}{METHOD}".ljust(RECORD_WIDTH).encode("ascii") + b"\r\n"
    sealed = opening + data
    if not data.endswith((b"\n", b"\r")):
        sealed += b"\r\n"
    mac = _mac(key, sealed.translate(_TABLE, b"\r\n"))
    closing = f"99{day}{_mac(key, KVV_INPUT)}{mac}".ljust(RECORD_WIDTH)
    sealed += closing.encode("ascii") + b"\r\n"
    return sealed.decode("latin-1") if isinstance(content, str) else sealed


def verify_file(content: str | bytes, key_hex: str) -> SealedFile:
    """Check a sealed file against the seal key and return what it carries.

    Raises :class:`SealError` when the key verification value is not the key's (sealed
    with another key) or the MAC does not match (changed after sealing), and
    :class:`FormatError` when the seal records are missing or malformed; each names the
    line and the field.
    """
    key = _key(key_hex)
    data = _file_bytes(content)
    raw = _raw_lines(data)
    starts = [0]  # where each line starts in data
    for line, end in raw:
        starts.append(starts[-1] + len(line) + len(end))
    records = [index for index, (line, _end) in enumerate(raw) if line.strip(b" ")]
    if not records:
        raise FormatError("the file is empty: a sealed file has a TK00 and a TK99 record")
    first, last = records[0], records[-1]
    opening, closing = raw[first][0], raw[last][0]
    if not opening.startswith(b"00"):
        raise FormatError(
            f"a sealed file starts with a seal opening record (TK00), not {_text(opening[:2])!r}",
            line=first + 1,
            field="record type",
        )
    if last == first or not closing.startswith(b"99"):
        raise FormatError(
            f"a sealed file ends with a seal closing record (TK99), not {_text(closing[:2])!r}",
            line=last + 1,
            field="record type",
        )
    date = _record_date(opening, first + 1)
    method = _text(opening[8:12])
    if method != METHOD:
        raise FormatError(
            f"the seal method is {method.strip()!r}; only HMAC seals can be checked",
            line=first + 1,
            field="seal method",
        )
    _blank_rest(opening, 12, first + 1)
    _record_date(closing, last + 1)
    kvv = _hex_field(closing, 8, 40, last + 1, "key verification value")
    stated = _hex_field(closing, 40, 72, last + 1, "seal")
    _blank_rest(closing, 72, last + 1)
    expected_kvv = _mac(key, KVV_INPUT)
    if kvv != expected_kvv:
        raise SealError(
            f"the file was sealed with another key: its key verification value is {kvv}, "
            f"this key's is {expected_kvv}",
            line=last + 1,
            field="key verification value",
        )
    computed = _mac(key, data[starts[first] : starts[last]].translate(_TABLE, b"\r\n"))
    if not hmac.compare_digest(stated, computed):
        raise SealError(
            # the seal the file's content gives is not told: shown where files are
            # uploaded, it would be the right seal of any file changed at will
            f"the file was changed after it was sealed: its seal {stated} is not the one "
            "of its content",
            line=last + 1,
            field="seal",
        )
    body = data[starts[first + 1] : starts[last]]
    return SealedFile(
        date=date,
        key_verification_value=kvv,
        seal=stated,
        content=body.decode("latin-1") if isinstance(content, str) else body,
    )


def _key(key_hex: str) -> bytes:
    """The 16 bytes of a seal key given as 32 hexadecimal digits (blanks between groups
    allowed). Messages never repeat the key: it is a secret."""
    digits = "".join(str(key_hex).split())
    if len(digits) != 32:
        raise InvalidLength(
            f"a seal key has 32 hexadecimal digits (128 bits), this one has {len(digits)}",
            field="seal key",
        )
    if any(char not in string.hexdigits for char in digits):
        raise InvalidFormat(
            "a seal key has only the hexadecimal digits 0-9 and A-F", field="seal key"
        )
    return bytes.fromhex(digits)


def _mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).digest()[:16].hex().upper()


def _file_bytes(content: bytes | str) -> bytes:
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    try:
        return content.encode("latin-1")
    except UnicodeEncodeError as error:
        char = content[error.start]
        raise FormatError(
            f"{char!r} (U+{ord(char):04X}) cannot be written in ISO-8859-1, the character "
            "set of files to Bankgirot",
            line=len(split_lines(content[: error.start])),
            field="character",
        ) from None


def _raw_lines(data: bytes) -> list[tuple[bytes, bytes]]:
    """``(line, line end)`` pairs; lines end at CR LF, LF or CR."""
    pairs = []
    for chunk in data.splitlines(keepends=True):
        line = chunk.rstrip(b"\r\n")
        pairs.append((line, chunk[len(line) :]))
    return pairs


def _text(raw: bytes) -> str:
    return raw.decode("latin-1")


def _record_date(record: bytes, line: int) -> datetime.date:
    text = _text(record[2:8])
    try:
        if len(text) != 6 or not text.isdigit() or not text.isascii():
            raise ValueError
        return datetime.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        raise FormatError(
            f"{text.strip()!r} is not a date (YYMMDD)", line=line, field="date of sealing"
        ) from None


def _hex_field(record: bytes, start: int, end: int, line: int, field: str) -> str:
    text = _text(record[start:end])
    if len(text) != end - start or any(char not in string.hexdigits for char in text):
        raise FormatError(
            f"positions {start + 1}-{end} hold {end - start} hexadecimal digits, not "
            f"{text.strip()!r}",
            line=line,
            field=field,
        )
    return text.upper()


def _blank_rest(record: bytes, start: int, line: int) -> None:
    rest = record[start:]
    if rest.strip(b" ") or len(record) > RECORD_WIDTH:
        raise FormatError(
            f"positions {start + 1}-{RECORD_WIDTH} of a seal record are blank and the "
            f"record has {RECORD_WIDTH} positions",
            line=line,
            field="reserved",
        )
