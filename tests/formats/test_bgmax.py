"""BgMax: every sample file, the totals, the pitfalls of formats.md §2.7, round trips."""

import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nordic_formats import _records
from nordic_formats.exceptions import FormatError, TotalsMismatch
from nordic_formats.payments import ReferenceKind
from nordic_formats.se import bgmax

CHECK_DIGIT_AND_LENGTH = (
    "bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_checksiffra_langd_sv.txt"
)
EXTENDED_FORMS = "bankgiroinbetalningar_avtal-ocr-kontroll_utokad-blankettregistrering-ocr-kontroll_exempelfil.txt"  # noqa: E501
NO_TERMINATORS = "bangiroinbetalningar_exempelfil_avtalutantillval_kontroller_sv.txt"
WITH_LF = "bangiroinbetalningar_exempelfil_avtalutantillval_kontroller_sv-with-new-line.txt"
NO_PADDING = (
    "no_padding_bangiroinbetalningar_exempelfil_avtalutantillval_kontroller_sv-with-new-line.txt"
)
PLUSGIRO = "bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_sv.txt"
AUTOGIRO = "autogiro/new_layout/autogiro_exempelfil_bg-max-forma_sv.txt"

# file -> (sections, payments, sum of signed amounts in öre)
EXPECTED = {
    CHECK_DIGIT_AND_LENGTH: (2, 7, 990000),
    EXTENDED_FORMS: (3, 7, 860000),
    NO_TERMINATORS: (1, 5, 85000),
    WITH_LF: (1, 5, 85000),
    NO_PADDING: (1, 5, 85000),
    PLUSGIRO: (1, 4, 210000),
}


def read(samples, name):
    path = samples / name if "/" in name else samples / "bgmax" / name
    return path.read_bytes()


@pytest.mark.parametrize("name", [*EXPECTED, AUTOGIRO])
def test_every_sample_is_read(samples, name):
    parsed = bgmax.parse(read(samples, name))
    payments = bgmax.incoming_payments(parsed)
    if name in EXPECTED:
        sections, count, total = EXPECTED[name]
        assert (len(parsed.sections), len(payments), sum(p.amount_minor for p in payments)) == (
            sections,
            count,
            total,
        )
    assert len({p.unique_id for p in payments}) == len(payments)
    assert bgmax.parse(bgmax.write(parsed)) == parsed


def test_all_bgmax_samples_are_covered(samples):
    assert {p.name for p in (samples / "bgmax").glob("*.txt")} == set(EXPECTED)


def test_check_digit_and_length_sample_in_detail(samples):
    parsed = bgmax.parse(read(samples, CHECK_DIGIT_AND_LENGTH))
    assert parsed.header.created == datetime.datetime(2004, 5, 25, 17, 30, 35, 10331)
    assert not parsed.header.test
    section = parsed.sections[0]
    assert (section.bankgiro, section.currency, section.date, section.serial) == (
        "9912346",
        "SEK",
        datetime.date(2004, 5, 25),
        "00074",
    )
    assert section.account == "5841000001009823"  # clearing number 5841 + account number
    first, deduction, several = section.payments
    assert (first.reference, first.amount, first.reference_code, first.channel) == (
        "655969",
        100000,
        "2",
        "2",
    )
    payer = first.payer
    assert (payer.name, payer.address, payer.postal_code, payer.town, payer.org_no) == (
        "Kalles Plåt AB",
        "Storgatan 2",
        "12345",
        "Storåker",
        "5500001234",
    )
    assert (
        deduction.deduction
        and deduction.signed_amount == -50000
        and deduction.deduction_code == "0"
    )
    # a TAB-damaged TK22 line still yields its reference (two TABs = 12 columns)
    assert [x.reference for x in several.extra_references] == [
        "657866",
        "658765",
        "657767",
        "657965",
    ]

    payments = bgmax.incoming_payments(parsed)
    assert payments[0].amount == Decimal("1000.00")
    assert payments[0].reference_kind is ReferenceKind.OCR
    assert payments[0].unique_id == "BGMAX:9912346:20040525:00074:1"
    assert payments[1].amount == Decimal("-500.00")
    # code 3 with the correct references repeated as TK22: those are the OCR references
    assert payments[2].reference_kind is ReferenceKind.OCR
    assert payments[2].references == ("657866", "658765", "657767", "657965")
    assert payments[2].message == "Betalning med extra refnr 657965"
    # the deposit's unknown-sender payment: sender bankgiro written left-aligned
    assert section.payments[0].payer_bankgiro == "3783511"
    assert parsed.sections[1].payments[0].payer_bankgiro == "9701233"


def test_matches_the_fabhed_parser(samples):
    expected = json.loads(read(samples, "EXPECTED-fabhed_checksiffra_langd.json"))
    values = [{p["name"]: p["value"] for p in entry["properties"]} for entry in expected]
    parsed = bgmax.parse(read(samples, CHECK_DIGIT_AND_LENGTH))
    assert int(parsed.sections[0].bankgiro) == values[1]["recipientBankgiroNumber"]
    names = [v["payerName"] for v in values if "payerName" in v]
    assert names[0] == parsed.sections[0].payments[0].payer.name


def test_extended_form_registration_allocations(samples):
    payments = bgmax.incoming_payments(bgmax.parse(read(samples, EXTENDED_FORMS)))
    split = next(p for p in payments if p.allocations and len(p.allocations) == 4)
    assert split.amount_minor == 140000
    assert split.allocations == (
        ("7495575", 100000),
        ("695668", 50000),
        ("8988777", 40000),
        ("744565", -50000),
    )
    assert sum(amount for _, amount in split.allocations) == split.amount_minor


def test_autogiro_references_are_not_trusted_as_ocr(samples):
    payments = bgmax.incoming_payments(bgmax.parse(read(samples, AUTOGIRO)))
    assert payments[0].reference == "65598"
    assert all(p.reference_kind is ReferenceKind.TEXT for p in payments)
    assert {p.transaction_type for p in payments} == {bgmax.CHANNEL_AUTOGIRO}


def test_deposit_file_is_read_back():
    day = datetime.date(2026, 2, 10)
    data = bgmax.deposit_file(
        "9912346", day, [("655969", 100000), ("65598", 2500)], serial=7, channel="4"
    )
    parsed = bgmax.parse(data)
    assert not parsed.header.test
    (section,) = parsed.sections
    assert (section.bankgiro, section.date, section.serial, section.amount) == (
        "9912346",
        day,
        "00007",
        102500,
    )
    payments = bgmax.incoming_payments(parsed)
    assert [(p.reference, p.amount_minor, p.transaction_type) for p in payments] == [
        ("655969", 100000, "4"),
        ("65598", 2500, "4"),
    ]
    assert bgmax.parse(bgmax.deposit_file("9912346", day, [], test=True)).header.test


def test_payment_channel_is_the_transaction_type(samples):
    payments = bgmax.incoming_payments(bgmax.parse(read(samples, CHECK_DIGIT_AND_LENGTH)))
    assert bgmax.CHANNEL_AUTOGIRO not in {p.transaction_type for p in payments}
    assert all(p.transaction_type for p in payments)


def test_line_endings_padding_and_encodings_read_alike(samples):
    variants = [
        bgmax.incoming_payments(bgmax.parse(read(samples, n))) for n in (NO_TERMINATORS, WITH_LF)
    ]
    assert variants[0] == variants[1]
    latin1 = read(samples, CHECK_DIGIT_AND_LENGTH)
    utf8 = latin1.decode("latin-1").encode("utf-8")
    assert bgmax.parse(utf8) == bgmax.parse(latin1)
    crlf_to_lf = latin1.replace(b"\r\n", b"\n")
    assert bgmax.incoming_payments(bgmax.parse(crlf_to_lf)) == bgmax.incoming_payments(
        bgmax.parse(latin1)
    )


# -- broken files -----------------------------------------------------------------------------
def lines_of(samples, name=CHECK_DIGIT_AND_LENGTH):
    return read(samples, name).decode("latin-1").splitlines()


def test_wrong_deposit_total(samples):
    lines = lines_of(samples)
    index = next(i for i, line in enumerate(lines) if line.startswith("15"))
    lines[index] = lines[index][:50] + "000000000000190001" + lines[index][68:]
    with pytest.raises(TotalsMismatch) as error:
        bgmax.parse("\n".join(lines))
    assert error.value.line == index + 1 and error.value.field == "deposit amount"
    assert f"line {index + 1}" in str(error.value)


def test_wrong_counts(samples):
    lines = lines_of(samples)
    lines[-1] = "70" + "00000007" + lines[-1][10:]
    with pytest.raises(TotalsMismatch, match="number of payment records"):
        bgmax.parse("\n".join(lines))
    lines = lines_of(samples)
    index = next(i for i, line in enumerate(lines) if line.startswith("15"))
    lines[index] = lines[index][:71] + "00000004" + lines[index][79:]
    with pytest.raises(TotalsMismatch, match="says 4 payments"):
        bgmax.parse("\n".join(lines))


def test_truncated_file(samples):
    data = read(samples, CHECK_DIGIT_AND_LENGTH)
    with pytest.raises(FormatError, match="incomplete"):
        bgmax.parse(data[: len(data) // 2].rsplit(b"\r\n", 1)[0])
    with pytest.raises(FormatError):  # cut inside a record
        bgmax.parse(data[:1001])


def test_broken_records(samples):
    lines = lines_of(samples)
    lines[2] = lines[2][:40] + "12A4" + lines[2][44:]
    with pytest.raises(FormatError) as error:
        bgmax.parse("\n".join(lines))
    assert (error.value.line, error.value.field) == (3, "amount")

    lines = lines_of(samples)
    lines[2] = lines[2].rstrip() + " " * (81 - len(lines[2].rstrip())) + "X"
    with pytest.raises(FormatError, match="characters long"):
        bgmax.parse("\n".join(lines))

    with pytest.raises(FormatError, match="starts with a TK01"):
        bgmax.parse("\n".join(lines_of(samples)[1:]))
    with pytest.raises(FormatError, match="empty"):
        bgmax.parse(b"")

    lines = lines_of(samples)
    lines.insert(2, lines[1])  # a second TK05 inside an open section
    with pytest.raises(FormatError, match="before the previous one was closed"):
        bgmax.parse("\n".join(lines))

    lines = lines_of(samples)
    index = next(i for i, line in enumerate(lines) if line.startswith("15"))
    lines[index] = lines[index][:37] + "20041332" + lines[index][45:]
    with pytest.raises(FormatError, match="not a date"):
        bgmax.parse("\n".join(lines))


def test_writer_refuses_a_negative_deposit():
    deduction = bgmax.Payment(
        line=0,
        deduction=True,
        payer_bankgiro="",
        reference="00",
        amount=1,
        reference_code="2",
        channel="1",
        bgc_serial="",
        image=False,
    )
    section = bgmax.Section(
        line=0,
        bankgiro="9912346",
        plusgiro="",
        currency="SEK",
        payments=[deduction],
        date=datetime.date(2026, 1, 1),
        serial="1",
    )
    header = bgmax.Header(version="01", created=datetime.datetime(2026, 1, 1), test=True)
    with pytest.raises(ValueError, match="exceed"):
        bgmax.write(bgmax.BgMaxFile(header=header, sections=[section]))


def test_unknown_record_types_are_ignored(samples):
    lines = lines_of(samples)
    lines.insert(3, "99 some future record type".ljust(80))

    def summary(text):
        return [(p.reference, p.amount, p.payer) for p in bgmax.parse(text).payments]

    assert summary("\n".join(lines)) == summary("\n".join(lines_of(samples)))


# -- generated files --------------------------------------------------------------------------
references = st.text(alphabet="0123456789", min_size=2, max_size=25)
texts = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖåäö abc", max_size=35).map(str.strip)
payment_strategy = st.builds(
    bgmax.Payment,
    line=st.just(0),
    deduction=st.booleans(),
    payer_bankgiro=st.sampled_from(["", "9912346", "3783511"]),
    reference=references,
    amount=st.integers(min_value=1, max_value=10**12),
    reference_code=st.sampled_from(["2", "3"]),
    channel=st.sampled_from(["1", "2", "3"]),
    bgc_serial=st.text(alphabet="0123456789", min_size=12, max_size=12),
    image=st.booleans(),
    payer=st.one_of(st.none(), st.builds(bgmax.Payer, name=texts, town=texts)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(payment_strategy, min_size=1, max_size=5), min_size=1, max_size=3))
def test_write_then_read_gives_the_same_payments(sections):
    assume(all(sum(p.signed_amount for p in payments) >= 0 for payments in sections))
    bgfile = bgmax.BgMaxFile(
        header=bgmax.Header(
            version="01", created=datetime.datetime(2026, 1, 2, 3, 4, 5, 6), test=True
        ),
        sections=[
            bgmax.Section(
                line=0,
                bankgiro="9912346",
                plusgiro="",
                currency="SEK",
                payments=payments,
                account="58410000010098232",
                date=datetime.date(2026, 1, 2),
                serial=f"{i:05d}",
                amount=sum(p.signed_amount for p in payments),
                count=len(payments),
            )
            for i, payments in enumerate(sections, 1)
        ],
    )
    parsed = bgmax.parse(bgmax.write(bgfile))

    def summary(payments):  # a payer with nothing known is written as no records at all
        return [
            (p.deduction, p.reference, p.amount, p.payer or bgmax.Payer(), p.bgc_serial)
            for p in payments
        ]

    assert summary(parsed.payments) == summary(bgfile.payments)
    assert [s.amount for s in parsed.sections] == [s.amount for s in bgfile.sections]


def test_lines_end_at_cr_and_lf_only():
    """Bytes that str.splitlines takes for line ends (0x85 is Windows-1252's ellipsis, 0x0C
    a form feed, 0x1C-0x1E separators) are characters of an ISO-8859-1 record."""
    name = "Kalle\x85Anka\x0cAB\x1cX\x1dY\x1eZ\x0bW"
    payment = bgmax.Payment(
        line=0,
        deduction=False,
        payer_bankgiro="9912346",
        reference="1234567897",
        amount=25000,
        reference_code="2",
        channel="1",
        bgc_serial="000000000001",
        image=False,
        payer=bgmax.Payer(name=name),
    )
    section = bgmax.Section(
        line=0,
        bankgiro="9912346",
        plusgiro="",
        currency="SEK",
        payments=[payment],
        account="58410000010098232",
        date=datetime.date(2026, 3, 25),
        serial="00001",
        amount=25000,
        count=1,
    )
    header = bgmax.Header(version="01", created=datetime.datetime(2026, 3, 25), test=False)
    text = bgmax.write(bgmax.BgMaxFile(header=header, sections=[section]))
    assert "\r\n" in text
    for data in (text.encode("latin-1"), text.replace("\r\n", "\n").encode("latin-1")):
        parsed = bgmax.parse(data)
        (read,) = parsed.payments
        assert read.payer.name == name
        assert [line for line, _record in _records.iter_records(data)] == [1, 2, 3, 4, 5, 6]
    # a CR alone ends a line too
    assert bgmax.parse(text.replace("\r\n", "\r")).payments[0].payer.name == name


def test_dates_are_ascii_digits():
    # "2026-03-25" in Arabic-Indic digits, which str.isdigit and int() accept
    with pytest.raises(FormatError, match="not a date"):
        _records.date("٢٠٢٦٠٣٢٥", 1, "date")
