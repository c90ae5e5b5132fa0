"""Reading fixed-width record files the way real bank files arrive.

Tolerates (formats.md §2.7, §3.5, §5): files without line terminators (records of
``width`` characters back to back), CRLF or LF, right-trimmed lines, lines padded with
blanks beyond the record width, TAB characters (6 columns, which is what Bankgirot's own
example files need), UTF-8 or ISO-8859-1, a byte order mark.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from .exceptions import FormatError

TAB = " " * 6
# str.splitlines also breaks lines at these; in an ISO-8859-1 or CP437 file they are
# characters of a text (0x85 is Windows-1252's ellipsis, for one)
_OTHER_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a parser runs (usable as a decorator).

    A parser allocates hundreds of thousands of small objects, none of them in reference
    cycles; the collector would scan them again and again for nothing (a third of the
    time of a 1,000,000-payment file). Memory is still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode(data: bytes | str) -> str:
    """Text of a bank file: UTF-8 when it is valid UTF-8, otherwise ISO-8859-1 (which
    every byte sequence is; Bankgirot and Nets write ISO-8859-1)."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return text[1:] if text.startswith("\ufeff") else text


def split_lines(text: str) -> list[str]:
    """The lines of a text file: they end with CR LF, LF or CR, never with the other
    separators of ``str.splitlines``. The last item is what follows the last line end
    (empty when the text ends with one)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def iter_records(data: bytes | str, width: int = 80) -> Iterator[tuple[int, str]]:
    """``(line number, record)`` for every non-blank record, each exactly ``width``
    characters. Without any line terminator, the n-th record is line n."""
    text = decode(data)
    if "\n" in text or "\r" in text:
        if any(char in text for char in _OTHER_LINE_BREAKS):
            lines = split_lines(text)
        else:
            lines = text.splitlines()  # the same lines, faster
    else:
        lines = [text[i : i + width] for i in range(0, len(text), width)]
    del text
    for number, line in enumerate(lines, 1):
        if len(line) == width and "\t" not in line:  # the common case, as fast as possible
            yield number, line
            continue
        line = line.replace("\t", TAB).rstrip()
        if len(line) > width:
            raise FormatError(
                f"the record is {len(line)} characters long; the format has {width}",
                line=number,
            )
        if line:
            yield number, line.ljust(width)


def fixed_records(data: bytes | str, width: int = 80) -> list[tuple[int, str]]:
    """The records of :func:`iter_records` as a list."""
    return list(iter_records(data, width))


def number(record: str, start: int, end: int, line: int, field: str) -> int:
    """The unsigned integer in ``record[start:end]`` (0-based, end exclusive)."""
    text = record[start:end]
    if not text.isdigit():
        raise FormatError(f"{text.strip()!r} is not a number", line=line, field=field)
    return int(text)


def date(text: str, line: int, field: str) -> datetime.date:
    """A YYYYMMDD date."""
    try:
        if len(text) != 8 or not text.isdigit() or not text.isascii():
            raise ValueError
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise FormatError(
            f"{text.strip()!r} is not a date (YYYYMMDD)", line=line, field=field
        ) from None
