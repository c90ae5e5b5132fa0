"""Autogiro (new layout): files to Bankgirot written byte for byte, reports read and checked."""

import datetime

import pytest

from nordic_formats._records import decode
from nordic_formats.exceptions import FormatError, TotalsMismatch
from nordic_formats.payments import MandateStatus
from nordic_formats.se import autogiro as ag

PAYMENTS = "autogiro_exempelfil-betalningsunderlag_sv.txt"
MANDATES = "autogiro_exempelfil_medgivandeunderlag_sv.txt"
AMENDMENTS = "autogiro_exempelfilermakulerings-andringsunderlag_sv.txt"
SPECIFICATION = "autogiro_exempelfil_bet-spec-o-tk_sv.txt"
ADVICE = "autogiro_exempelfiler_medgivandeavisering_sv.txt"
REJECTED = "autogiro_exempelfilavvisade_betalningsuppdrag_sv.txt"
EMANDATES = "autogiro_exempelfil_nya_medgivanden_via_internetbank_sv.txt"
REGISTER = "autogiro_exempelfil-utdrag-ur-medgivanderegistret_sv.txt"
BGMAX = "autogiro_exempelfil_bg-max-forma_sv.txt"  # read by test_bgmax


def data(samples, name):
    return (samples / "autogiro" / "new_layout" / name).read_bytes()


def sample_records(samples, name):
    """The records of a sample: its lines from the first TK01 on, without trailing blanks."""
    lines = [line.rstrip() for line in decode(data(samples, name)).splitlines()]
    start = next(i for i, line in enumerate(lines) if line[:2].isdigit())
    return [line for line in lines[start:] if line]


def test_all_new_layout_samples_are_covered(samples):
    names = {p.name for p in (samples / "autogiro" / "new_layout").glob("*.txt")}
    assert names == {
        PAYMENTS,
        MANDATES,
        AMENDMENTS,
        SPECIFICATION,
        ADVICE,
        REJECTED,
        EMANDATES,
        REGISTER,
        BGMAX,
    }


@pytest.mark.parametrize(
    ("name", "writer", "attribute"),
    [
        (PAYMENTS, ag.write_payments, "payments"),
        (MANDATES, ag.write_mandates, "mandates"),
        (AMENDMENTS, ag.write_amendments, "amendments"),
    ],
)
def test_files_to_bankgirot_are_written_byte_for_byte(samples, name, writer, attribute):
    (section,) = ag.read_requests(data(samples, name))
    written = writer(
        section.payee_bankgiro, section.customer_number, section.date, getattr(section, attribute)
    )
    assert written.endswith("\r\n")
    records = written.split("\r\n")[:-1]
    assert all(len(record) == 80 for record in records)
    assert [record.rstrip() for record in records] == sample_records(samples, name)


def test_payment_orders_in_detail(samples):
    (section,) = ag.read_requests(data(samples, PAYMENTS))
    assert (section.payee_bankgiro, section.customer_number, section.date) == (
        "9902346",
        471117,
        datetime.date(2008, 6, 11),
    )
    monthly = section.payments[2]
    assert (monthly.period, monthly.repetitions, monthly.amount, monthly.reference) == (
        5,
        6,
        110000,
        "MÅNAD-2008",
    )
    genast = section.payments[4]
    assert genast.date is None and genast.payer_number == "3331022"
    assert [p.payout for p in section.payments].count(True) == 4


def test_mandate_requests_in_detail(samples):
    (section,) = ag.read_requests(data(samples, MANDATES))
    actions = [m.action for m in section.mandates]
    assert actions == [
        "new",
        "new",
        "new",
        "accept",
        "accept",
        "accept",
        "reject",
        "reject",
        "cancel",
        "cancel",
        "change",
        "change",
        "change",
    ]
    new = section.mandates[0]
    assert (new.payer_number, new.account, new.id_number) == (
        "101",
        "3300001212121212",
        "191212121212",
    )
    assert section.mandates[-1].new_payer_number == "3330202"


def test_writer_refuses_what_bankgirot_would_refuse():
    today = datetime.date(2026, 1, 1)
    with pytest.raises(ValueError, match="GENAST"):
        ag.write_payments("9912346", 1, today, [ag.PaymentOrder("1", 100, None, period=1)])
    with pytest.raises(ValueError, match="12 digits"):
        ag.write_payments("9912346", 1, today, [ag.PaymentOrder("1", 10**12, today)])
    with pytest.raises(ValueError, match="does not fit"):
        ag.write_payments(
            "9912346", 1, today, [ag.PaymentOrder("1", 100, today, reference="X" * 17)]
        )
    with pytest.raises(ValueError, match="23-29"):
        ag.write_amendments("9912346", 1, today, [ag.Amendment("22")])
    with pytest.raises(ValueError, match="unknown mandate action"):
        ag.write_mandates("9912346", 1, today, [ag.MandateRequest("delete", "1")])


def test_request_file_errors(samples):
    records = sample_records(samples, PAYMENTS)
    records[1] = records[1][:43] + "0009912346" + records[1][53:]
    with pytest.raises(FormatError, match="differs from the opening") as error:
        ag.read_requests("\r\n".join(records))
    assert error.value.line == 2
    with pytest.raises(FormatError, match="starts with an opening record"):
        ag.read_requests("\r\n".join(sample_records(samples, PAYMENTS)[1:]))
    records = sample_records(samples, PAYMENTS)
    records.insert(3, "Not a record")
    with pytest.raises(FormatError, match="not an Autogiro record"):
        ag.read_requests("\r\n".join(records))


def test_payment_specification(samples):
    report = ag.read_report(data(samples, SPECIFICATION))
    assert report.content == "BET. SPEC & STOPP TK"
    assert [d.kind for d in report.deposits] == ["15", "16", "17", "17"]
    assert len(report.payments) == 12 and len(report.refunds) == 2
    statuses = [p.status for p in report.payments if not p.payout]
    assert statuses == ["0", "0", "0", "0", "0", "1", "2", "9"]
    assert report.payments[1].reference == "FAKTNR156"  # zero-padded by Bankgirot
    payments = report.incoming_payments()
    assert len(payments) == 8  # 5 debits and 3 payouts were executed
    assert sum(p.amount_minor for p in payments) == 5 * 300000 - 3 * 100000
    assert len({p.unique_id for p in payments}) == 8
    assert report.refunds[0].refund_code == "02"


def test_specification_totals_are_checked(samples):
    records = sample_records(samples, SPECIFICATION)
    records[1] = records[1][:50] + "000000000001600000" + records[1][68:]
    with pytest.raises(TotalsMismatch) as error:
        ag.read_report("\r\n".join(records))
    assert (error.value.line, error.value.field) == (2, "amount")
    records = sample_records(samples, SPECIFICATION)
    records[-1] = records[-1][:20] + "000000000006" + records[-1][32:]
    with pytest.raises(TotalsMismatch, match="says 6"):
        ag.read_report("\r\n".join(records))
    with pytest.raises(FormatError, match="incomplete"):
        ag.read_report("\r\n".join(sample_records(samples, SPECIFICATION)[:-1]))


def test_mandate_advice(samples):
    report = ag.read_report(data(samples, ADVICE))
    assert len(report.mandates) == 10
    created = [m for m in report.mandates if m.status is MandateStatus.ACTIVE]
    assert [m.payer_reference for m in created] == ["103", "101", "104"]
    first = report.mandates[0]
    assert (first.account, first.payer_org_no, first.info_code, first.date) == (
        "5001000001000020",
        "196803050000",
        "04",
        datetime.date(2008, 6, 11),
    )
    assert {m.comment for m in report.mandates if m.status is MandateStatus.REJECTED} == {
        "29",
        "21",
    }


def test_rejected_payments(samples):
    report = ag.read_report(data(samples, REJECTED))
    assert len(report.payments) == 8
    assert report.payments[0].status == "02"
    impossible = next(p for p in report.payments if p.status == "12")
    assert impossible.date is None  # 2008-06-33 was the reason it was rejected


def test_internet_bank_mandates(samples):
    report = ag.read_report(data(samples, EMANDATES))
    assert [m.payer_reference for m in report.mandates] == ["111", "112", "113", "114"]
    assert all(m.status is MandateStatus.PENDING for m in report.mandates)
    first = report.mandates[0]
    assert first.comment == "JAG ÖNSKAR BETALA MÅNADSVIS"
    assert first.extra == {
        "name": "ANDERS JOHANSSON",
        "address": "C/O ANNA NILSSON\nLUGNA GATAN 5\n12838 SKARPNÄCK",
    }
    assert report.mandates[2].extra["address"].endswith("USA")


def test_mandate_register(samples):
    mandates = ag.read_mandate_register(data(samples, REGISTER))
    assert len(mandates) == 7
    assert [m.status for m in mandates].count(MandateStatus.PENDING) == 2
    assert mandates[3].account == "3300001212121212" and mandates[3].payer_org_no == "191212121212"


def test_cancellation_report_with_overpunched_totals():
    opening = "01AUTOGIRO              20080611            MAKULERING/ÄNDRING  4711170009912346"
    records = [
        opening,
        "2320080612"
        + "0000000000000101"
        + "82"
        + "000000120000"
        + "0" * 8
        + "0" * 8
        + "0" * 16
        + "12",
        "2920080613"
        + "0000000000000102"
        + "32"
        + "000000000035"
        + "REFERENS"
        + "20080620"
        + "0000000FAKTNR157"
        + "14",
        "0920080611"
        + "9900"
        + " " * 14
        + "00000000003N"
        + "000001"
        + "000001"
        + "0000"
        + "00000012000å"
        + "0" * 12,
    ]
    report = ag.read_report("\r\n".join(records))
    assert [(c.code, c.payout, c.amount, c.new_date, c.reference) for c in report.changes] == [
        ("23", False, 120000, None, ""),
        ("29", True, 35, datetime.date(2008, 6, 20), "FAKTNR157"),
    ]
    records[-1] = records[-1][:28] + "00000000004N" + records[-1][40:]
    with pytest.raises(TotalsMismatch, match="payout total"):
        ag.read_report("\r\n".join(records))


def test_old_layout(samples):
    """Files to Bankgirot have the same layout in both; reports in the old layout are
    refused with a reason, not misread."""
    for path in sorted((samples / "autogiro" / "old_layout").iterdir()):
        if "till" in path.name or "underlag" in path.name:
            assert ag.read_requests(path.read_bytes()), path.name
        elif "internetbanken" in path.name:
            assert ag.read_report(path.read_bytes()).mandates, path.name
        else:
            with pytest.raises(FormatError, match="old file layout") as error:
                ag.read_report(path.read_bytes())
            assert error.value.field == "layout" and error.value.line is not None
