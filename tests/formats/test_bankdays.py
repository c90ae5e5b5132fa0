"""Swedish and Norwegian bank days, and the earliest due date of an AvtaleGiro claim."""

import datetime
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from netsgiro.utils import get_minimum_due_date

from nordic_formats import bankdays
from nordic_formats.bankdays import (
    add_bank_days,
    bank_holidays,
    easter_sunday,
    is_bank_day,
    next_bank_day,
)
from nordic_formats.no.nets import earliest_due_date

OSLO = ZoneInfo("Europe/Oslo")

# written out from the calendars (Riksbank "Holidays 2026", Norges Bank's settlement days)
SE_HOLIDAYS = {
    2026: {
        date(2026, 1, 1),  # New Year's Day, Thursday
        date(2026, 1, 6),  # Epiphany, Tuesday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),  # Friday
        date(2026, 5, 14),  # Ascension Day, Thursday
        date(2026, 6, 6),  # National Day, Saturday
        date(2026, 6, 19),  # Midsummer Eve, Friday
        date(2026, 12, 24),  # Christmas Eve, Thursday
        date(2026, 12, 25),  # Christmas Day, Friday
        date(2026, 12, 26),  # Boxing Day, Saturday
        date(2026, 12, 31),  # New Year's Eve, Thursday
    },
    2027: {
        date(2027, 1, 1),  # Friday
        date(2027, 1, 6),  # Wednesday
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 1),  # Saturday
        date(2027, 5, 6),  # Ascension Day
        date(2027, 6, 6),  # Sunday
        date(2027, 6, 25),  # Midsummer Eve
        date(2027, 12, 24),  # Friday
        date(2027, 12, 25),  # Saturday
        date(2027, 12, 26),  # Sunday
        date(2027, 12, 31),  # Friday
    },
}
NO_HOLIDAYS = {
    2026: {
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),  # Friday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 17),  # Constitution Day, Sunday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 24),  # Christmas Eve
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 26),  # Boxing Day, Saturday
    },
    2027: {
        date(2027, 1, 1),
        date(2027, 3, 25),  # Maundy Thursday
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 1),  # Saturday
        date(2027, 5, 6),  # Ascension Day
        date(2027, 5, 17),  # Constitution Day and Whit Monday (Easter + 50) at once
        date(2027, 12, 24),
        date(2027, 12, 25),
        date(2027, 12, 26),
    },
}


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, date(1818, 3, 22)),  # the earliest possible date
        (2000, date(2000, 4, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


@pytest.mark.parametrize("year", [2026, 2027])
def test_swedish_bank_holidays(year):
    assert bank_holidays(year, "SE") == SE_HOLIDAYS[year]


@pytest.mark.parametrize("year", [2026, 2027])
def test_norwegian_bank_holidays(year):
    assert bank_holidays(year, "NO") == NO_HOLIDAYS[year]


def test_bank_holidays_are_computed_once_and_cannot_be_changed():
    assert bank_holidays(2026, "SE") is bank_holidays(2026, "SE")
    assert isinstance(bank_holidays(2026, "NO"), frozenset)


def test_swedish_midsummer_eve_is_the_friday_from_19_to_25_june():
    for year in range(2020, 2060):
        # Ascension Day can fall on 1-3 June, National Day is 6 June
        (eve,) = (day for day in bank_holidays(year, "SE") if day.month == 6 and day.day > 6)
        assert eve.weekday() == 4
        assert 19 <= eve.day <= 25


def test_whit_monday_is_no_swedish_holiday_and_movable_holidays_fall_on_weekdays():
    assert date(2026, 5, 25) not in bank_holidays(2026, "SE")
    # only the fixed dates can fall on a weekend; the Easter days and Midsummer Eve never do
    fixed = {(1, 1), (1, 6), (5, 1), (5, 17), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)}
    for country in bankdays.COUNTRIES:
        for year in range(2020, 2060):
            for day in bank_holidays(year, country):
                assert day.weekday() < 5 or (day.month, day.day) in fixed


def test_is_bank_day():
    assert is_bank_day(date(2026, 3, 10), "SE")  # an ordinary Tuesday
    assert not is_bank_day(date(2026, 3, 14), "SE")  # Saturday
    assert not is_bank_day(date(2026, 3, 15), "NO")  # Sunday
    # where the countries differ
    assert not is_bank_day(date(2026, 1, 6), "SE") and is_bank_day(date(2026, 1, 6), "NO")
    assert is_bank_day(date(2026, 4, 2), "SE") and not is_bank_day(date(2026, 4, 2), "NO")
    assert is_bank_day(date(2026, 5, 25), "SE") and not is_bank_day(date(2026, 5, 25), "NO")
    assert is_bank_day(date(2026, 6, 19), "NO") and not is_bank_day(date(2026, 6, 19), "SE")
    assert is_bank_day(date(2026, 12, 31), "NO") and not is_bank_day(date(2026, 12, 31), "SE")


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2026, 3, 10), "SE", date(2026, 3, 10)),  # a bank day is its own
        (date(2026, 3, 14), "SE", date(2026, 3, 16)),  # Saturday -> Monday
        (date(2026, 3, 15), "NO", date(2026, 3, 16)),  # Sunday -> Monday
        (date(2026, 4, 3), "SE", date(2026, 4, 7)),  # Good Friday -> after Easter Monday
        (date(2026, 4, 2), "SE", date(2026, 4, 2)),  # Maundy Thursday settles in Sweden
        (date(2026, 4, 2), "NO", date(2026, 4, 7)),  # not in Norway
        (date(2026, 6, 19), "SE", date(2026, 6, 22)),  # Midsummer Eve
        (date(2026, 12, 24), "SE", date(2026, 12, 28)),  # Christmas: Thursday -> Monday
        (date(2026, 12, 24), "NO", date(2026, 12, 28)),
        (date(2026, 12, 31), "SE", date(2027, 1, 4)),  # New Year's Eve, New Year's Day
        (date(2026, 12, 31), "NO", date(2026, 12, 31)),
        (date(2027, 1, 1), "NO", date(2027, 1, 4)),
        (date(2027, 5, 17), "NO", date(2027, 5, 18)),
    ],
)
def test_next_bank_day(day, country, expected):
    assert next_bank_day(day, country) == expected


@pytest.mark.parametrize(
    ("day", "n", "country", "expected"),
    [
        (date(2026, 3, 10), 0, "SE", date(2026, 3, 10)),
        (date(2026, 3, 13), 1, "SE", date(2026, 3, 16)),  # Friday + 1 = Monday
        (date(2026, 3, 14), 0, "SE", date(2026, 3, 16)),  # Saturday rolls to Monday
        (date(2026, 3, 14), 1, "SE", date(2026, 3, 17)),  # then counts from there
        (date(2026, 3, 9), 5, "NO", date(2026, 3, 16)),  # a week
        (date(2026, 4, 1), 1, "SE", date(2026, 4, 2)),
        (date(2026, 4, 1), 1, "NO", date(2026, 4, 7)),  # over the Norwegian Easter
        (date(2026, 4, 1), 2, "SE", date(2026, 4, 7)),
        (date(2026, 12, 23), 1, "SE", date(2026, 12, 28)),
        (date(2026, 12, 23), 3, "SE", date(2026, 12, 30)),
        (date(2026, 12, 23), 4, "SE", date(2027, 1, 4)),  # not on New Year's Eve
        (date(2026, 12, 23), 4, "NO", date(2026, 12, 31)),
    ],
)
def test_add_bank_days(day, n, country, expected):
    assert add_bank_days(day, n, country) == expected


def test_add_bank_days_refuses_a_negative_number():
    with pytest.raises(ValueError, match="-1"):
        add_bank_days(date(2026, 3, 10), -1, "SE")


@pytest.mark.parametrize(
    "call",
    [
        lambda country: bank_holidays(2026, country),
        lambda country: is_bank_day(date(2026, 3, 14), country),  # a Saturday too
        lambda country: next_bank_day(date(2026, 3, 10), country),
        lambda country: add_bank_days(date(2026, 3, 10), 0, country),
    ],
)
@pytest.mark.parametrize("country", ["DK", "se", ""])
def test_unknown_country(call, country):
    with pytest.raises(ValueError, match=f"country {country!r}"):
        call(country)


def test_a_datetime_is_no_date():
    with pytest.raises(TypeError):
        is_bank_day(datetime.datetime(2026, 1, 1), "SE")
    with pytest.raises(TypeError):
        next_bank_day("2026-01-01", "SE")


# -- the earliest due date of an AvtaleGiro claim ------------------------------------------
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 3, 9, 13, 59), date(2026, 3, 13)),  # Monday, before 14:00
        (datetime.datetime(2026, 3, 9, 14, 0), date(2026, 3, 14)),  # from 14:00: a day later
        (datetime.datetime(2026, 3, 14, 10, 0), date(2026, 3, 20)),  # Saturday: from Monday
        (datetime.datetime(2026, 3, 14, 15, 0), date(2026, 3, 21)),
        (datetime.datetime(2026, 3, 15, 10, 0), date(2026, 3, 20)),  # Sunday
        # Easter 2026: Maundy Thursday 2, Good Friday 3 and Easter Monday 6 April
        (datetime.datetime(2026, 3, 31, 10, 0), date(2026, 4, 6)),  # 2 holidays in 4 days
        (datetime.datetime(2026, 3, 31, 15, 0), date(2026, 4, 7)),
        (datetime.datetime(2026, 4, 1, 10, 0), date(2026, 4, 7)),
        (datetime.datetime(2026, 4, 4, 10, 0), date(2026, 4, 11)),  # Saturday of Easter
        # Christmas and New Year
        (datetime.datetime(2026, 12, 22, 10, 0), date(2026, 12, 28)),
        (datetime.datetime(2026, 12, 29, 15, 0), date(2027, 1, 4)),
    ],
)
def test_earliest_due_date(now, expected):
    assert earliest_due_date(now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # winter: Oslo is UTC+1
        (datetime.datetime(2026, 3, 9, 12, 59, tzinfo=datetime.timezone.utc), date(2026, 3, 13)),
        (datetime.datetime(2026, 3, 9, 13, 0, tzinfo=datetime.timezone.utc), date(2026, 3, 14)),
        # summer: UTC+2, 12:30 UTC is 14:30 in Oslo
        (datetime.datetime(2026, 6, 1, 11, 59, tzinfo=datetime.timezone.utc), date(2026, 6, 5)),
        (datetime.datetime(2026, 6, 1, 12, 30, tzinfo=datetime.timezone.utc), date(2026, 6, 6)),
        # 23:30 UTC on Friday 13 March is Saturday 00:30 in Oslo
        (datetime.datetime(2026, 3, 13, 23, 30, tzinfo=datetime.timezone.utc), date(2026, 3, 20)),
        (datetime.datetime(2026, 3, 9, 13, 59, tzinfo=OSLO), date(2026, 3, 13)),
    ],
)
def test_earliest_due_date_in_oslo_time(now, expected):
    assert earliest_due_date(now) == expected


def test_earliest_due_date_needs_a_time():
    with pytest.raises(TypeError):
        earliest_due_date(date(2026, 3, 9))


def test_netsgiro_never_asks_for_a_later_due_date():
    """netsgiro's own check (``validate_due_date``) uses ``get_minimum_due_date``: a due
    date this library allows must pass it (as installed: without the holidays package)."""
    start = datetime.datetime(2026, 1, 1, tzinfo=OSLO)
    for hours in range(0, 2 * 365 * 24, 7):
        now = start + datetime.timedelta(hours=hours)
        assert get_minimum_due_date(now) <= earliest_due_date(now), now


def test_today_is_the_countrys_day():
    # 23:30 UTC on 1 December: 00:30 on 2 December in Stockholm and Oslo
    with freeze_time("2026-12-01 23:30:00"):
        assert datetime.datetime.now(datetime.timezone.utc).date() == date(2026, 12, 1)
        assert bankdays.today("SE") == date(2026, 12, 2)
        assert bankdays.today("NO") == date(2026, 12, 2)
    with pytest.raises(ValueError, match="no bank-day calendar"):
        bankdays.today("DK")
