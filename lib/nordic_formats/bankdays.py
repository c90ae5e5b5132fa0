"""Bank days in Sweden and Norway: the days on which direct debits are settled.

A bank day is a Monday to Friday that is not a bank holiday of the country.
:func:`bank_holidays` lists the holidays by their rule, whatever weekday they fall on
(1 May on a Saturday is in it); ordinary Saturdays and Sundays are not in it, they are
never bank days (:func:`is_bank_day`).

Sweden (``"SE"``): the days Swedish banks and Bankgirot do not settle.

* The public holidays of lag (1989:253) om allmänna helgdagar that can fall on a
  weekday: New Year's Day (1 Jan), Epiphany (6 Jan), Good Friday, Easter Monday, 1 May,
  Ascension Day (Easter + 39 days), National Day (6 June), Christmas Day (25 Dec),
  Boxing Day (26 Dec). Whit Monday has not been a holiday since 2005 (when 6 June became
  one); Midsummer Day and All Saints' Day are Saturdays by the act, Easter Day and
  Whitsunday Sundays.
* The eves that are no public holidays but no bank days either: Midsummer Eve (the
  Friday between 19 and 25 June), Christmas Eve (24 Dec), New Year's Eve (31 Dec).
  Bankgirot, "Vanliga frågor" on Autogiro: "6:e juni samt aftnarna midsommarafton,
  julafton och nyårsafton är dagar som kan infalla på en vardag, men är inte en
  bankdag", referring to the Riksbank's list of bank holidays ("Bankhelgdagar"; its
  "Holidays 2026" gives exactly the days above for 2026).
* A payment whose date is no bank day is made on the next bank day: Bankgirot's
  "Stopptider för filer i december 2016" (Autogiro debits due 31/12/2016 were drawn on
  2 January 2017). That is :func:`next_bank_day`.

Norway (``"NO"``): the days Norges Bank's settlement system (NBO) is closed besides
weekends, by Norges Bank's "Oppgjørsdager" (settlement days) pages: New Year's Day
(1 Jan), Maundy Thursday (Easter - 3), Good Friday, Easter Monday, 1 May, Constitution
Day (17 May), Ascension Day (Easter + 39), Whit Monday (Easter + 50), Christmas Eve
(24 Dec), Christmas Day (25 Dec) and Boxing Day (26 Dec). Those are the holidays of the
helligdagsloven (lov 24. februar 1995 nr. 12, § 2) and of the act on 1 and 17 May as
public holidays (lov 26. april 1947 nr. 1) that can fall on a weekday, plus Christmas
Eve, which is no public holiday but on Norges Bank's lists (already on the 2006 page).
New Year's Eve (31 Dec) is *not* in the Norwegian list: Norges Bank's lists (the
English "Settlement days" page, "Oppgjørsdager 2017") do not name it, and Norwegian
banks settled on it when it was a weekday (Skagerrak Sparebank: "Siste frist for å
betale regninger i 2021 er fredag 31. desember", with the first due date after it on
3 January 2022). Norges Bank's page for the current year could not be consulted:
should it name New Year's Eve, it belongs here.

The rules are those in force now (for Sweden since 2005); earlier years are not
modelled. Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/
Butcher), no holiday package.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

COUNTRIES = ("SE", "NO")
# the banks' own clock: cut-offs and "today" of a file are those of the country's day
TIME_ZONES = {"SE": ZoneInfo("Europe/Stockholm"), "NO": ZoneInfo("Europe/Oslo")}

_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Easter Day of ``year`` in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    to_sunday = (32 + 2 * e + 2 * i - h - k) % 7  # from the Paschal full moon
    m = (a + 11 * h + 22 * to_sunday) // 451
    month, day = divmod(h + to_sunday - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _check_country(country: str) -> None:
    if country not in COUNTRIES:
        raise ValueError(
            f"no bank-day calendar for country {country!r} (known: {', '.join(COUNTRIES)})"
        )


def _date(day: datetime.date) -> datetime.date:
    # a datetime is a date to isinstance, but never equal to one: 1 Jan 2026 00:00 would
    # not be found among the holidays
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"a date is needed, not {day!r}")
    return day


@lru_cache
def _holidays(year: int, country: str) -> frozenset[datetime.date]:
    easter = easter_sunday(year)

    def fixed(month: int, day: int) -> datetime.date:
        return datetime.date(year, month, day)

    def from_easter(days: int) -> datetime.date:
        return easter + datetime.timedelta(days=days)

    if country == "SE":
        midsummer_eve = fixed(6, 19) + datetime.timedelta(days=(4 - fixed(6, 19).weekday()) % 7)
        days = (
            fixed(1, 1),
            fixed(1, 6),
            from_easter(-2),  # Good Friday
            from_easter(1),  # Easter Monday
            fixed(5, 1),
            from_easter(39),  # Ascension Day
            fixed(6, 6),
            midsummer_eve,
            fixed(12, 24),
            fixed(12, 25),
            fixed(12, 26),
            fixed(12, 31),
        )
    else:  # "NO"
        days = (
            fixed(1, 1),
            from_easter(-3),  # Maundy Thursday
            from_easter(-2),  # Good Friday
            from_easter(1),  # Easter Monday
            fixed(5, 1),
            fixed(5, 17),
            from_easter(39),  # Ascension Day
            from_easter(50),  # Whit Monday
            fixed(12, 24),
            fixed(12, 25),
            fixed(12, 26),
        )
    return frozenset(days)


def bank_holidays(year: int, country: str) -> frozenset[datetime.date]:
    """The bank holidays of ``country`` (``"SE"`` or ``"NO"``) in ``year``, on whatever
    weekday they fall; ordinary weekends are not in it. Computed once per year and
    country (the last 128 are kept). An unknown country raises :class:`ValueError`."""
    _check_country(country)
    return _holidays(year, country)


def is_bank_day(day: datetime.date, country: str) -> bool:
    """Whether ``day`` is a Monday to Friday that is no bank holiday of ``country``."""
    day = _date(day)
    return day not in bank_holidays(day.year, country) and day.weekday() < 5


def next_bank_day(day: datetime.date, country: str) -> datetime.date:
    """``day`` itself when it is a bank day, else the first bank day after it (where a
    debit due on a weekend or holiday is made)."""
    day = _date(day)
    while not is_bank_day(day, country):
        day += _DAY
    return day


def add_bank_days(day: datetime.date, n: int, country: str) -> datetime.date:
    """The ``n``-th bank day after :func:`next_bank_day` of ``day`` (``n`` >= 0): a day
    that is no bank day first rolls forward to the next one, then ``n`` bank days are
    counted (as ``numpy.busday_offset`` with ``roll="forward"``). Friday + 1 is Monday,
    Saturday + 0 is Monday and Saturday + 1 Tuesday: a lead time of one bank day from a
    weekend starts on Monday."""
    if n < 0:
        raise ValueError(f"a number of bank days >= 0 is needed, not {n}")
    day = next_bank_day(day, country)
    for _ in range(n):
        day = next_bank_day(day + _DAY, country)
    return day


def today(country: str) -> datetime.date:
    """The date now in ``country`` (its banks' day), whatever the server's or the user's
    time zone: from 23:00 or 22:00 UTC it is already tomorrow in Stockholm and Oslo."""
    _check_country(country)
    return datetime.datetime.now(TIME_ZONES[country]).date()
