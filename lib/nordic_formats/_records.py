"""Reading fixed-width record files the way real bank files arrive.

Tolerates (formats.md §2.7, §3.5, §5): files without line terminators (records of
``width`` characters back to back), CRLF or LF, right-trimmed lines, lines padded with
blanks beyond the record width, TAB characters (6 columns, which is what Bankgirot's own
example files need), UTF-8 or ISO-8859-1, a byte order mark.
"""

from __future__ import annotations

import datetime

from .exceptions import FormatError

TAB = " " * 6


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


def fixed_records(data: bytes | str, width: int = 80) -> list[tuple[int, str]]:
    """``(line number, record)`` for every non-blank record, each exactly ``width``
    characters. Without any line terminator, the n-th record is line n."""
    text = decode(data)
    if "\n" in text or "\r" in text:
        lines = text.splitlines()
    else:
        lines = [text[i : i + width] for i in range(0, len(text), width)]
    records = []
    append = records.append
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            line = line.replace("\t", TAB)
        line = line.rstrip()
        if len(line) == width:
            append((number, line))
        elif len(line) < width:
            if line:
                append((number, line.ljust(width)))
        else:
            raise FormatError(
                f"the record is {len(line)} characters long; the format has {width}",
                line=number,
            )
    return records


def number(record: str, start: int, end: int, line: int, field: str) -> int:
    """The unsigned integer in ``record[start:end]`` (0-based, end exclusive)."""
    text = record[start:end]
    if not text.isdigit():
        raise FormatError(f"{text.strip()!r} is not a number", line=line, field=field)
    return int(text)


def date(text: str, line: int, field: str) -> datetime.date:
    """A YYYYMMDD date."""
    try:
        if not text.isdigit():
            raise ValueError
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise FormatError(
            f"{text.strip()!r} is not a date (YYYYMMDD)", line=line, field=field
        ) from None
