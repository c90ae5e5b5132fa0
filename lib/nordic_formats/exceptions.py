"""One exception hierarchy for every format of the package.

``NordicFormatError`` carries where the problem is (``line``: 1-based line or record number
of a file, ``field``: the field's name) and a human message. Number validation raises the
subclasses ``InvalidFormat``, ``InvalidLength`` and ``InvalidChecksum`` (python-stdnum's
vocabulary); file parsing raises ``FormatError`` (a broken or unknown record, a bad field)
or its subclass ``TotalsMismatch`` (a control total of the file does not add up).

Where a file departs from its format but nothing of its content is lost (an informational
label in an unexpected format, a date written YYMMDD), a reader reads on and records a
``FormatWarning`` (the same ``line``, ``field`` and ``message``) on its result, for the
importer to show.
"""

from __future__ import annotations

from dataclasses import dataclass


def _located(message: str, line: int | None, field: str | None) -> str:
    where = []
    if line is not None:
        where.append(f"line {line}")
    if field:
        where.append(f"field {field}")
    return f"{', '.join(where)}: {message}" if where else message


class NordicFormatError(ValueError):
    """Base class: what is wrong, and where."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None):
        self.message = message
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        return _located(self.message, self.line, self.field)


class ValidationError(NordicFormatError):
    """A number (reference, account) is not valid."""


class InvalidFormat(ValidationError):
    """The number contains characters it may not contain."""


class InvalidLength(ValidationError):
    """The number is too short or too long."""


class InvalidChecksum(ValidationError):
    """A check digit (or length digit) is wrong."""


class FormatError(NordicFormatError):
    """A file does not follow its format."""


class TotalsMismatch(FormatError):
    """A control total or count in a file does not match its records."""


@dataclass(frozen=True, slots=True)
class FormatWarning:
    """Something a reader accepted although the format wants it otherwise; nothing of the
    file's content was lost. Not an exception: readers collect them on their result."""

    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return _located(self.message, self.line, self.field)
