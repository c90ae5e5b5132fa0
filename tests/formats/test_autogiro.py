"""Autogiro (new layout): files to Bankgirot written byte for byte, reports read and checked."""

import datetime
from pathlib import Path

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
# files written for these tests (tests/data/autogiro)
OWN = Path(__file__).resolve().parents[1] / "data" / "autogiro"
CHANGES = OWN / "makuleringar_andringar.txt"
MONITORING = OWN / "bevakningsregistret.txt"


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
    assert len(payments) == 10  # 5 debits and 3 payouts were executed, 2 debits refunded
    assert sum(p.amount_minor for p in payments) == 5 * 300000 - 3 * 100000 - 20000 - 50000
    assert len({p.unique_id for p in payments}) == 10
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


def own_records(path):
    """The records of one of our files, from its opening record on (80 characters each)."""
    lines = decode(path.read_bytes()).splitlines()
    start = next(i for i, line in enumerate(lines) if line[:2].isdigit())
    return [line.ljust(80) for line in lines[start:]]


def test_cancellations_report_as_bankgirot_writes_it():
    """Records about all payments (TK21, TK22, TK26, TK27: no payer, payment code 00, date
    zeros for TK21 and TK26), impossible dates in refused changes, and a closing record
    that counts and sums only the changes carried out (comment codes 12, 14, 18), unsigned."""
    report = ag.read_report(CHANGES.read_bytes())
    assert report.content == "MAKULERING/ÄNDRING"
    assert (report.payee_bankgiro, report.customer_number) == ("50501055", 123456)
    changes = {(c.code, c.payer_number): c for c in report.changes}
    assert len(report.changes) == 13
    agreement_ended = changes["21", ""]
    assert (agreement_ended.date, agreement_ended.payout, agreement_ended.done) == (
        None,
        None,
        True,
    )
    assert agreement_ended.amount == 4500000
    all_on_a_date = changes["22", ""]
    assert (all_on_a_date.date, all_on_a_date.payout) == (datetime.date(2026, 3, 5), None)
    moved = changes["26", ""]
    assert (moved.date, moved.new_date, moved.done) == (None, datetime.date(2026, 3, 31), True)
    # refused for their impossible dates: kept empty, as in the rejected payments report
    wrong_date = changes["24", "4002"]
    assert (wrong_date.date, wrong_date.comment_code, wrong_date.done) == (None, "01", False)
    wrong_new_date = changes["28", "4006"]
    assert (wrong_new_date.date, wrong_new_date.new_date) == (datetime.date(2026, 3, 16), None)
    assert wrong_new_date.comment_code == "06" and not wrong_new_date.done
    assert changes["23", "4001"].reference == "AVGIFT-2026"
    assert changes["03", "4004"].reference == ""  # 41-48 zeros: no reference
    assert [c.code for c in report.changes if c.done and c.payout is True] == ["25", "29"]
    assert not changes["25", "4009"].done  # comment 13: the payment was not found
    assert report.incoming_payments() == []  # a report of changes moves no money


def test_cancellations_report_totals_count_only_changes_carried_out():
    records = own_records(CHANGES)
    end = records[-1]
    assert (end[28:40], end[40:46], end[46:52], end[56:68]) == (
        "000000022500",  # 150.00 + 75.00 paid out, unsigned
        "000002",
        "000004",
        "000000095000",  # 250.00 + 100.00 + 200.00 + 400.00 debited
    )
    for start, end_, value, field in (
        (28, 40, "000000032400", "payout total"),  # as if the refused TK25 (99.00) counted
        (40, 46, "000003", "number of payouts"),
        (46, 52, "000005", "number of debits"),
        (56, 68, "000000125000", "debit total"),  # as if the refused TK24 (300.00) counted
    ):
        changed = [*records[:-1], records[-1][:start] + value + records[-1][end_:]]
        with pytest.raises(TotalsMismatch) as error:
            ag.read_report("\r\n".join(changed))
        assert (error.value.field, error.value.line) == (field, 15)
    # the manual's negative (overpunched) totals read alike
    negative = [*records[:-1], records[-1][:28] + "00000002250å" + records[-1][40:]]
    assert (
        ag.read_report("\r\n".join(negative)).changes
        == ag.read_report("\r\n".join(records)).changes
    )


def test_cancellations_report_refuses_what_is_broken():
    records = own_records(CHANGES)
    done = next(i for i, r in enumerate(records) if r.startswith("23"))
    impossible = records[done][:2] + "20260230" + records[done][10:]
    with pytest.raises(FormatError, match="not a date") as error:  # carried out: a real date
        ag.read_report("\r\n".join([*records[:done], impossible, *records[done + 1 :]]))
    assert (error.value.line, error.value.field) == (done + 1, "date")
    garbage = records[done][:2] + "2026O310" + records[done][10:]
    with pytest.raises(FormatError, match="not a date"):
        ag.read_report("\r\n".join([*records[:done], garbage, *records[done + 1 :]]))
    wrong_code = records[done][:26] + "99" + records[done][28:]
    with pytest.raises(FormatError, match="payment code"):
        ag.read_report("\r\n".join([*records[:done], wrong_code, *records[done + 1 :]]))


def test_monitoring_register_extract_is_read():
    """Its opening (01 date AUTOGIRO 9900 BEVAKNINGSREG) looks like an old-layout one but
    is the new layout's: the payments waiting for their date, with totals per kind."""
    report = ag.read_report(MONITORING.read_bytes())
    assert report.content == "BEVAKNINGSREG"
    assert (report.payee_bankgiro, report.customer_number, report.written) == (
        "50501055",
        123456,
        "2026-03-02",
    )
    assert [(p.payout, p.payer_number, p.amount, p.date) for p in report.payments] == [
        (False, "4001", 25000, datetime.date(2026, 3, 25)),
        (False, "4002", 30000, datetime.date(2026, 4, 25)),
        (False, "4003", 120000, datetime.date(2026, 6, 30)),
        (True, "4004", 15000, datetime.date(2026, 3, 31)),
    ]
    monthly = report.payments[1]
    assert (monthly.period, monthly.repetitions, monthly.reference, monthly.status) == (
        1,
        12,
        "MANADSAVGIFT",
        "",
    )
    assert report.incoming_payments() == []  # nothing has been paid yet
    records = own_records(MONITORING)
    records[-1] = records[-1][:56] + "000000175001" + records[-1][68:]
    with pytest.raises(TotalsMismatch, match="debit total"):
        ag.read_report("\r\n".join(records))
    with pytest.raises(FormatError, match="incomplete"):
        ag.read_report("\r\n".join(own_records(MONITORING)[:-1]))


def specification(*body, end_counts):
    """A payment specification of our own: TK01, the body, TK09 with the given counts."""
    opening = "01AUTOGIRO              20260325060000000001BET. SPEC & STOPP TK1234560050501055"
    end = (
        "0920260325"
        + "9900"
        + "".join(f"{n:06d}" if i % 2 == 0 else f"{n:012d}" for i, n in enumerate(end_counts))
    )
    return "\r\n".join([opening, *body, end]) + "\r\n"


def deposit(kind, amount, count, serial=1, date="20260325"):
    return f"{kind}{'58410000010098232':0>35}{date}{serial:05d}{amount:018d}   {count:08d} "


def test_refunds_are_negative_incoming_payments():
    """TK77: a debit the payer's bank took back is money leaving the account (negative), on
    its refund date, as a payout is."""
    debit = (
        "82202603250    0000000000004001000000025000"
        + "0050501055"
        + "AVGIFT-2026".rjust(16, "0")
        + " " * 10
        + "0"
    )
    refund = (
        "77202603100    0000000000004002000000030000"
        + "0050501055"
        + "AVGIFT-2026".rjust(16, "0")
        + "20260325"
        + "02"
    )
    text = specification(
        deposit("15", 25000, 1),
        debit,
        deposit("17", 30000, 1, serial=2),
        refund,
        end_counts=(1, 1, 0, 0, 1, 1),
    )
    report = ag.read_report(text)
    assert report.refunds[0].deposit_serial == 2
    received, refunded = report.incoming_payments()
    assert (received.amount_minor, received.date) == (25000, datetime.date(2026, 3, 25))
    assert (refunded.amount_minor, refunded.date, refunded.reference) == (
        -30000,
        datetime.date(2026, 3, 25),  # the refund date, not the original payment's 2026-03-10
        "AVGIFT-2026",
    )
    assert refunded.payer_account == "4002" and refunded.message == "refund code 02"
    assert refunded.unique_id == "AG:50501055:20260325:2:4002:R1"
    assert refunded.source_line == 5
    assert received.unique_id != refunded.unique_id
    # the same payer refunded twice on one day: Bankgirot's example numbers every
    # withdrawal 00001, yet the two keep two ids
    twice = specification(
        deposit("17", 30000, 1),
        refund,
        deposit("17", 30000, 1),
        refund,
        end_counts=(0, 0, 0, 0, 2, 2),
    )
    ids = [p.unique_id for p in ag.read_report(twice).incoming_payments()]
    assert ids == ["AG:50501055:20260325:1:4002:R1", "AG:50501055:20260325:1:4002:R2"]
