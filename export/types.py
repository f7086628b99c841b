"""What the exporters read and write: a document as stored, the same document as a
journal source (integer yen per tax rate), journal entries, and file rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from validate.types import InvoiceClass

# A file cell: text (neutralised and encoded by the writer), a number (written as is,
# never neutralised), or None (empty).
Cell = str | int | Decimal | None


@dataclass(frozen=True, slots=True)
class Row:
    document_id: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DocumentRecord:
    """One approved document with its current field values (JSON forms, corrections
    applied)."""

    id: int
    file: str
    doc_type: str
    invoice_class: str | None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return doc_ref(self.id)


def doc_ref(document_id: int) -> str:
    """What every entry carries back to its scan (電子帳簿保存法's cross-reference)."""
    return f"yomitori#{document_id}"


@dataclass(frozen=True, slots=True)
class RatePart:
    """The part of a document's total at one tax rate, tax included, in yen."""

    rate: int | None  # 10, 8; None = no consumption tax (対象外)
    gross: int
    tax: int


@dataclass(frozen=True)
class JournalDocument:
    """A document as a journal entry needs it."""

    id: int
    doc_type: str
    vendor: str
    registration_number: str | None
    issue_date: date
    due_date: date | None
    invoice_number: str | None
    invoice_class: InvoiceClass
    payment_method: str | None
    total: int
    parts: tuple[RatePart, ...]
    descriptions: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return doc_ref(self.id)

    @property
    def memo(self) -> str:
        return f"{self.ref} {self.vendor}".strip()


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


@dataclass(frozen=True, slots=True)
class TaxTreatment:
    rate: int | None  # None = outside consumption tax
    deduction: int = 100  # percent of the input tax that may be credited

    @property
    def outside(self) -> bool:
        return self.rate is None


OUTSIDE = TaxTreatment(None)


@dataclass(frozen=True, slots=True)
class Line:
    side: Side
    account: str
    amount: int  # yen, tax included
    treatment: TaxTreatment = OUTSIDE
    tax: int = 0


@dataclass(frozen=True)
class Entry:
    doc: JournalDocument
    lines: tuple[Line, ...]

    def side(self, side: Side) -> list[Line]:
        return [line for line in self.lines if line.side == side]

    def total(self, side: Side) -> int:
        return sum(line.amount for line in self.side(side))
