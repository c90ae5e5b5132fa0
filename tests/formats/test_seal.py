"""Bankgirot's HMAC seal (Förändringsskydd med sigill) against published test values.

Expected values are never computed here: test case 1A is published by Bankgirot (www.bgc.se
"HMAC - test your code in HMAC", step 1); cases 1B-2D are Bankgirot's test cases as two
independent implementations carry them, with the same values (johansundell/bgc-hmac
``main_test.go`` and ``files/``; Synologen ``HMACMessageDigestServiceTests.cs`` and
``MessageFactory.cs``); the sealed files are Hoglandets-IT/go-bankgiro's
``tests/sealFile/*-signed.txt``; the normalisation expectations are go-bankgiro's
``seal/normalize_test.go``.
"""

import datetime
import re

import pytest

from nordic_formats.exceptions import FormatError, InvalidFormat, InvalidLength
from nordic_formats.se import autogiro as ag
from nordic_formats.se import seal as sl

TEST_KEY = "1234567890ABCDEF1234567890ABCDEF"  # Bankgirot's test key (formats.md §3.1)
TEST_KVV = "FF365893D899291C3BF505FB3175E880"

# Bankgirot's test cases 1B-2D (the file contents of johansundell/bgc-hmac's files/)
CASE_1B = b"00000\r\n0000\r\n000\r\n00\r\n0"
CASE_1C = b"\r\n".join(
    [
        b"110009912346071215LEVERANTZRSBETALNINGAR" + b" " * 39 + b"2",
        b"10000000C" + b"0" * 63 + b"2",
        b"10000000C" + b"0" * 110 + b"2",  # 120 positions: lines are not cut at 80
        b"10000000C002",
    ]
)
CASE_2A = bytes(range(0x20, 0x7F)) + b"\r\n"  # every character kept as it is
CASE_2B = "õÕ^~@`!\"#$%&'(\t)*+,-./§½".encode("latin-1")  # allowed and disallowed
CASE_2C = "ÄÖÅäöå".encode("latin-1")
CASE_2D = b"\r\n\r\n".join([b"00000000", CASE_1B, CASE_1C, CASE_2A[:-2], CASE_2B, CASE_2C])

# Hoglandets-IT/go-bankgiro tests/sealFile: an Autogiro payment section sealed 2024-04-29
TK01 = "0120240416AUTOGIRO" + " " * 44 + "0069240009925256  "
PAYMENT_1 = "82202404220    000000000020790200000008000000099252560040106553200145           "
PAYMENT_2 = "82202404260    000000000021458700000004000000099252560040107191200141           "
PAYMENT_3 = "82202404220    000000000012095900000007500000099252560040106552200146           "
SEALED_ON = datetime.date(2024, 4, 29)
TK00 = "00240429HMAC" + " " * 68
BASIC = [TK01, PAYMENT_1, PAYMENT_2, PAYMENT_3]
BASIC_TK99 = "99240429" + TEST_KVV + "284F075A27506C1F5C4EBAEB812D6BAE" + " " * 8
LONG = [TK01, PAYMENT_1, PAYMENT_2, PAYMENT_3, *[PAYMENT_2] * 13]  # blank-rows-signed.txt
LONG_TK99 = "99240429" + TEST_KVV + "31E7F491207BD2B0A8DF87DD54A3E4E8" + " " * 8


def crlf(lines):
    return "".join(line + "\r\n" for line in lines)


def test_bankgirot_published_example():
    """Step 1 of Bankgirot's test page: a file of eight zeros, the key in lower case."""
    assert sl.seal(b"00000000", "1234567890abcdef1234567890abcdef") == TEST_KVV


def test_key_verification_value_is_the_mac_of_eight_zeros():
    assert sl.key_verification_value(TEST_KEY) == TEST_KVV
    assert sl.key_verification_value(TEST_KEY.lower()) == TEST_KVV


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (CASE_1B, "9BA94363739D45256DF4B6FA3B9DE1CD"),
        (CASE_1C, "826CA6CBA33F7E1D3CC9161A0956A35B"),
        (CASE_2A, "9473EDFCAA8CD2434D6D76ABFFC991BD"),
        (CASE_2B, "20956E44B404C4085446139B2B952D77"),
        (CASE_2C, "515704694958361678194D51850FF157"),
        (CASE_2D, "68C5954818010DDDCB1EC02963E8C123"),
    ],
    ids=["1B", "1C", "2A", "2B", "2C", "2D"],
)
def test_bankgirot_test_cases(content, expected):
    assert sl.seal(content, TEST_KEY) == expected
    # the text of the same ISO-8859-1 file gives the same seal
    assert sl.seal(content.decode("latin-1"), TEST_KEY) == expected


def test_line_ends_do_not_count():
    assert sl.seal(CASE_1B.replace(b"\r\n", b"\n"), TEST_KEY) == sl.seal(CASE_1B, TEST_KEY)
    assert sl.seal(b"00000000\r\n\r\n", TEST_KEY) == TEST_KVV


def test_normalise():
    assert sl.normalise("åäöÅÄÖ") == b"}{|][\\"
    assert sl.normalise("åäö\r\nÅÄÖ\r\n\r\nmultiline-string__") == b"}{|][\\multiline-string__"
    assert sl.normalise("ÉÜéü") == b"@^`~"
    assert sl.normalise(bytes(range(0x20, 0x7F))) == bytes(range(0x20, 0x7F))
    controls = bytes(byte for byte in range(0x20) if byte not in (0x0A, 0x0D))
    assert sl.normalise(controls) == b"\xc3" * len(controls)
    high = bytes(range(0x7F, 0xA0))
    assert sl.normalise(high) == b"\xc3" * len(high)
    assert sl.normalise("\tõ§") == b"\xc3\xc3\xc3"


def test_a_character_iso_8859_1_lacks_is_refused_with_its_line():
    with pytest.raises(FormatError) as caught:
        sl.normalise("0000\r\n12€4")
    assert caught.value.line == 2
    assert "€" in str(caught.value)
    with pytest.raises(FormatError):
        sl.seal_file(crlf([TK01, "82 Łódź"]), TEST_KEY, SEALED_ON)


@pytest.mark.parametrize(
    ("key", "error"),
    [
        (TEST_KEY[:-1], InvalidLength),
        (TEST_KEY + "0", InvalidLength),
        ("", InvalidLength),
        (TEST_KEY[:-1] + "G", InvalidFormat),
        ("0x" + TEST_KEY[2:], InvalidFormat),
        ("١٢٣٤٥٦٧٨٩٠ABCDEF1234567890ABCDEF", InvalidFormat),  # Arabic-Indic digits
    ],
)
def test_bad_keys_are_refused_without_repeating_them(key, error):
    for function in (sl.key_verification_value, lambda k: sl.seal(b"0", k)):
        with pytest.raises(error) as caught:
            function(key)
        assert caught.value.field == "seal key"
        if key:
            assert key[:8] not in str(caught.value)


def test_a_key_may_be_written_in_groups():
    assert sl.key_verification_value("12345678 90ABCDEF 12345678 90ABCDEF") == TEST_KVV


def test_seal_file_writes_the_seal_records_of_an_independent_implementation():
    sealed = sl.seal_file(crlf(BASIC), TEST_KEY, SEALED_ON)
    assert sealed == crlf([TK00, *BASIC, BASIC_TK99])
    assert sl.seal_file(crlf(LONG), TEST_KEY, SEALED_ON) == crlf([TK00, *LONG, LONG_TK99])


def test_seal_file_keeps_the_type_and_the_content():
    as_bytes = sl.seal_file(crlf(BASIC).encode("latin-1"), TEST_KEY, SEALED_ON)
    assert as_bytes == crlf([TK00, *BASIC, BASIC_TK99]).encode("latin-1")
    # no line end after the last record: one is added, the seal is the same
    assert sl.seal_file(crlf(BASIC)[:-2], TEST_KEY, SEALED_ON) == crlf([TK00, *BASIC, BASIC_TK99])
    # LF line ends are kept; the seal does not depend on them
    lf = "\n".join(BASIC) + "\n"
    assert sl.seal_file(lf, TEST_KEY, SEALED_ON) == crlf([TK00]) + lf + crlf([BASIC_TK99])


def test_seal_file_refuses_a_sealed_or_empty_file_and_a_date_that_is_not_a_date():
    sealed = sl.seal_file(crlf(BASIC), TEST_KEY, SEALED_ON)
    with pytest.raises(FormatError) as caught:
        sl.seal_file("\r\n" + sealed, TEST_KEY, SEALED_ON)
    assert caught.value.line == 2
    assert "TK00" in str(caught.value)
    with pytest.raises(FormatError):
        sl.seal_file("\r\n   \r\n", TEST_KEY, SEALED_ON)
    with pytest.raises(TypeError):
        sl.seal_file(crlf(BASIC), TEST_KEY, "240429")
    with pytest.raises(InvalidLength):
        sl.seal_file(crlf(BASIC), "1234", SEALED_ON)


def test_verify_file_checks_an_independent_implementations_file():
    sealed = crlf([TK00, *LONG, LONG_TK99])
    result = sl.verify_file(sealed, TEST_KEY)
    assert result.date == SEALED_ON
    assert result.key_verification_value == TEST_KVV
    assert result.seal == "31E7F491207BD2B0A8DF87DD54A3E4E8"
    assert result.content == crlf(LONG)
    as_bytes = sl.verify_file(sealed.encode("latin-1"), TEST_KEY)
    assert as_bytes.content == crlf(LONG).encode("latin-1")
    # line ends changed on the way (CR LF to LF) do not break the seal
    assert sl.verify_file(sealed.replace("\r\n", "\n"), TEST_KEY).seal == result.seal
    # lower-case hexadecimal digits in TK99 are read
    assert sl.verify_file(crlf([TK00, *LONG, LONG_TK99.lower()]), TEST_KEY).seal == result.seal


def test_verify_file_finds_a_changed_file():
    sealed = crlf([TK00, *BASIC, BASIC_TK99])
    changed = sealed.replace("0000000207902", "0000000207903")  # one öre more
    with pytest.raises(sl.SealError) as caught:
        sl.verify_file(changed, TEST_KEY)
    assert caught.value.line == 6
    assert caught.value.field == "seal"
    # the message names the file's seal only, never the seal of the changed content (else
    # an upload screen would tell anyone how to seal a file changed at will)
    assert re.findall(r"[0-9A-F]{32}", str(caught.value)) == ["284F075A27506C1F5C4EBAEB812D6BAE"]
    # a blank added to a record changes the seal: blanks are sealed too
    with pytest.raises(sl.SealError):
        sl.verify_file(sealed.replace(PAYMENT_1, PAYMENT_1 + " "), TEST_KEY)
    # so does a record taken away
    with pytest.raises(sl.SealError):
        sl.verify_file(crlf([TK00, *BASIC[:-1], BASIC_TK99]), TEST_KEY)
    # and the date of the opening record
    with pytest.raises(sl.SealError):
        sl.verify_file(sealed.replace(TK00, TK00.replace("240429", "240430")), TEST_KEY)


def test_verify_file_finds_another_key():
    sealed = crlf([TK00, *BASIC, BASIC_TK99])
    with pytest.raises(sl.SealError) as caught:
        sl.verify_file(sealed, "00000000000000000000000000000000")
    assert caught.value.field == "key verification value"
    assert caught.value.line == 6
    assert TEST_KVV in str(caught.value)


@pytest.mark.parametrize(
    ("lines", "line", "field"),
    [
        (BASIC, 1, "record type"),  # not sealed
        ([TK00, *BASIC], 5, "record type"),  # no TK99
        ([*BASIC, BASIC_TK99], 1, "record type"),  # no TK00
        ([TK00, *BASIC, BASIC_TK99, PAYMENT_1], 7, "record type"),  # a record after TK99
        ([TK00], 1, "record type"),
        ([TK00.replace("HMAC", "NEXU"), *BASIC, BASIC_TK99], 1, "seal method"),
        ([TK00.replace("240429", "241329"), *BASIC, BASIC_TK99], 1, "date of sealing"),
        ([TK00[:-1] + "X", *BASIC, BASIC_TK99], 1, "reserved"),
        ([TK00, *BASIC, BASIC_TK99[:60]], 6, "seal"),
        ([TK00, *BASIC, BASIC_TK99.replace("FF36", "GG36")], 6, "key verification value"),
        ([TK00, *BASIC, BASIC_TK99[:-1] + "0"], 6, "reserved"),
        ([TK00, *BASIC, BASIC_TK99 + " "], 6, "reserved"),
    ],
)
def test_verify_file_refuses_broken_seal_records(lines, line, field):
    with pytest.raises(FormatError) as caught:
        sl.verify_file(crlf(lines), TEST_KEY)
    assert (caught.value.line, caught.value.field) == (line, field)


def test_verify_file_refuses_an_empty_file():
    with pytest.raises(FormatError):
        sl.verify_file(b"\r\n", TEST_KEY)


def test_an_autogiro_file_sealed_and_checked():
    """What the Autogiro writer returns is sealed as it is and read back after checking."""
    orders = [ag.PaymentOrder(payer_number="4711", amount=25000, date=datetime.date(2024, 5, 2))]
    written = ag.write_payments("9912346", 471117, datetime.date(2024, 4, 29), orders)
    sealed = sl.seal_file(written, TEST_KEY, SEALED_ON)
    assert sealed.startswith(crlf([TK00]))
    checked = sl.verify_file(sealed, TEST_KEY)
    assert checked.content == written
    assert ag.read_requests(checked.content)[0].payments[0].amount == 25000
