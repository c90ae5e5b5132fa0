"""Declarative fixed-width record layouts: one table per record type reads and writes it.

A layout is a sequence of :class:`Field` (1-based, inclusive positions as the bank manuals
print them). Kinds:

``N``   digits, right-aligned, zero-filled (int)
``N?``  digits or all blank (int or None)
``D``   date YYYYMMDD (datetime.date)
``D?``  date or blank/zeros (date or None)
``A``   text, left-aligned, blank-filled (str, stripped)
``R``   text, right-aligned, zero-filled (str, leading zeros stripped when read; blank when
        empty)
``C``   constant (the ``value``), checked when read
``S``   a signed amount, last digit as EBCDIC overpunch (Autogiro reports; int)

Positions not covered by a field are blank when written and ignored when read.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._records import date as _date
from .exceptions import FormatError

# Autogiro manual §8.5.3: negative amounts replace the last digit (0-9) by these letters
_OVERPUNCH_NEGATIVE = dict(zip("åJKLMNOPQR", range(10), strict=True))
_OVERPUNCH_NEGATIVE["}"] = 0  # the same byte in the EBCDIC Swedish code page


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    start: int  # 1-based, as in the manuals
    end: int  # inclusive
    kind: str = "A"
    value: str = ""  # for constants

    @property
    def width(self) -> int:
        return self.end - self.start + 1


def read_fields(layout: Sequence[Field], record: str, line: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in layout:
        raw = record[field.start - 1 : field.end]
        kind = field.kind
        if kind == "C":
            if raw.strip() != field.value.strip():
                raise FormatError(
                    f"expected {field.value.strip()!r}, found {raw.strip()!r}",
                    line=line,
                    field=field.name,
                )
            continue
        if kind == "A":
            value: Any = raw.strip()
        elif kind == "R":
            value = raw.strip().lstrip("0")
        elif kind in ("N", "N?"):
            if kind == "N?" and not raw.strip():
                value = None
            elif raw.isdigit():
                value = int(raw)
            else:
                raise FormatError(f"{raw.strip()!r} is not a number", line=line, field=field.name)
        elif kind in ("D", "D?"):
            blank = kind == "D?" and raw.strip(" 0") == ""
            value = None if blank else _date(raw, line, field.name)
        elif kind == "S":
            value = _signed(raw, line, field.name)
        else:  # pragma: no cover - a layout bug
            raise ValueError(f"unknown field kind {kind!r}")
        values[field.name] = value
    return values


def _signed(raw: str, line: int, name: str) -> int:
    body, last = raw[:-1], raw[-1:]
    if body.isdigit() and last.isdigit():
        return int(raw)
    if body.isdigit() and last in _OVERPUNCH_NEGATIVE:
        return -(int(body) * 10 + _OVERPUNCH_NEGATIVE[last])
    raise FormatError(f"{raw.strip()!r} is not a signed amount", line=line, field=name)


def write_fields(
    layout: Sequence[Field], values: dict[str, Any], code: str, width: int = 80
) -> str:
    """The record ``code`` + fields; trailing blanks are kept (records are ``width`` long)."""
    chars = [" "] * width
    chars[0:2] = code
    for field in layout:
        text = _format(field, values.get(field.name))
        chars[field.start - 1 : field.end] = text
    return "".join(chars)


def _format(field: Field, value: Any) -> str:
    width, kind = field.width, field.kind
    if kind == "C":
        text = field.value.ljust(width)
    elif value is None or value == "":
        text = " " * width if kind in ("A", "R", "N?", "D?") else None
        if text is None:
            raise ValueError(f"field {field.name} is required")
    elif kind in ("N", "N?"):
        text = f"{int(value):0{width}d}"
    elif kind in ("R",):
        text = str(value).rjust(width, "0")
    elif kind in ("D", "D?"):
        text = (
            value.strftime("%Y%m%d")
            if isinstance(value, datetime.date)
            else str(value).ljust(width)
        )
    elif kind == "A":
        text = str(value).ljust(width)
    else:
        raise ValueError(f"field kind {kind!r} cannot be written")
    if len(text) != width:
        raise ValueError(f"{value!r} does not fit in field {field.name} ({width} characters)")
    return text
