"""The normalised objects every importer produces, whatever the bank file.

The Odoo side has one reconciliation path: it receives ``IncomingPayment`` objects from
BgMax, Nets OCR giro (and later other) files, and ``Mandate`` objects from Autogiro and
AvtaleGiro agreement files.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class ReferenceKind(str, enum.Enum):
    """What the payment's ``reference`` is."""

    OCR = "ocr"  # a Swedish OCR reference the bank checked (BgMax reference code 2)
    KID = "kid"  # a Norwegian KID
    TEXT = "text"  # a free-text or unchecked reference given by the payer
    NONE = "none"  # no reference at all


class IncomingPayment(NamedTuple):
    """One payment received on the organisation's account (immutable).

    ``amount_minor`` is the amount in öre/øre (integer, negative for a deduction or a
    reversal); ``amount`` gives it as a Decimal in kronor/kroner. ``unique_id`` is stable
    across files: importing the same payment twice (the same file again, or an overlapping
    file) yields the same id. ``references`` lists every reference the payment carries
    (the first is ``reference``), for payments that pay several invoices; ``allocations``
    is set when the bank itself split the amount over references.
    """

    date: datetime.date
    amount_minor: int
    currency: str
    reference: str
    reference_kind: ReferenceKind
    unique_id: str
    source_line: int
    payer_name: str = ""
    payer_account: str = ""
    payer_org_no: str = ""
    payer_address: str = ""
    references: tuple[str, ...] = ()
    allocations: tuple[tuple[str, int], ...] = ()  # (reference, amount_minor) split by the bank
    message: str = ""
    receiving_account: str = ""
    # the bank's code for how the payment was made, where the file gives one (Nets: the
    # transaction type, "15" for a claim AvtaleGiro collected; BgMax: the payment channel,
    # "4" for a debit Autogiro made)
    transaction_type: str = ""

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_minor).scaleb(-2)


class MandateStatus(str, enum.Enum):
    ACTIVE = "active"  # approved, payments may be drawn
    PENDING = "pending"  # requested, not yet approved by the payer's bank
    CANCELLED = "cancelled"  # ended by payer, payee or bank
    REJECTED = "rejected"  # refused when requested


@dataclass(frozen=True, slots=True)
class Mandate:
    """A direct-debit mandate (Autogiro medgivande, AvtaleGiro avtale) as reported by the
    bank: who may be debited, from which account, under which payer reference."""

    payer_reference: str  # Autogiro payer number / AvtaleGiro KID
    status: MandateStatus
    source_line: int
    account: str = ""  # the payer's bank account or bankgiro number
    payer_org_no: str = ""  # personnummer or organisation number of the account holder
    date: datetime.date | None = None
    payee_account: str = ""  # the payee's bankgiro / account (agreement)
    info_code: str = ""  # the bank's code for what happened
    comment: str = ""
    notify: bool | None = None  # AvtaleGiro: the payer wants a notice from the bank
    extra: dict[str, str] = field(default_factory=dict)
