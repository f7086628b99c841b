"""Totals-block rows whose labels OCR lost (a noisy scan reads "合計 3,964" as "en 3,964"
and "お釣り 380" as "お的り 380"): the amounts are still there, in their order, and the
arithmetic a clerk checks tells what each one is. Used only when no row is labelled as
the total, so a label that was read always outranks these checks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from extract.money import UNLABELLED, Amount

if TYPE_CHECKING:
    from extract.totals import Facts

Derived = list[tuple[Decimal, Amount]]
PARTS = (2, 3)  # how many rows may add up to the row they sum: two rates and a discount
CASH_REACH = 4  # rows from a total to the tendered row under it
ROW_KINDS = frozenset({UNLABELLED, "discount", "taxable"})  # rows a sum may be made of


def amount_rows(f: Facts) -> list[Amount]:
    """One amount per row (rows with one amount only), in reading order: the rows a
    receipt's totals block is made of when its labels are lost."""
    return [a for a in f.found if a.count == 1 and a.kind in ROW_KINDS]


def _labels_lost(f: Facts) -> bool:
    return not f.kinds["total"]


def cash_without_labels(f: Facts) -> Derived:
    """"an 3,620 / PSS. 4,000 / お的り 380": two amount rows, the second smaller, whose
    difference is an amount printed just above them: tendered, change and the total."""
    if not _labels_lost(f):
        return []
    rows = [a for a in amount_rows(f) if a.value > 0]
    out: Derived = []
    for k in range(1, len(rows) - 1):
        paid, change = rows[k], rows[k + 1]
        if change.value >= paid.value:
            continue
        owed = paid.value - change.value
        if any(r.value == owed and 0 < paid.row - r.row <= CASH_REACH for r in rows[:k]):
            out.append((owed, paid))
    return out


def _sum_of(rows: list[Amount]) -> Decimal:
    return sum((r.value for r in rows), Decimal(0))


def parts_above(f: Facts) -> Derived:
    """"-200 / 8%対象 940 / 10W 象 3,224 / en 3,964": a row that is the sum of the two
    or three rows right above it, two of them read as rate rows (the amounts per rate and
    a discount), is the total. One rate row read is not enough: the other rows may be
    anything that happens to add up."""
    if not _labels_lost(f):
        return []
    rows = amount_rows(f)
    out: Derived = []
    for k, row in enumerate(rows):
        for n in PARTS:
            parts = rows[max(0, k - n):k]
            if (len(parts) == n and row.value > 0 and _signed_sum(parts) == row.value
                    and sum(p.row in f.breakdown.rows for p in parts) >= 2):
                out.append((row.value, parts[-1]))
    return out


def subtotal_without_label(f: Facts, total: Amount) -> Amount | None:
    """No subtotal read on a tax-inclusive receipt whose total is less than its items
    (a discount): the subtotal is an amount row above the total that the rows under it
    (its amounts per rate) add up to; else, when a discount row is read, the total plus
    the discounts."""
    if f.inclusive is not True:
        return None
    rows = [a for a in amount_rows(f) if a.row < total.row]
    for k, row in enumerate(rows):
        for n in PARTS:
            parts = rows[k + 1:k + 1 + n]
            if (len(parts) == n and row.value > total.value and _sum_of(parts) == row.value
                    and any(p.row in f.breakdown.rows for p in parts)):
                return _as_subtotal(row, "cross-check:rate-parts")
    return _before_discount(f, rows, total)


def _signed(a: Amount) -> Decimal:
    return -abs(a.value) if a.kind == "discount" else a.value


def _signed_sum(rows: list[Amount]) -> Decimal:
    return sum((_signed(r) for r in rows), Decimal(0))


def _before_discount(f: Facts, rows: list[Amount], total: Amount) -> Amount | None:
    """"-200 / 940 / 3,224 / 3,964": the total is its amounts per rate less a discount
    right above it; before the discount, the subtotal is the total plus the discount."""
    for n in PARTS:
        parts = rows[-n:]
        if (len(parts) != n or _signed_sum(parts) != total.value
                or not any(p.row in f.breakdown.rows for p in parts)):
            continue
        off = sum((_signed(p) for p in parts if _signed(p) < 0), Decimal(0))
        if off < 0:
            value = total.value - off
            return _as_subtotal(replace(total, value=value), "cross-check:total+discount")
    return None


def _as_subtotal(a: Amount, check: str) -> Amount:
    source = f"{a.evidence.source}+{check}"
    return replace(a, kind="subtotal", evidence=replace(a.evidence, source=source))
