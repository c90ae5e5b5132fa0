"""National identity numbers of Sweden and Norway, validated with python-stdnum.

Kinds and normal forms (what is stored):

=====================  ==========================  ===================================
kind                   example (normal form)       rule
=====================  ==========================  ===================================
se_personnummer        ``19811228-9874``           YYYYMMDD-NNNC, Luhn over 10 digits
se_samordningsnummer   ``19811288-9870``           as above, day of birth + 60
no_fodselsnummer       ``15108695088``             DDMMYYIIICC, two MOD11 digits
no_d_nummer            ``55108695012``             as above, day of birth + 40
=====================  ==========================  ===================================

Swedish numbers are stored with the century (12 digits) so that they sort by birth date
and never change meaning when a person turns 100 (the ``+`` separator of the 10-digit
form). Sources: Skatteverket SKV 704 (personnummer), SKV 707 (samordningsnummer);
Skatteetaten, "Fødselsnummer" and "D-nummer".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.no import fodselsnummer
from stdnum.se import personnummer
from stdnum.util import clean, isdigits

__all__ = [
    "KINDS",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "NationalId",
    "ValidationError",
    "parse",
]

KINDS = ("se_personnummer", "se_samordningsnummer", "no_fodselsnummer", "no_d_nummer")


@dataclass(frozen=True)
class NationalId:
    """A validated identity number with what it tells about the person."""

    number: str  # normal form
    country: str  # ISO code, "SE" or "NO"
    kind: str  # one of KINDS
    birth_date: datetime.date
    gender: str  # "male" or "female"


def _guess_country(number: str) -> str:
    """Swedish numbers have 10 or 12 digits (10 with a - or + before the last four),
    Norwegian ones 11 digits."""
    compact = clean(number, " -+:")
    if len(compact) == 11 and not (len(number.strip()) >= 5 and number.strip()[-5] in "-+"):
        return "NO"
    return "SE"


def _parse_se(number: str, today: datetime.date) -> NationalId:
    compact = personnummer.compact(number)
    if len(compact) not in (11, 13):
        raise InvalidLength()
    if compact[-5] not in "-+" or not isdigits(compact[:-5] + compact[-4:]):
        raise InvalidFormat()
    day = int(compact[-7:-5])
    coordination = day > 60
    # stdnum knows the birth date (and the century of the 10-digit form) of personnummer;
    # a samordningsnummer is the same number with 60 added to the day.
    as_personnummer = compact
    if coordination:
        as_personnummer = f"{compact[:-7]}{day - 60:02d}{compact[-5:]}"
    birth_date = personnummer.get_birth_date(as_personnummer)
    if birth_date > today:
        raise InvalidComponent()
    digits = compact[:-5] + compact[-4:]
    luhn.validate(digits[-10:])
    return NationalId(
        number=f"{birth_date.year:04d}{digits[-8:-4]}-{digits[-4:]}",
        country="SE",
        kind="se_samordningsnummer" if coordination else "se_personnummer",
        birth_date=birth_date,
        gender="male" if personnummer.get_gender(compact) == "M" else "female",
    )


def _parse_no(number: str, today: datetime.date) -> NationalId:
    compact = fodselsnummer.compact(number)
    if len(compact) != 11:
        raise InvalidLength()
    if not isdigits(compact):
        raise InvalidFormat()
    # Only numbers for persons: fødselsnummer and D-nummer. H-numbers (month + 40) and
    # FH-numbers (first digit 8 or 9) are internal to the health services.
    if int(compact[0]) >= 8 or int(compact[2:4]) > 40:
        raise InvalidComponent()
    if compact[-2] != fodselsnummer.calc_check_digit1(compact) or compact[-1] != (
        fodselsnummer.calc_check_digit2(compact)
    ):
        raise InvalidChecksum()
    birth_date = fodselsnummer.get_birth_date(compact)
    if birth_date > today:
        raise InvalidComponent()
    return NationalId(
        number=compact,
        country="NO",
        kind="no_d_nummer" if int(compact[0:2]) > 40 else "no_fodselsnummer",
        birth_date=birth_date,
        gender="male" if fodselsnummer.get_gender(compact) == "M" else "female",
    )


def parse(
    number: str, country: str | None = None, today: datetime.date | None = None
) -> NationalId:
    """Validate ``number`` and return it normalised with its birth date and gender.

    ``country`` ("SE" or "NO") decides how to read the number; without it the shape
    decides (11 digits without a separator before the last four: Norwegian). Raises a
    subclass of :class:`stdnum.exceptions.ValidationError`: ``InvalidLength``,
    ``InvalidFormat``, ``InvalidChecksum`` (wrong check digit) or ``InvalidComponent``
    (no such date of birth, a date in the future, or a kind of number not for persons).
    """
    today = today or datetime.date.today()
    country = (country or _guess_country(number)).upper()
    if country == "SE":
        return _parse_se(number, today)
    if country == "NO":
        return _parse_no(number, today)
    raise InvalidFormat()
