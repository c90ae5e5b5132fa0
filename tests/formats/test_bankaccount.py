"""Swedish bank account numbers: every kind of account of Bankgirot's table."""

import pytest

from nordic_formats.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from nordic_formats.se import bankaccount


@pytest.mark.parametrize(
    ("clearing", "account", "normal"),
    [
        ("5000", "1234560", ("5000", "1234560")),  # SEB, type 1 comment 1
        ("1200", "123 456-2", ("1200", "1234562")),  # Danske Bank, type 1 comment 1
        ("9020", "1234566", ("9020", "1234566")),  # Länsförsäkringar, type 1 comment 2
        ("6000", "123456789", ("6000", "123456789")),  # Handelsbanken, type 2 comment 2
        ("3300", "811228-9874", ("3300", "8112289874")),  # Nordea personkonto
        ("8901-1", "3232323232", ("8901", "3232323232")),  # Swedbank, 5-digit clearing
        ("8901", "3232323232", ("8901", "3232323232")),  # the same as Autogiro writes it
        ("9960", "42 18", ("9960", "0000004218")),  # PlusGirot: padded with zeros
    ],
)
def test_valid_accounts(clearing, account, normal):
    assert tuple(bankaccount.validate(clearing, account)) == normal
    assert bankaccount.is_valid(clearing, account)


@pytest.mark.parametrize(
    ("clearing", "account", "error"),
    [
        ("5000", "1234561", InvalidChecksum),
        ("6000", "123456788", InvalidChecksum),
        ("3300", "8112289875", InvalidChecksum),
        ("5000", "12345601", InvalidLength),  # 8 digits at SEB
        ("3300", "81122898", InvalidLength),
        ("500", "1234560", InvalidLength),
        ("9999", "1234560", InvalidFormat),  # no bank
        ("5000", "12E4560", InvalidFormat),
    ],
)
def test_invalid_accounts(clearing, account, error):
    with pytest.raises(error):
        bankaccount.validate(clearing, account)
    assert not bankaccount.is_valid(clearing, account)


def test_autogiro_account_field():
    assert bankaccount.autogiro_account("5000", "1234560") == "5000000001234560"
    assert bankaccount.autogiro_account("8901-1", "3232323232") == "8901003232323232"
    assert bankaccount.split_autogiro_account("3300001212121212") == ("3300", "1212121212")
    with pytest.raises(InvalidChecksum):
        bankaccount.autogiro_account("5000", "1234561")


def test_bank_of_a_clearing_number():
    assert bankaccount.bank("6789") == "Handelsbanken"
    assert bankaccount.bank("8327-9") == "Swedbank"
