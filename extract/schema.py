"""Field names and the typed result of extraction. Every value carries its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ocr.types import BBox


class DocType(StrEnum):
    INVOICE = "invoice"
    RECEIPT = "receipt"
    CONTRACT = "contract"
    OTHER = "other"


# The output contract's field names, in the order they are printed.
COMMON_FIELDS = (
    "vendor_name", "vendor_branch", "vendor_address", "vendor_registration_number",
    "customer_name", "issue_date", "currency", "amounts_include_tax", "subtotal",
    "tax_total", "total", "tax_breakdown", "line_items", "payment_method",
)
INVOICE_FIELDS = ("invoice_number", "due_date", "bank_account")
CONTRACT_FIELDS = (
    "contract_title", "parties", "contract_date", "effective_date", "expiry_date", "term",
    "auto_renewal", "contract_amount", "amount_period", "jurisdiction",
)
ALL_FIELDS = COMMON_FIELDS + INVOICE_FIELDS + CONTRACT_FIELDS
AMOUNT_FIELDS = frozenset({"subtotal", "tax_total", "total", "contract_amount"})
DATE_FIELDS = frozenset({"issue_date", "due_date", "contract_date", "effective_date",
                         "expiry_date"})


@dataclass(frozen=True, slots=True)
class Evidence:
    page: int
    bbox: BBox
    confidence: float
    source: str  # which rule or template produced the value


@dataclass(frozen=True, slots=True)
class FieldValue:
    value: Any  # str, Decimal, date, bool, or the list/dict forms of line items and tax
    evidence: Evidence | None = None


@dataclass(slots=True)
class Extraction:
    doc_type: DocType
    fields: dict[str, FieldValue] = field(default_factory=dict)
    type_scores: dict[str, float] = field(default_factory=dict)

    def set(self, name: str, value: Any, evidence: Evidence | None) -> None:
        if name not in ALL_FIELDS:
            raise KeyError(f"unknown field {name!r}")
        self.fields[name] = FieldValue(value, evidence)

    def get(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv else None


def to_json_value(value: Any) -> Any:
    """The contract's JSON shapes: amounts as plain decimal strings, dates ISO."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def format_decimal(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") if d == d.to_integral_value() else text
    return text
