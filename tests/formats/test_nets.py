"""Nets OCR giro and AvtaleGiro through netsgiro, with what netsgiro leaves to its users."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import netsgiro
import pytest
from netsgiro.enums import TransactionType

from nordic_formats.exceptions import FormatError, TotalsMismatch
from nordic_formats.no import kid, nets
from nordic_formats.payments import MandateStatus, ReferenceKind

OCR_FILES = ("netsgiro_ocr_giro_transactions.txt", "java-netsgiro_ocr2.txt")


def ocr_text(samples, name=OCR_FILES[0]):
    return (samples / "nets_ocr_giro" / name).read_text("latin-1")


@pytest.mark.parametrize("name", OCR_FILES)
def test_ocr_giro_samples(samples, name):
    payments = nets.incoming_payments((samples / "nets_ocr_giro" / name).read_bytes())
    assert len(payments) == 20
    assert sum(p.amount_minor for p in payments) == 5144900
    assert len({p.unique_id for p in payments}) == 20
    first = payments[0]
    assert (first.date, first.amount, first.reference, first.reference_kind) == (
        datetime.date(1992, 1, 20),
        Decimal("1020.00"),
        "0000531",
        ReferenceKind.KID,
    )
    assert kid.is_valid(first.reference, "mod11")
    assert first.message == "Foo bar baz"  # amount item 3 of a type 21 transaction
    assert first.payer_account == "99990512341"
    assert first.unique_id == "NETS:001008566:0000002:1"
    assert first.receiving_account == "99991042764"
    assert first.transaction_type == "21"


def test_transaction_type_tells_avtalegiro_settlements_apart():
    """A claim AvtaleGiro collected arrives among the OCR giro payments as transaction
    type 15."""
    (giro,) = nets.incoming_payments(ocr_giro_file())
    (settlement,) = nets.incoming_payments(ocr_giro_file(transaction_type="15"))
    assert (giro.transaction_type, settlement.transaction_type) == ("10", "15")
    assert settlement.transaction_type == nets.AVTALEGIRO_SETTLEMENT
    assert settlement.amount_minor == giro.amount_minor == 25000


def test_all_nets_samples_are_covered(samples):
    assert {p.name for p in (samples / "nets_ocr_giro").glob("*.txt")} == set(OCR_FILES)


def _with_transaction(text, transform):
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("NY091030"))
    lines[index] = transform(lines[index])
    return lines, index


def _fix_totals(lines, delta):
    """The file with the assignment and transmission totals adjusted by ``delta`` øre."""
    lines = list(lines)
    for i, line in enumerate(lines):
        if line[6:8] in ("88", "89"):
            lines[i] = line[:24] + f"{int(line[24:41]) + delta:017d}" + line[41:]
    return "\n".join(lines)


def test_minus_sign_makes_a_negative_amount_and_counts_in_totals(samples):
    lines, index = _with_transaction(ocr_text(samples), lambda line: line[:31] + "-" + line[32:])
    amount = int(lines[index][32:49])
    # the file's totals are right only when the credit note is subtracted
    payments = nets.incoming_payments(_fix_totals(lines, -2 * amount))
    assert payments[1].amount_minor == -amount
    with pytest.raises(TotalsMismatch) as error:
        nets.incoming_payments("\n".join(lines))
    assert error.value.field == "total amount"


def test_blank_kid_and_minus_check_digit(samples):
    lines, _ = _with_transaction(ocr_text(samples), lambda line: line[:49] + " " * 25 + line[74:])
    payment = nets.incoming_payments("\n".join(lines))[1]
    assert (payment.reference, payment.reference_kind, payment.references) == (
        "",
        ReferenceKind.NONE,
        (),
    )

    payload = next(
        str(n) for n in range(1000, 2000) if kid.calc_check_digit(str(n), "mod11") == "-"
    )
    minus_kid = kid.create(payload, "mod11")
    lines, _ = _with_transaction(
        ocr_text(samples), lambda line: line[:49] + f"{minus_kid:>25}" + line[74:]
    )
    assert nets.incoming_payments("\n".join(lines))[1].reference == minus_kid


def test_broken_files(samples):
    text = ocr_text(samples)
    with pytest.raises(FormatError, match="incomplete"):
        nets.incoming_payments("\n".join(text.splitlines()[:-1]))
    lines, index = _with_transaction(text, lambda line: line[:40] + "X" + line[41:])
    with pytest.raises(FormatError) as error:
        nets.incoming_payments("\n".join(lines))
    assert error.value.line == index + 1
    with pytest.raises(TotalsMismatch, match="number of records"):
        lines = text.splitlines()
        del lines[4]  # an amount item 3
        nets.incoming_payments("\n".join(lines))
    with pytest.raises(FormatError, match="starts with a transmission start"):
        nets.incoming_payments("\n".join(text.splitlines()[1:]))
    lines = text.splitlines()
    lines[3] = lines[3][:8] + "0000009" + lines[3][15:]  # item 2 of another transaction
    with pytest.raises(FormatError, match="does not continue"):
        nets.incoming_payments("\n".join(lines))


def test_tolerates_bank_file_shapes(samples):
    text = ocr_text(samples)
    expected = nets.incoming_payments(text)
    assert nets.incoming_payments(text.replace("\n", "")) == expected  # no terminators
    assert nets.incoming_payments(text.replace("\n", "\r\n").encode("latin-1")) == expected


def test_avtalegiro_agreements(samples):
    mandates = nets.avtalegiro_mandates(
        (samples / "nets_avtalegiro" / "netsgiro_avtalegiro_agreements.txt").read_bytes()
    )
    assert len(mandates) == 16
    assert mandates[0].payer_reference == "000112000507155"
    assert kid.is_valid(mandates[0].payer_reference, "mod10")
    assert [m.notify for m in mandates[:2]] == [True, False]
    assert all(m.status is MandateStatus.ACTIVE for m in mandates)
    with pytest.raises(FormatError, match="agreement record in a payment file"):
        nets.incoming_payments(
            (samples / "nets_avtalegiro" / "netsgiro_avtalegiro_agreements.txt").read_bytes()
        )


def test_avtalegiro_claims_written_byte_for_byte(samples):
    original = (samples / "nets_avtalegiro" / "netsgiro_avtalegiro_payment_request.txt").read_text(
        "latin-1"
    )
    transmission = netsgiro.parse(original)
    assignment = transmission.assignments[0]
    claims = [
        nets.Claim(
            kid=t.kid,
            due_date=t.date,
            amount=t.amount,
            payer_name=t.payer_name or "",
            reference=t.reference or "",
            bank_notification=t.text or t.type == TransactionType.AVTALEGIRO_WITH_BANK_NOTIFICATION,
        )
        for t in assignment.transactions
    ]
    written = nets.avtalegiro_claims(
        claims,
        customer_id=transmission.data_transmitter,
        transmission_number=transmission.number,
        assignment_number=assignment.number,
        account=assignment.account,
    )
    assert written.splitlines() == original.strip().splitlines()


def test_avtalegiro_cancellations():
    claim = nets.Claim(
        kid="008000011688373",
        due_date=datetime.date(2026, 12, 15),
        amount=Decimal("250.00"),
        payer_name="Hansen",
    )
    text = nets.avtalegiro_claims(
        [],
        cancellations=[claim],
        customer_id="12345678",
        transmission_number="1000001",
        assignment_number="0000001",
        account="99991042764",
    )
    lines = text.splitlines()
    assert lines[1].startswith("NY213620")
    assert lines[2].startswith("NY219330") and lines[2][32:49] == f"{25000:017d}"
    assert lines[-1].startswith("NY000089")


def test_claims_and_cancellations_in_one_transmission():
    claim = nets.Claim(
        kid="008000011688373", due_date=datetime.date(2026, 12, 15), amount=Decimal("250.00")
    )
    common = {
        "customer_id": "12345678",
        "transmission_number": "1000001",
        "assignment_number": "0000001",
        "account": "99991042764",
    }
    with pytest.raises(ValueError, match="another assignment number"):
        nets.avtalegiro_claims([claim], cancellations=[claim], **common)
    with pytest.raises(ValueError, match="another assignment number"):
        nets.avtalegiro_claims(
            [claim], cancellations=[claim], cancellation_assignment_number="0000001", **common
        )
    text = nets.avtalegiro_claims(
        [claim], cancellations=[claim], cancellation_assignment_number="0000002", **common
    )
    starts = [line for line in text.splitlines() if line[6:8] == "20"]
    assert [(line[:8], line[17:24]) for line in starts] == [
        ("NY210020", "0000001"),
        ("NY213620", "0000002"),
    ]


def ocr_giro_file(
    transmitter="00008080", recipient="00010200", service="09", transaction_type="10"
):
    """A small OCR giro file of our own: one assignment, one transaction of 250.00 NOK."""
    kid_number = kid.create("1234567", "mod10")
    records = [
        f"NY000010{transmitter}0170031{recipient}" + "0" * 49,
        f"NY{service}0020" + "001008566" + "0000002" + "99991042764" + "0" * 45,
        # transaction number, Nets date, centre, day code, partial settlement, sign
        f"NY09{transaction_type}30"
        + "0000001"
        + "250326"
        + "13"
        + "25"
        + "1"
        + "01464"
        + "0"
        # amount, KID
        + f"{25000:017d}{kid_number:>25}000000",
        # form number, archive reference, filler, bank date, debit account
        f"NY09{transaction_type}31"
        + "0000001"
        + "0" * 10
        + "0" * 9
        + "0" * 7
        + "250326"
        + "99990512341"
        + "0" * 22,
        f"NY{service}0088" + f"{1:08d}{4:08d}{25000:017d}" + "250326" * 3 + "0" * 21,
        "NY000089" + f"{1:08d}{6:08d}{25000:017d}" + "250326" + "0" * 33,
    ]
    assert all(len(record) == 80 for record in records)
    return "\r\n".join(records) + "\r\n"


def test_own_ocr_giro_file():
    (payment,) = nets.incoming_payments(ocr_giro_file())
    assert (payment.amount_minor, payment.date, payment.unique_id) == (
        25000,
        datetime.date(2026, 3, 25),
        "NETS:001008566:0000002:1",
    )


def claims_to_nets():
    claim = nets.Claim(
        kid=kid.create("1234567", "mod10"),
        due_date=datetime.date(2026, 4, 15),
        amount=Decimal("250.00"),
        payer_name="Hansen",
        reference="Medlemskontingent 2026",
    )
    return nets.avtalegiro_claims(
        [claim],
        customer_id="12345678",
        transmission_number="1000001",
        assignment_number="0000001",
        account="99991042764",
    )


def test_avtalegiro_claims_to_nets_are_not_payments_received():
    """A claim file a payee sends to Nets has the same records as an OCR giro file; its
    direction (Nets as data recipient) and its service (21 AvtaleGiro, not 09 OCR giro)
    tell it apart."""
    text = claims_to_nets()
    with pytest.raises(FormatError, match="file to Nets") as error:
        nets.incoming_payments(text)
    assert (error.value.line, error.value.field) == (1, "data transmitter")
    with pytest.raises(FormatError, match="file to Nets"):
        nets.avtalegiro_mandates(text)
    # with its direction turned round it is still no payment file: its service is AvtaleGiro
    lines = text.splitlines()
    lines[0] = "NY000010" + "00008080" + lines[0][16:23] + "12345678" + lines[0][31:]
    with pytest.raises(FormatError, match="service code 21") as error:
        nets.incoming_payments("\n".join(lines))
    assert (error.value.line, error.value.field) == (2, "service code")


def test_direction_and_service_codes_are_checked():
    with pytest.raises(FormatError, match="not by Nets") as error:
        nets.incoming_payments(ocr_giro_file(transmitter="55555555"))
    assert error.value.field == "data transmitter"
    # OCR giro transactions in an AvtaleGiro assignment
    with pytest.raises(FormatError, match="service code 09 in an assignment") as error:
        nets.incoming_payments(ocr_giro_file(service="21"))
    assert (error.value.line, error.value.field) == (3, "service code")


@pytest.mark.parametrize(
    ("now", "earliest"),
    [
        ("2026-11-10 10:00", "2026-12-15"),
        ("2026-11-30 13:59", "2026-12-15"),  # the last working day of November, in time
        ("2026-11-30 14:00", "2027-01-15"),
        ("2026-10-31 10:00", "2026-12-15"),  # a Saturday: the deadline was Friday 30 October
        ("2026-12-31 12:00", "2027-01-15"),  # 31 December is a Norwegian bank day
        ("2026-12-31 14:30", "2027-02-15"),
        ("2024-03-27 13:00", "2024-04-15"),  # Easter: 28 and 29 March are holidays
        ("2024-03-28 10:00", "2024-05-15"),
    ],
)
def test_earliest_due_date_of_a_claim_the_bank_notifies(now, earliest):
    moment = datetime.datetime.fromisoformat(now)
    assert nets.earliest_due_date_notified(moment) == datetime.date.fromisoformat(earliest)
    utc = moment.replace(tzinfo=ZoneInfo("Europe/Oslo")).astimezone(datetime.timezone.utc)
    assert nets.earliest_due_date_notified(utc) == datetime.date.fromisoformat(earliest)
