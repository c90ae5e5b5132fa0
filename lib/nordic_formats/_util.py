"""Small helpers shared by the number modules."""

from __future__ import annotations

from .exceptions import InvalidFormat


def digits_only(number: str | int, separators: str = " -") -> str:
    """``number`` without separators; InvalidFormat if anything else than digits remains."""
    text = str(number).strip()
    for separator in separators:
        text = text.replace(separator, "")
    if not text.isdigit() or not text.isascii():
        raise InvalidFormat(f"{number!r} may contain only digits")
    return text


def luhn_check_digit(payload: str) -> str:
    """Modulus 10 (Luhn) check digit of ``payload``: weights 2, 1, 2, ... from the right,
    digit sums of the products (Bankgirot, OCR-referenskontroll §5.2.2; Nets MOD10)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str(-total % 10)


def luhn_is_valid(number: str) -> bool:
    return len(number) >= 2 and luhn_check_digit(number[:-1]) == number[-1]
