"""A generated document (its laid-out pages, type and truth) and the truth's JSON
shapes: amounts as plain decimal strings, dates ISO, rates keyed in percent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from synth.content import LineItem, Totals
from synth.formats import plain
from synth.layout import Page, Sheet

Json = str | bool | list["Json"] | dict[str, "Json"]


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    doc_type: str  # invoice, receipt, contract
    pages: tuple[Page, ...]
    fields: dict[str, Json]  # the truth, already in its JSON shapes
    text: str  # every line as drawn, in reading order
    dpi: int


def from_sheets(kind: str, doc_type: str, sheets: Sequence[Sheet], fields: dict[str, Json],
                dpi: int) -> Document:
    pages = tuple(s.page() for s in sheets)
    text = "\n".join(line for s in sheets for line in s.lines)
    return Document(kind, doc_type, pages, fields, text, dpi)


def rate_key(rate: Decimal) -> str:
    return plain(rate.normalize())


def totals_fields(totals: Totals, *, breakdown_tax: bool = True, tax_total: bool = True
                  ) -> dict[str, Json]:
    """amounts_include_tax, subtotal (tax-exclusive only), tax_total, total, tax_breakdown."""
    fields: dict[str, Json] = {"amounts_include_tax": totals.include_tax}
    if totals.subtotal is not None:
        fields["subtotal"] = plain(totals.subtotal)
    if tax_total:
        fields["tax_total"] = plain(totals.tax_total)
    fields["total"] = plain(totals.total)
    breakdown: dict[str, Json] = {}
    for r in totals.rates:
        entry: dict[str, Json] = {"taxable_amount": plain(r.taxable)}
        if breakdown_tax:
            entry["tax"] = plain(r.tax)
        breakdown[rate_key(r.rate)] = entry
    fields["tax_breakdown"] = breakdown
    return fields


def items_field(items: Sequence[LineItem]) -> list[Json]:
    return [{"description": i.description, "quantity": plain(i.quantity),
             "unit_price": plain(i.unit_price), "amount": plain(i.amount),
             "tax_rate": rate_key(i.rate)} for i in items]
