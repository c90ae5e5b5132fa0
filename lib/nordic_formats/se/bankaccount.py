"""Swedish bank account numbers (clearing number + account number).

Source: Bankgirot, "Bankernas kontonummeruppbyggnad" (the banks' account number rules, the
table Autogiro checks mandates against). Two kinds of account:

* type 1: a 4-digit clearing number and a 7-digit account number; the check digit is a
  modulus 11 over the last three digits of the clearing number and the account number
  (comment 1) or over all four digits and the account number (comment 2);
* type 2: the account number alone carries the check digit: 10 digits modulus 10
  (comments 1 and 3; PlusGirot and Swedbank accounts may be written shorter and are
  padded with zeros) or Handelsbanken's 9 digits modulus 11 (comment 2).

Swedbank's clearing numbers 8xxx-x have a fifth digit, which files and the check leave out.
A few old Swedbank accounts cannot be checked this way (Bankgirot's note); they are refused,
as the bank will then tell.

>>> validate("8901-1", "323 232 323-2")
BankAccount(clearing='8901', account='3232323232')
>>> autogiro_account("5000", "1234560")
'5000000001234560'
"""

from __future__ import annotations

from typing import NamedTuple

from .._util import digits_only, luhn_is_valid
from ..exceptions import InvalidChecksum, InvalidFormat, InvalidLength

# (first clearing number, last, type, comment, bank)
_RANGES = (
    (1100, 1199, 1, 1, "Nordea"),
    (1200, 1399, 1, 1, "Danske Bank"),
    (1400, 2099, 1, 1, "Nordea"),
    (2300, 2399, 1, 2, "Ålandsbanken"),
    (2400, 2499, 1, 1, "Danske Bank"),
    (3000, 3299, 1, 1, "Nordea"),
    (3300, 3300, 2, 1, "Nordea (personkonto)"),
    (3301, 3399, 1, 1, "Nordea"),
    (3400, 3409, 1, 1, "Länsförsäkringar Bank"),
    (3410, 3781, 1, 1, "Nordea"),
    (3782, 3782, 2, 1, "Nordea (personkonto)"),
    (3783, 3999, 1, 1, "Nordea"),
    (4000, 4999, 1, 2, "Nordea"),
    (5000, 5999, 1, 1, "SEB"),
    (6000, 6999, 2, 2, "Handelsbanken"),
    (7000, 7999, 1, 1, "Swedbank"),
    (8000, 8999, 2, 3, "Swedbank"),
    (9020, 9029, 1, 2, "Länsförsäkringar Bank"),
    (9040, 9049, 1, 2, "Citibank"),
    (9060, 9069, 1, 1, "Länsförsäkringar Bank"),
    (9100, 9109, 1, 2, "Nordnet Bank"),
    (9120, 9124, 1, 1, "SEB"),
    (9130, 9149, 1, 1, "SEB"),
    (9150, 9169, 1, 2, "Skandiabanken"),
    (9170, 9179, 1, 1, "Ikano Bank"),
    (9180, 9189, 2, 1, "Danske Bank"),
    (9190, 9199, 1, 2, "DNB Bank"),
    (9230, 9239, 1, 1, "Marginalen Bank"),
    (9250, 9259, 1, 1, "SBAB"),
    (9260, 9269, 1, 2, "DNB Bank"),
    (9270, 9279, 1, 1, "ICA Banken"),
    (9280, 9289, 1, 1, "Resurs Bank"),
    (9300, 9349, 2, 1, "Swedbank (fd. Sparbanken Öresund)"),
    (9390, 9399, 1, 2, "Landshypotek"),
    (9400, 9449, 1, 1, "Forex Bank"),
    (9460, 9469, 1, 1, "Santander Consumer Bank"),
    (9470, 9479, 1, 2, "BNP Paribas"),
    (9500, 9549, 2, 3, "Nordea (PlusGirot)"),
    (9550, 9569, 1, 2, "Avanza Bank"),
    (9570, 9579, 2, 1, "Sparbanken Syd"),
    (9590, 9599, 1, 2, "Erik Penser"),
    (9630, 9639, 1, 1, "Lån & Spar Bank"),
    (9640, 9649, 1, 2, "Nordax Bank"),
    (9650, 9659, 1, 2, "MedMera Bank"),
    (9660, 9669, 1, 2, "Svea Bank"),
    (9670, 9679, 1, 2, "JAK Medlemsbank"),
    (9680, 9689, 1, 1, "Bluestep Finans"),
    (9700, 9709, 1, 2, "Ekobanken"),
    (9750, 9759, 1, 2, "Northmill Bank"),
    (9780, 9789, 1, 2, "Klarna Bank"),
    (9880, 9889, 1, 2, "Riksgälden"),
    (9890, 9899, 2, 1, "Riksgälden"),
    (9960, 9969, 2, 3, "Nordea (PlusGirot)"),
)


class BankAccount(NamedTuple):
    clearing: str  # 4 digits (Swedbank's fifth digit left out)
    account: str  # the account number, digits only, at its full length


def _mod11(digits: str) -> bool:
    """Weights 1, 2, ..., 10, 1, 2, ... from the right; the sum divisible by 11."""
    return sum(int(d) * (i % 10 + 1) for i, d in enumerate(reversed(digits))) % 11 == 0


def bank(clearing: str | int) -> str:
    """The bank of a clearing number (InvalidFormat when no bank has it)."""
    return _rule(digits_only(clearing))[4]


def _rule(clearing: str) -> tuple:
    if len(clearing) == 5 and clearing.startswith("8"):
        clearing = clearing[:4]
    if len(clearing) != 4:
        raise InvalidLength(f"a clearing number has 4 digits (Swedbank 8xxx-x: 5), not {clearing}")
    number = int(clearing)
    for rule in _RANGES:
        if rule[0] <= number <= rule[1]:
            return rule
    raise InvalidFormat(f"clearing number {clearing} belongs to no Swedish bank")


def validate(clearing: str | int, account: str | int) -> BankAccount:
    """The account in normal form, or InvalidFormat/InvalidLength/InvalidChecksum."""
    clearing_digits = digits_only(clearing, " -,.")
    account_digits = digits_only(account, " -,.")
    _first, _last, kind, comment, name = _rule(clearing_digits)
    clearing_digits = clearing_digits[:4]
    if kind == 1:
        account_digits = account_digits.lstrip("0").rjust(7, "0")
        if len(account_digits) != 7:
            raise InvalidLength(f"an account number of {name} has 7 digits")
        checked = (clearing_digits[1:] if comment == 1 else clearing_digits) + account_digits
        if not _mod11(checked):
            raise InvalidChecksum(
                f"the check digit of account {clearing_digits}-{account_digits} is wrong"
            )
    elif comment == 2:  # Handelsbanken
        account_digits = account_digits.lstrip("0").rjust(9, "0")
        if len(account_digits) != 9:
            raise InvalidLength(f"an account number of {name} has 9 digits")
        if not _mod11(account_digits):
            raise InvalidChecksum(
                f"the check digit of account {clearing_digits}-{account_digits} is wrong"
            )
    else:
        if comment == 3:  # PlusGirot and Swedbank accounts may be written shorter
            account_digits = account_digits.lstrip("0").rjust(10, "0")
        if len(account_digits) != 10:
            raise InvalidLength(f"an account number of {name} has 10 digits")
        if not luhn_is_valid(account_digits):
            raise InvalidChecksum(
                f"the check digit of account {clearing_digits}-{account_digits} is wrong"
            )
    return BankAccount(clearing_digits, account_digits)


def is_valid(clearing: str | int, account: str | int) -> bool:
    try:
        validate(clearing, account)
    except (InvalidFormat, InvalidLength, InvalidChecksum):
        return False
    return True


def autogiro_account(clearing: str | int, account: str | int) -> str:
    """The 16-digit account field of Autogiro's mandate records: the 4-digit clearing
    number and the account number right-aligned in 12 digits (validated)."""
    valid = validate(clearing, account)
    return valid.clearing + valid.account.rjust(12, "0")


def split_autogiro_account(field: str) -> BankAccount:
    """Clearing and account number of an Autogiro account field as Bankgirot reports it
    (not checked again: the bank did)."""
    digits = digits_only(field).rjust(16, "0")
    if len(digits) != 16:
        raise InvalidLength(f"an Autogiro account field has 16 digits, not {len(digits)}")
    return BankAccount(digits[:4], digits[4:].lstrip("0") or "0")
