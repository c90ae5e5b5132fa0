"""SIE 4: every sample read (or refused for its stated defect), exact writer output,
checksum, encodings, and write -> read round trips."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

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


# -- what a reader must refuse, and where it may be lenient -------------------------------------
OWN = Path(__file__).resolve().parents[1] / "data" / "sie"
LINES = EXPECTED.split("\n")  # 27 records and the empty rest after the last line break


def with_lines(replacements=None, drop=(), lines=LINES):
    """EXPECTED with lines replaced ({1-based number: text}) or dropped."""
    replacements = replacements or {}
    return "\n".join(replacements.get(n, line) for n, line in enumerate(lines, 1) if n not in drop)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\r\n\t\r\n",
        "\ufeff",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"\x00" * 64,
        "Kontoutdrag mars 2026\n1930;500,50\n",
        "# Anteckningar\n\n#FOO 1\n#BAR {}\n",
    ],
)
def test_empty_and_garbage_input_is_refused(data):
    with pytest.raises(FormatError):
        sie.read(data)


@pytest.mark.parametrize(
    ("line", "label"), [(1, "FLAGGA"), (2, "FORMAT"), (4, "PROGRAM"), (5, "GEN"), (7, "FNAMN")]
)
def test_labels_every_sie_file_has(line, label):
    with pytest.raises(FormatError, match=f"#{label} missing") as error:
        sie.read(with_lines(drop={line}))
    assert error.value.field == label


def test_labels_of_the_type():
    # a 4E file (it has balances) has its chart of accounts and its fiscal years
    with pytest.raises(FormatError, match="#KONTO missing: a SIE 4E"):
        sie.read(with_lines(drop={11, 12, 13, 14, 15}))
    with pytest.raises(FormatError, match="#RAR missing"):
        sie.read(with_lines(drop={8, 9}))
    # a 4I file (vouchers only) needs neither
    parsed = sie.read(with_lines(drop={8, 9, 11, 12, 13, 14, 15, 20, 21, 22}))
    assert (parsed.accounts, parsed.fiscal_years, len(parsed.vouchers)) == ([], [], 1)
    # types 1-3 need them whatever they hold
    with pytest.raises(FormatError, match="#KONTO missing: a SIE type 2"):
        sie.read(with_lines({3: "#SIETYP 2"}, drop={11, 12, 13, 14, 15, 23, 24, 25, 26, 27}))
    # without #SIETYP a file is type 1, which has no vouchers
    with pytest.raises(FormatError, match="no #SIETYP") as error:
        sie.read(with_lines(drop={3}))
    assert error.value.line == 22  # the #VER, one line up without line 3
    with pytest.raises(FormatError, match="SIE type '5' is not 1-4"):
        sie.read(with_lines({3: "#SIETYP 5"}))


def test_checksum_proves_the_file_whole():
    buffer = io.BytesIO()
    sie.write(buffer, small_company(), checksum=True)
    proven = sie.read(buffer.getvalue())
    assert proven.completeness_proven and proven.warnings == []
    # with a checksum the last line needs no line break
    assert sie.read(buffer.getvalue().rstrip(b"\r\n")).completeness_proven
    text = buffer.getvalue().decode("cp437")
    with pytest.raises(FormatError, match="after the closing #KSUMMA") as error:
        sie.read(text + "#VER B 1 20260302\n{\n#TRANS 1930 {} 1.00\n#TRANS 3890 {} -1.00\n}\n")
    assert error.value.line == text.count("\n") + 1
    with pytest.raises(FormatError, match="second closing #KSUMMA"):
        sie.read(text + "#KSUMMA 1\n")


def test_without_checksum_completeness_is_not_proven():
    parsed = sie.read(EXPECTED)
    assert not parsed.completeness_proven
    (warning,) = parsed.warnings
    assert warning.field == "KSUMMA" and "cannot be proven" in str(warning)
    # a closing #KSUMMA without its opening one proves nothing either
    parsed = sie.read(EXPECTED + "#KSUMMA 12345\n")
    assert not parsed.completeness_proven
    assert [w.line for w in parsed.warnings if w.field == "KSUMMA"] == [None]
    # DOS's end-of-file mark after the last line break is no record
    assert sie.read(EXPECTED + "\x1a") == sie.read(EXPECTED)


def test_a_file_cut_in_an_amount_is_refused():
    balances = with_lines(drop=range(23, 29)) + "\n"  # a type 4E file ending "#RES 0 3890 -500.50"
    assert sie.read(balances).balances[-1].amount == Decimal("-500.50")
    cut = balances.rstrip("\n")[:-1]  # "-500.5": a valid amount, and wrong
    with pytest.raises(FormatError, match="no line break") as error:
        sie.read(cut)
    assert error.value.line == 22
    with pytest.raises(FormatError, match="no line break"):
        sie.read(cut.encode("cp437"))
    with pytest.raises(FormatError, match="no line break"):  # cut inside a voucher
        sie.read(EXPECTED[: EXPECTED.index("500.50") + 5])


@pytest.mark.parametrize(
    ("replacements", "line", "message"),
    [
        ({8: "#RAR 0 20261231 20260101"}, 8, "before it starts"),
        ({9: "#RAR -1 20250101 20251230"}, 9, "without gap or overlap"),  # a day missing
        ({9: "#RAR -1 20250101 20260101"}, 9, "without gap or overlap"),  # a day twice
        ({9: "#RAR -1 20240101 20241231"}, 9, "without gap or overlap"),  # a year missing
        ({9: "#RAR -2 20240101 20241231"}, 9, "without #RAR -1"),
        ({9: "#RAR 1 20270101 20271231"}, 9, "not 0 or negative"),
        ({9: "#RAR 0 20250101 20251231"}, 9, "given twice"),
    ],
)
def test_fiscal_years_follow_one_another(replacements, line, message):
    with pytest.raises(FormatError, match=message) as error:
        sie.read(with_lines(replacements))
    assert (error.value.line, error.value.field) == (line, "RAR")


def test_fiscal_years_of_any_length_in_any_order():
    first_year = with_lines({9: "#RAR -1 20240701 20251231"})  # 18 months, as the law allows
    assert sie.read(first_year).fiscal_years[1].start == datetime.date(2024, 7, 1)
    reversed_ = with_lines({8: LINES[8], 9: LINES[7]})
    assert [y.index for y in sie.read(reversed_).fiscal_years] == [-1, 0]


@pytest.mark.parametrize(
    ("line", "record"),
    [
        (1, "#FLAGGA {}"),
        (1, "#FLAGGA 2"),
        (1, "#FLAGGA"),
        (3, "#SIETYP {4}"),
        (8, "#RAR {} 20260101 20261231"),
        (8, "#RAR 0 {} 20261231"),
        (8, "#RAR 0 20260101"),
        (8, "#RAR ² 20260101 20261231"),
        (11, "#KONTO {1930} Företagskonto"),
        (11, "#KONTO ١٩٣٠ Företagskonto"),
        (12, "#KTYP {} T"),
        (16, "#DIM {} Kostnadsställe"),
        (18, "#OBJEKT 1 {10} Ungdom"),
        (20, "#IB 0 1930 {}"),
        (20, "#IB {} 1930 1000.00"),
        (20, "#IB 0 1930 1000.00 {}"),
        (22, "#PSALDO 0 {} 3890 {} -500.50"),
        (22, "#PSALDO 0 202613 3890 {} -500.50"),
        (22, "#OUB 0 3890 1 -500.50"),
        (23, "#VER A {} 20260301"),
        (23, "#VER {} 1 20260301"),
        (23, "#VER A 1 {}"),
        (23, "#VER A 1 20260301 {Medlemsavgift}"),
        (23, '#VER A 1 20260301 "" {}'),
        (23, '#VER A 1 20260301 "" "" {}'),
        (25, "#TRANS {} {} 500.50"),
        (25, "#TRANS 1930 {} {}"),
        (25, "#TRANS 1930 1 500.50"),
        (25, "#TRANS 1930 {1} 500.50"),
        (25, "#TRANS 1930 {} 500.50 {}"),
        (25, '#TRANS 1930 {} 500.50 "" {}'),
        (25, '#TRANS 1930 {} 500.50 "" "" {}'),
        (25, '#TRANS 1930 {} 500.50 "" "" "" {}'),
        (25, "#TRANS 1930 { 500.50"),
    ],
)
def test_malformed_fields_are_format_errors_with_the_line(line, record):
    with pytest.raises(FormatError) as error:
        sie.read(with_lines({line: record}))
    assert error.value.line == line


TOKENS = [
    "{}",
    "{1 10}",
    "{1}",
    "{",
    "}",
    '""',
    '"x y"',
    "0",
    "-1",
    "1930",
    "20260101",
    "260101",
    "202601",
    "1.5",
    "NaN",
    "1E3",
    "A",
    "²",
    "\x85",
    "\u2028",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            "FLAGGA",
            "SIETYP",
            "PROGRAM",
            "GEN",
            "FNAMN",
            "ORGNR",
            "ADRESS",
            "RAR",
            "TAXAR",
            "KPTYP",
            "VALUTA",
            "KONTO",
            "KTYP",
            "SRU",
            "ENHET",
            "DIM",
            "UNDERDIM",
            "OBJEKT",
            "IB",
            "UB",
            "RES",
            "OIB",
            "OUB",
            "PSALDO",
            "PBUDGET",
            "VER",
            "TRANS",
            "KSUMMA",
            "FORMAT",
        ]
    ),
    st.lists(st.sampled_from(TOKENS), max_size=7),
    st.sampled_from([8, 22, 25]),
)
def test_any_record_is_read_or_refused_with_a_format_error(label, fields, before):
    record = " ".join([f"#{label}", *fields])
    lines = [*LINES[: before - 1], record, *LINES[before - 1 :]]
    try:
        sie.read("\n".join(lines))
    except FormatError as error:
        assert error.line is None or 1 <= error.line <= len(lines)


@pytest.mark.parametrize(
    "amount",
    [
        "NaN",
        "nan",
        "sNaN",
        "1E3",
        "5e2",
        "1_000",
        "inf",
        "-Infinity",
        "500.505",
        "+500.50",
        "500,50",
        "٥٠٠.٥٠",
        "0x1F",
        "1.",
        ".5",
        "--1",
        "500.50-",
    ],
)
def test_amounts_are_strict(amount):
    with pytest.raises(FormatError, match="is not an amount") as error:
        sie.read(with_lines({25: f"#TRANS 1930 {{}} {amount}"}))
    assert (error.value.line, error.value.field) == (25, "amount")


def test_amounts_as_the_format_writes_them():
    for written, value in (
        ("1000", "1000"),
        ("1000.5", "1000.50"),
        ("-0.50", "-0.5"),
        ("0001000.00", "1000"),
    ):
        parsed = sie.read(with_lines({20: f"#IB 0 1930 {written}"}))
        assert parsed.balances[0].amount == Decimal(value)
    assert sie.read(with_lines({20: "#IB 0 1930 1000.00 2.125"})).balances[0].quantity == (
        Decimal("2.125")
    )
    with pytest.raises(FormatError, match="is not a quantity"):
        sie.read(with_lines({20: "#IB 0 1930 1000.00 1E3"}))


@pytest.mark.parametrize(
    "separator", ["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
)
def test_lines_end_at_cr_and_lf_only(separator):
    """str.splitlines breaks at these; in a SIE file they are characters of a text."""
    text = with_lines({26: f'#TRANS 3890 {{1 10 6 P1}} -500.50 "" "Anna{separator}A"'})
    (voucher,) = sie.read(text).vouchers
    assert voucher.transactions[1].text == f"Anna{separator}A"
    assert voucher.line == 23
    if separator == "\x85":  # Windows-1252's ellipsis in a Latin-1 file
        latin1 = sie.read(text.encode("latin-1"))
        assert latin1.vouchers[0].transactions[1].text == "Anna\x85A"


def test_line_ends_read_alike():
    expected = sie.read(EXPECTED)
    for line_end in ("\r\n", "\r"):
        assert sie.read(EXPECTED.replace("\n", line_end)) == expected


def test_lenient_where_nothing_is_lost():
    """A file written carelessly, with nothing lost: read, with a warning per departure."""
    parsed = sie.read((OWN / "sloppy_but_whole.se").read_bytes())
    assert parsed.company_name == "Segelsällskapet Vågen"
    assert parsed.generated == datetime.date(2026, 1, 15)
    assert parsed.fiscal_years[1] == sie.FiscalYear(
        -1, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    )
    assert parsed.tax_year is None
    assert [(a.number, a.type) for a in parsed.accounts] == [("1930", ""), ("3890", "I")]
    (voucher,) = parsed.vouchers
    assert voucher.date == datetime.date(2026, 3, 1)
    assert voucher.transactions[1].date == datetime.date(2026, 3, 2)
    assert [(w.line, w.field) for w in parsed.warnings] == [
        (2, "FORMAT"),
        (5, "GEN"),
        (6, "FNAMN"),
        (8, "TAXAR"),
        (10, "start"),
        (10, "end"),
        (12, "KTYP"),
        (16, "voucher date"),
        (19, "transaction date"),
        (None, "KSUMMA"),
    ]
    assert "read as 2026-03-01" in str(parsed.warnings[7])
    assert str(parsed.warnings[0]).startswith("line 2, field FORMAT: ")


def test_an_unreadable_generation_date_is_left_out_with_a_warning():
    parsed = sie.read(with_lines({5: "#GEN 2026-11-23"}))
    assert parsed.generated is None
    assert (parsed.warnings[0].line, parsed.warnings[0].field) == (5, "GEN")
    # a date the bookkeeping depends on is never guessed
    with pytest.raises(FormatError, match="not a date"):
        sie.read(with_lines({23: '#VER A 1 2026-03-01 "Medlemsavgift 2026"'}))
