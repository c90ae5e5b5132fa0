"""SIE 4: every sample read (or refused for its stated defect), exact writer output,
checksum, encodings, and write -> read round trips."""

import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nordic_formats.exceptions import FormatError
from nordic_formats.se import sie

READABLE = {
    "SIE4_Exempelfil_official_sie.se_Ovningsbolaget.SE": (4, 530, 295),
    "blinfo_BLBLOV_SIE1.SE": (1, 202, 0),
    "blinfo_BLBLOV_SIE2.SE": (2, 202, 0),
    "blinfo_BLBLOV_SIE3.SE": (3, 202, 0),
    "blinfo_BLBLOV_SIE4.SE": (4, 202, 20),
    "blinfo_BLBLOV_SIE4.SI": (4, 0, 2),
    "blinfo_BLBLOV_SIE4_UTF_8.SI": (4, 0, 2),
    "blinfo_CC3.SI": (4, 194, 0),
    "blinfo_SIE_with_long_voucher_series_number.SE": (4, 28, 44),
}
REFUSED = {
    "blinfo_BLBLOV_SIE4_UTF_8_with_empty_voucher.SE": (827, "has no transactions"),
    "blinfo_BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE": (821, "does not balance"),
    "blinfo_BLBLOV_SIE4_UTF_8_with_missing_voucher_series.SE": (821, "series is missing"),
    "blinfo_BLBLOV_SIE4_UTF_8_with_non_numeric_account_number.SE": (16, "'11AF' is not numeric"),
}


def test_every_sample_is_covered(samples):
    assert {p.name for p in (samples / "sie4").iterdir()} == set(READABLE) | set(REFUSED)


@pytest.mark.parametrize("name", READABLE)
def test_samples_are_read_and_round_trip(samples, name):
    parsed = sie.read((samples / "sie4" / name).read_bytes())
    assert (parsed.sie_type, len(parsed.accounts), len(parsed.vouchers)) == READABLE[name]
    assert all(v.balance == 0 for v in parsed.vouchers)
    for checksum in (False, True):
        buffer = io.BytesIO()
        sie.write(buffer, parsed, checksum=checksum)
        assert sie.read(buffer.getvalue()) == parsed


@pytest.mark.parametrize("name", REFUSED)
def test_defective_samples_are_refused_with_the_line(samples, name):
    line, reason = REFUSED[name]
    with pytest.raises(FormatError, match=reason) as error:
        sie.read((samples / "sie4" / name).read_bytes())
    assert error.value.line == line


def test_official_sample_details(samples):
    parsed = sie.read(
        (samples / "sie4" / "SIE4_Exempelfil_official_sie.se_Ovningsbolaget.SE").read_bytes()
    )
    assert parsed.company_name == "Övningsbolaget AB"
    assert parsed.org_no == "555555-5555"
    assert (
        parsed.company_id == r"C:\ProgramData\SPCS\SPCS Administration\F÷retag\Ovnbol2000"
    )  # literal \
    assert parsed.address == ("Siw Eriksson", "Box 1", "123 45 STORSTAD", "012-34 56 78")
    assert parsed.fiscal_years[0] == sie.FiscalYear(
        0, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
    )
    hyresratt = parsed.accounts[0]
    assert (hyresratt.number, hyresratt.name, hyresratt.type, hyresratt.sru) == (
        "1060",
        "Hyresrätt",
        "T",
        ["7201"],
    )
    assert parsed.dimensions and parsed.objects
    with_objects = [t for v in parsed.vouchers for t in v.transactions if t.objects]
    assert with_objects and all(len(pair) == 2 for t in with_objects for pair in t.objects)


def test_4i_without_voucher_numbers(samples):
    parsed = sie.read((samples / "sie4" / "blinfo_BLBLOV_SIE4.SI").read_bytes())
    first = parsed.vouchers[0]
    assert (first.series, first.number, first.text) == ("K", "", "Försäljning 25% (DF:157)")
    assert parsed.company_name == "Övningsbolaget AB"  # unquoted name with a blank
    utf8 = sie.read((samples / "sie4" / "blinfo_BLBLOV_SIE4_UTF_8.SI").read_bytes())
    assert utf8.vouchers == parsed.vouchers  # the same content, UTF-8 despite #FORMAT PC8


def small_company(vouchers=None):
    return sie.SieFile(
        company_name='Föreningen "Segel" Ideell',
        program=("Nordic suite", "18.0"),
        generated=datetime.date(2026, 11, 23),
        org_no="802000-0000",
        fiscal_years=[
            sie.FiscalYear(0, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
            sie.FiscalYear(-1, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        ],
        chart_type="BAS2014",
        accounts=[
            sie.Account("1930", "Företagskonto", "T", ["7281"]),
            sie.Account("3890", "Medlemsavgifter", "I"),
        ],
        dimensions=[sie.Dimension(1, "Kostnadsställe"), sie.Dimension(6, "Projekt")],
        objects=[sie.Object(1, "10", "Ungdom"), sie.Object(6, "P1", "Sommarläger")],
        balances=[
            sie.Balance("IB", 0, "1930", Decimal("1000.00")),
            sie.Balance("UB", 0, "1930", Decimal("1500.5")),
            sie.Balance("RES", 0, "3890", Decimal("-500.50")),
        ],
        vouchers=vouchers
        if vouchers is not None
        else [
            sie.Voucher(
                "A",
                "1",
                datetime.date(2026, 3, 1),
                "Medlemsavgift 2026",
                datetime.date(2026, 3, 2),
                transactions=[
                    sie.Transaction("1930", Decimal("500.50")),
                    sie.Transaction(
                        "3890",
                        Decimal("-500.50"),
                        objects=(("1", "10"), ("6", "P1")),
                        text="Anna A",
                    ),
                ],
            ),
        ],
    )


EXPECTED = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Nordic suite" 18.0
#GEN 20261123
#ORGNR 802000-0000
#FNAMN "Föreningen \\"Segel\\" Ideell"
#RAR 0 20260101 20261231
#RAR -1 20250101 20251231
#KPTYP BAS2014
#KONTO 1930 Företagskonto
#KTYP 1930 T
#SRU 1930 7281
#KONTO 3890 Medlemsavgifter
#KTYP 3890 I
#DIM 1 Kostnadsställe
#DIM 6 Projekt
#OBJEKT 1 10 Ungdom
#OBJEKT 6 P1 Sommarläger
#IB 0 1930 1000.00
#UB 0 1930 1500.50
#RES 0 3890 -500.50
#VER A 1 20260301 "Medlemsavgift 2026" 20260302
{
#TRANS 1930 {} 500.50
#TRANS 3890 {1 10 6 P1} -500.50 "" "Anna A"
}
"""


def test_writer_output_line_by_line():
    buffer = io.BytesIO()
    sie.write(buffer, small_company())
    assert buffer.getvalue().decode("cp437").split("\r\n") == EXPECTED.split("\n")


def test_writer_streams_vouchers_from_a_generator():
    produced = []

    def vouchers():
        for n in range(1, 10001):
            produced.append(n)
            yield sie.Voucher(
                "B",
                str(n),
                datetime.date(2026, 1, 1),
                transactions=[
                    sie.Transaction("1930", Decimal("1.00")),
                    sie.Transaction("3890", Decimal("-1.00")),
                ],
            )

    lines = sie.write_lines(small_company(vouchers()))
    for line in lines:
        if line.startswith("#VER"):
            break
    assert len(produced) == 1, "vouchers are produced as they are written, not collected first"
    buffer = io.BytesIO()
    sie.write(buffer, small_company(vouchers()))
    assert len(sie.read(buffer.getvalue()).vouchers) == 10000


def test_characters_outside_cp437_are_approximated():
    company = small_company()
    company.company_name = "Åke Ćwik € Łoś"
    buffer = io.BytesIO()
    sie.write(buffer, company)
    assert sie.read(buffer.getvalue()).company_name == "Åke Cwik ? ?os"


def test_checksum_follows_section_10():
    assert sie._checksum_text('#KONTO 1915 "Kassa \\"special\\""') == '#KONTO1915Kassa "special"'
    assert sie._checksum_text(
        '#TRANS 7010 {"1" "456" "7" "47"} 13200.00'
    ) == "#TRANS701014567 4713200.00".replace(" ", "")
    buffer = io.BytesIO()
    sie.write(buffer, small_company(), checksum=True)
    text = buffer.getvalue().decode("cp437")
    assert text.split("\r\n")[1] == "#KSUMMA" and text.rstrip().rsplit("\r\n", 1)[1].startswith(
        "#KSUMMA "
    )
    assert sie.read(buffer.getvalue()).company_name
    tampered = text.replace("500.50", "500.51", 1).replace("-500.50", "-500.51", 1)
    with pytest.raises(FormatError, match="KSUMMA says"):
        sie.read(tampered.encode("cp437"))
    truncated = text.rsplit("#KSUMMA ", 1)[0]
    with pytest.raises(FormatError, match="no closing one"):
        sie.read(truncated.encode("cp437"))


def test_encodings_real_files_use():
    text = EXPECTED.replace("\n", "\r\n")
    for encoding in ("cp437", "utf-8", "latin-1"):
        assert sie.read(text.encode(encoding)).company_name == 'Föreningen "Segel" Ideell', encoding


def test_structure_errors():
    with pytest.raises(FormatError, match="outside a voucher"):
        sie.read(EXPECTED.replace("#VER", "#TRANS 1930 {} 1.00\n#VER", 1))
    with pytest.raises(FormatError, match="must be followed by"):
        sie.read(EXPECTED.replace("{\n#TRANS 1930", "#TRANS 1930", 1))
    with pytest.raises(FormatError, match="not closed"):
        sie.read(EXPECTED.rsplit("}", 1)[0])
    with pytest.raises(FormatError, match="is not an amount") as error:
        sie.read(EXPECTED.replace("#TRANS 1930 {} 500.50", "#TRANS 1930 {} 5OO.50"))
    assert error.value.line == 25
    with pytest.raises(FormatError, match="quoted field is not closed"):
        sie.read(EXPECTED.replace('"Anna A"', '"Anna A'))
    with pytest.raises(FormatError, match="before its #KONTO"):
        sie.read(EXPECTED.replace("#KTYP 3890 I", "#KTYP 4000 I"))


def test_unknown_labels_and_blank_lines_are_ignored():
    text = EXPECTED.replace("#KPTYP BAS2014", '#KPTYP BAS2014\n\n#FUTURE 1 2 3\n\t#PROSA "Hej"')
    assert sie.read(text) == sie.read(EXPECTED)


# a trailing backslash cannot be written in SIE (see sie.quote), so none is generated
names = st.text(alphabet='abcdefghijklmnopqrstuvwxyzåäöÅÄÖ "\\-{}', max_size=30).filter(
    lambda text: not text.strip().endswith("\\")
)
amounts = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def vouchers(draw):
    lines = draw(
        st.lists(
            st.tuples(st.sampled_from(["1930", "3890", "7010"]), amounts, names),
            min_size=1,
            max_size=6,
        )
    )
    transactions = [
        sie.Transaction(account, amount, text=text.strip(), objects=(("1", "10"),) if i % 2 else ())
        for i, (account, amount, text) in enumerate(lines)
    ]
    transactions.append(sie.Transaction("2990", -sum(t.amount for t in transactions)))
    return sie.Voucher(
        draw(st.sampled_from(["A", "B", "LEV1"])),
        str(draw(st.integers(1, 10**6))),
        datetime.date(2026, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 364))),
        text=draw(names).strip(),
        transactions=transactions,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(vouchers(), max_size=5), names, st.booleans())
def test_read_of_write_is_identity(generated, company_name, checksum):
    company = small_company(generated)
    company.company_name = company_name.strip() or "X"
    company.accounts = [
        sie.Account(a, n.strip()) for a, n in (("1930", company_name), ("2990", "Ö"))
    ]
    buffer = io.BytesIO()
    sie.write(buffer, company, checksum=checksum)
    assert sie.read(buffer.getvalue()) == company
