"""What the rules read and write. Rules see typed values (Decimal, date), built
from an Extraction or from the stored JSON values after a correction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class InvoiceClass(StrEnum):
    QUALIFIED = "qualified"  # 適格請求書
    SIMPLIFIED = "simplified"  # 適格簡易請求書
    NOT_QUALIFIED = "not_qualified"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    fields: tuple[str, ...]
    message_ja: str
    message_en: str
    ref_document: int | None = None  # the earlier document a duplicate points at

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": str(self.severity),
                               "fields": list(self.fields),
                               "message": {"ja": self.message_ja, "en": self.message_en}}
        if self.ref_document is not None:
            out["document_id"] = self.ref_document
        return out


@dataclass(frozen=True, slots=True)
class RateAmounts:
    taxable_amount: Decimal | None = None
    tax: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Item:
    description: str | None
    amount: Decimal | None
    tax_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class Prior:
    """An earlier document, as the duplicate rule needs it."""

    id: int
    registration_number: str | None
    invoice_number: str | None
    vendor_name: str | None
    issue_date: date | None
    total: Decimal | None
    image_hash: str | None


@dataclass(frozen=True)
class Facts:
    """One document's values as the rules read them."""

    doc_type: str
    values: dict[str, Any] = field(default_factory=dict)  # JSON forms, as stored
    confidence: dict[str, float] = field(default_factory=dict)
    page_dpis: tuple[int, ...] = ()
    received_on: date | None = None
    image_hash: str | None = None

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return str(value) if value not in (None, "") else None

    def amount(self, name: str) -> Decimal | None:
        return to_decimal(self.values.get(name))

    def date(self, name: str) -> date | None:
        value = self.values.get(name)
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def flag(self, name: str) -> bool | None:
        value = self.values.get(name)
        return value if isinstance(value, bool) else None

    def breakdown(self) -> dict[Decimal, RateAmounts]:
        """Tax per rate, keyed by the rate in percent (10, 8, or 6.25 abroad)."""
        raw = self.values.get("tax_breakdown") or {}
        out: dict[Decimal, RateAmounts] = {}
        if isinstance(raw, dict):
            for rate, entry in raw.items():
                percent = to_decimal(rate)
                if isinstance(entry, dict) and percent is not None and 0 < percent < 100:
                    out[percent] = RateAmounts(to_decimal(entry.get("taxable_amount")),
                                               to_decimal(entry.get("tax")))
        return out

    def items(self) -> list[Item]:
        raw = self.values.get("line_items") or []
        return [Item(i.get("description"), to_decimal(i.get("amount")),
                     to_decimal(i.get("tax_rate")))
                for i in raw if isinstance(i, dict)] if isinstance(raw, list) else []


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None

