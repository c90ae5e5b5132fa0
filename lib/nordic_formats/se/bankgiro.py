"""Swedish Bankgiro numbers (bankgironummer).

Seven or eight digits, the last a modulus 10 (Luhn) check digit over the others; written
``NNN-NNNN`` or ``NNNN-NNNN`` (Bankgirot). In files they are right-aligned with leading
zeros (BgMax, Autogiro: 10 digits).

>>> format("52805768")
'5280-5768'
"""

from __future__ import annotations

from .._util import digits_only, luhn_is_valid
from ..exceptions import InvalidChecksum, InvalidLength, ValidationError


def compact(number: str | int) -> str:
    """Digits only, without the leading zeros of a file field."""
    return digits_only(number).lstrip("0")


def validate(number: str | int) -> str:
    number = compact(number)
    if len(number) not in (7, 8):
        raise InvalidLength(f"a Bankgiro number has 7 or 8 digits, not {len(number)}")
    if not luhn_is_valid(number):
        raise InvalidChecksum(f"the check digit of Bankgiro number {number} is wrong")
    return number


def is_valid(number: str | int) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str | int) -> str:
    number = compact(number)
    return f"{number[:-4]}-{number[-4:]}"
