"""Stored values -> integer yen per tax rate. A document's total is split by rate
from the printed per-rate breakdown, else from line items, else from the tax total;
whatever is left is booked outside consumption tax and reported."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from export.errors import NotExportable, Warn
from export.types import RatePart
from validate.types import to_decimal

RATES = (10, 8)


def to_yen(value: Decimal, name: str) -> int:
    if not value.is_finite() or value != value.to_integral_value():
        raise NotExportable(Warn.FRACTIONAL_YEN, f"{name} {value}")
    return int(value)


def tax_in(gross: int, rate: int) -> int:
    """The tax inside a tax-included amount, rounded down once per rate (切捨て, the
    usual choice; the printed tax is used whenever there is one)."""
    return int((Decimal(gross) * rate / (100 + rate)).to_integral_value(ROUND_FLOOR))


def tax_on(net: int, rate: int) -> int:
    return int((Decimal(net) * rate / 100).to_integral_value(ROUND_FLOOR))


def _inclusive(values: dict[str, Any]) -> bool | None:
    flag = values.get("amounts_include_tax")
    return flag if isinstance(flag, bool) else None


def _gross(base: int, tax: int | None, rate: int, inclusive: bool) -> RatePart:
    if inclusive:
        return RatePart(rate, base, tax if tax is not None else tax_in(base, rate))
    tax = tax if tax is not None else tax_on(base, rate)
    return RatePart(rate, base + tax, tax)


def from_breakdown(values: dict[str, Any], total: int) -> list[RatePart] | None:
    raw = values.get("tax_breakdown")
    if not isinstance(raw, dict) or not raw:
        return None
    bases: list[tuple[int, int, int | None]] = []
    for key, entry in raw.items():
        if not (str(key).isdigit() and int(key) in RATES and isinstance(entry, dict)):
            return None
        base, tax = to_decimal(entry.get("taxable_amount")), to_decimal(entry.get("tax"))
        if base is None:
            return None
        bases.append((int(key), to_yen(base, f"{key}% taxable"),
                      None if tax is None else to_yen(tax, f"{key}% tax")))
    return _choose_mode(bases, _inclusive(values), total)


def _choose_mode(bases: list[tuple[int, int, int | None]], inclusive: bool | None,
                 total: int) -> list[RatePart]:
    """When the document does not say whether amounts include tax, the reading whose
    parts add up to the total wins."""
    modes = [inclusive] if inclusive is not None else [True, False]
    tried = [[_gross(base, tax, rate, mode) for rate, base, tax in bases] for mode in modes]
    for parts in tried:
        if sum(p.gross for p in parts) == total:
            return parts
    return tried[0]


def from_line_items(values: dict[str, Any], total: int) -> list[RatePart] | None:
    items = values.get("line_items")
    if not isinstance(items, list) or not items:
        return None
    sums: dict[int, int] = {}
    for item in items:
        if not isinstance(item, dict):
            return None
        amount, rate = to_decimal(item.get("amount")), to_decimal(item.get("tax_rate"))
        if amount is None or rate is None or rate not in RATES:
            return None
        sums[int(rate)] = sums.get(int(rate), 0) + to_yen(amount, "line item")
    parts = _choose_mode([(r, s, None) for r, s in sums.items()], _inclusive(values), total)
    return parts if sum(p.gross for p in parts) == total else None


def from_tax_total(values: dict[str, Any], total: int) -> list[RatePart] | None:
    tax = to_decimal(values.get("tax_total"))
    if tax is None:
        return None
    for rate in RATES:
        exact = Decimal(total) * rate / (100 + rate)
        if abs(exact - tax) < 1:
            return [RatePart(rate, total, to_yen(tax, "tax_total"))]
    return None


Strategy = Callable[[dict[str, Any], int], "list[RatePart] | None"]
STRATEGIES: tuple[Strategy, ...] = (from_breakdown, from_line_items, from_tax_total)


def rate_parts(values: dict[str, Any], total: int) -> tuple[tuple[RatePart, ...], list[Warn]]:
    """Parts that add up to the total, biggest rate first, and what to tell about them."""
    for strategy in STRATEGIES:
        parts = strategy(values, total)
        if parts is None or any(p.gross <= 0 for p in parts):
            continue
        covered = sum(p.gross for p in parts)
        if covered > total:
            continue
        ordered = sorted(parts, key=lambda p: -(p.rate or 0))
        if covered < total:
            return (*ordered, RatePart(None, total - covered, 0)), [Warn.UNTAXED_REMAINDER]
        return tuple(ordered), []
    if values.get("tax_breakdown") or to_decimal(values.get("tax_total")):
        raise NotExportable(Warn.AMOUNTS_INCONSISTENT,
                            "the per-rate amounts do not fit the total")
    return (RatePart(None, total, 0),), [Warn.NO_TAX_RATE]
