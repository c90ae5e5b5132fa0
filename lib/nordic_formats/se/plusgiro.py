"""Swedish PlusGiro numbers (plusgironummer, formerly Postgiro).

Two to eight digits, the last a modulus 10 (Luhn) check digit over the others; written
with the digits in pairs from the right and a hyphen before the check digit
(``28 65 43-4``, ``410 54 68-5``: a single leftover digit joins the first pair).

>>> format("41054685")
'410 54 68-5'
"""

from __future__ import annotations

from .._util import digits_only, luhn_is_valid
from ..exceptions import InvalidChecksum, InvalidLength, ValidationError


def compact(number: str | int) -> str:
    return digits_only(number).lstrip("0")


def validate(number: str | int) -> str:
    number = compact(number)
    if not 2 <= len(number) <= 8:
        raise InvalidLength(f"a PlusGiro number has 2 to 8 digits, not {len(number)}")
    if not luhn_is_valid(number):
        raise InvalidChecksum(f"the check digit of PlusGiro number {number} is wrong")
    return number


def is_valid(number: str | int) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str | int) -> str:
    number = compact(number)
    body, check = number[:-1], number[-1]
    pairs = [body[max(i - 2, 0) : i] for i in range(len(body), 0, -2)][::-1]
    if len(pairs) > 1 and len(pairs[0]) == 1:
        pairs[:2] = [pairs[0] + pairs[1]]
    return f"{' '.join(pairs)}-{check}"
