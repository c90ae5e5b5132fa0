"""Swedish Bankgiro OCR reference numbers (OCR-nummer).

Source: Bankgirot, "Bankgiro Inbetalningar, Avtal om OCR-referenskontroll" (user manual
§5.2.2 modulus 10, §5.2.3 length digit); formats.md §1.

* The last digit is a modulus 10 (Luhn) check digit over every digit before it.
* An optional *length digit*, second to last, is the total length (including itself and
  the check digit) modulo 10; it is computed first and included in the check digit.
* 2 to 25 digits.

Control levels of the payee's agreement (what internet banks enforce):

========  ====================================================================
SOFT      check digit; a wrong one is let through after a warning to the payer
HARD      check digit; a wrong one is refused
VARIABLE  check digit and length digit
FIXED     check digit and a length equal to one of (at most two) agreed lengths
========  ====================================================================

>>> create("1234567890", length_digit=True)
'123456789023'
>>> validate("123456789023", ControlLevel.VARIABLE)
'123456789023'
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from .._util import digits_only, luhn_check_digit, luhn_is_valid
from ..exceptions import InvalidChecksum, InvalidLength, ValidationError

MIN_LENGTH = 2
MAX_LENGTH = 25


class ControlLevel(str, enum.Enum):
    SOFT = "soft"
    HARD = "hard"
    VARIABLE = "variable"
    FIXED = "fixed"


def compact(number: str | int) -> str:
    """The reference without blanks or hyphens (leading zeros are kept: they count)."""
    return digits_only(number)


def calc_check_digit(payload: str) -> str:
    return luhn_check_digit(digits_only(payload))


def calc_length_digit(payload: str) -> str:
    """Length digit for ``payload`` followed by the length digit and the check digit."""
    return str((len(payload) + 2) % 10)


def create(
    payload: str | int, *, length_digit: bool = True, length: int | None = None, pad: str = ""
) -> str:
    """A reference built from ``payload`` (for example customer and invoice number).

    ``length_digit`` adds the length digit (control level VARIABLE). ``length`` pads the
    payload with leading zeros so that the reference has exactly that many digits (FIXED).
    ``pad`` digits are appended to the payload before the length digit (a scheme some
    payees use to reach a length: ``create("1234567890", pad="0") == "1234567890037"``).
    """
    payload = digits_only(payload) + (digits_only(pad) if pad else "")
    extra = 2 if length_digit else 1
    if length is not None:
        if not MIN_LENGTH <= length <= MAX_LENGTH:
            raise InvalidLength(f"an OCR reference has {MIN_LENGTH} to {MAX_LENGTH} digits")
        if len(payload) + extra > length:
            raise InvalidLength(f"{payload} does not fit in {length} digits")
        payload = payload.zfill(length - extra)
    if length_digit:
        payload += calc_length_digit(payload)
    reference = payload + luhn_check_digit(payload)
    if not MIN_LENGTH <= len(reference) <= MAX_LENGTH:
        raise InvalidLength(f"an OCR reference has {MIN_LENGTH} to {MAX_LENGTH} digits")
    return reference


def validate(
    number: str | int,
    level: ControlLevel | str = ControlLevel.HARD,
    lengths: Sequence[int] = (),
) -> str:
    """The compact reference if it passes ``level``; raises ``InvalidFormat``,
    ``InvalidLength`` or ``InvalidChecksum`` (also for a wrong length digit) otherwise.

    SOFT and HARD check the same digit: the level says what a bank does with a wrong one,
    not whether it is wrong. FIXED needs ``lengths`` (one or two agreed lengths).
    """
    level = ControlLevel(level)
    number = compact(number)
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise InvalidLength(
            f"an OCR reference has {MIN_LENGTH} to {MAX_LENGTH} digits, not {len(number)}"
        )
    if not luhn_is_valid(number):
        raise InvalidChecksum(f"the check digit of {number} is wrong")
    if level is ControlLevel.VARIABLE and number[-2] != str(len(number) % 10):
        raise InvalidChecksum(f"the length digit of {number} is wrong")
    if level is ControlLevel.FIXED:
        if not 1 <= len(lengths) <= 2:
            raise ValueError("a fixed-length agreement has one or two lengths")
        if len(number) not in lengths:
            allowed = " or ".join(map(str, lengths))
            raise InvalidLength(f"{number} has {len(number)} digits, the agreement says {allowed}")
    return number


def is_valid(
    number: str | int, level: ControlLevel | str = ControlLevel.HARD, lengths: Sequence[int] = ()
) -> bool:
    try:
        return bool(validate(number, level, lengths))
    except ValidationError:
        return False
