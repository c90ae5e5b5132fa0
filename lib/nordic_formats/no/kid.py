"""Norwegian KID (kundeidentifikasjon), the payment reference of Nets OCR giro and
AvtaleGiro.

Source: Nets, "OCR giro System specification" §5 and "AvtaleGiro System specification"
§4 (identical text); formats.md §4.

* MOD10: weights 2, 1, 2, ... from the right, digit sums of the products;
  check = (10 - sum mod 10) mod 10.
* MOD11: weights 2, 3, 4, 5, 6, 7, 2, 3, ... from the right; r = sum mod 11;
  check = 11 - r, 0 when r = 0, and ``-`` when r = 1 (a check value of 10).
* 2 to 25 characters; a payee's agreement fixes the algorithm and the length(s).

>>> create("12345678", "mod10")
'123456782'
>>> create("12345678", "mod11")
'123456785'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._util import digits_only, luhn_check_digit
from ..exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

MIN_LENGTH = 2
MAX_LENGTH = 25
ALGORITHMS = ("mod10", "mod11")


def compact(number: str | int) -> str:
    return str(number).replace(" ", "").strip()


def calc_check_digit(payload: str, algorithm: str = "mod10") -> str:
    payload = digits_only(payload)
    if algorithm == "mod10":
        return luhn_check_digit(payload)
    if algorithm == "mod11":
        total = sum(
            int(char) * (2 + position % 6) for position, char in enumerate(reversed(payload))
        )
        remainder = total % 11
        return "0" if remainder == 0 else "-" if remainder == 1 else str(11 - remainder)
    raise ValueError(f"unknown KID algorithm {algorithm!r} (use one of {ALGORITHMS})")


def create(payload: str | int, algorithm: str = "mod10", length: int | None = None) -> str:
    """``payload`` (for example customer number and invoice number) with its check digit,
    left-padded with zeros to ``length`` characters when given."""
    payload = digits_only(payload)
    if length is not None:
        if not MIN_LENGTH <= length <= MAX_LENGTH:
            raise InvalidLength(f"a KID has {MIN_LENGTH} to {MAX_LENGTH} characters")
        if len(payload) + 1 > length:
            raise InvalidLength(f"{payload} does not fit in a KID of {length} characters")
        payload = payload.zfill(length - 1)
    kid = payload + calc_check_digit(payload, algorithm)
    if len(kid) > MAX_LENGTH:
        raise InvalidLength(f"a KID has at most {MAX_LENGTH} characters")
    return kid


def validate(number: str | int, algorithm: str | None = None, lengths: Sequence[int] = ()) -> str:
    """The compact KID if valid under ``algorithm`` (None: either) and, when given, one of
    ``lengths``; raises InvalidFormat, InvalidLength or InvalidChecksum otherwise."""
    number = compact(number)
    payload, check = number[:-1], number[-1:]
    if not payload.isdigit() or not (check.isdigit() or check == "-") or not number.isascii():
        raise InvalidFormat(f"{number!r}: a KID is digits, the last may be '-' (MOD11)")
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise InvalidLength(f"a KID has {MIN_LENGTH} to {MAX_LENGTH} characters, not {len(number)}")
    if lengths and len(number) not in lengths:
        raise InvalidLength(
            f"{number} has {len(number)} characters, the agreement says "
            f"{' or '.join(map(str, lengths))}"
        )
    algorithms = (algorithm,) if algorithm else ALGORITHMS
    if not any(calc_check_digit(payload, name) == check for name in algorithms):
        raise InvalidChecksum(f"the check digit of KID {number} is wrong ({'/'.join(algorithms)})")
    return number


def is_valid(number: str | int, algorithm: str | None = None, lengths: Sequence[int] = ()) -> bool:
    try:
        return bool(validate(number, algorithm, lengths))
    except ValidationError:
        return False
