"""Amount fields: total, subtotal, tax total, tax mode and the tax per rate. The rules
here set fields; the reading is in money (labelled amounts), totals (cross-checked
picks) and tax (rates)."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal

from extract.lost_labels import subtotal_without_label
from extract.regional import is_japanese
from extract.money import Amount, amounts
from extract.schema import DocType, Extraction
from extract.schema import Evidence
from extract.tax import (
    EXCLUSIVE,
    INCLUSIVE,
    Breakdown,
    breakdown,
    fill_from_total,
    marked_inclusive,
    rate_summaries,
    tax_of,
)
from extract.totals import (
    Facts,
    Scored,
    mend_subtotal,
    mend_total,
    pick_subtotal,
    pick_tax,
    pick_total,
)
from extract.view import DocView


def inclusive_hint(view: DocView, doc_type: DocType) -> bool | None:
    """内税/税込 or 外税/税抜 as printed; a Japanese receipt that says neither shows
    tax-inclusive prices (総額表示 is the rule for sales to consumers)."""
    marked = marked_inclusive(view)
    if marked is None and doc_type is DocType.RECEIPT and is_japanese(view):
        return True
    return marked


def _set(result: Extraction, name: str, amount: Amount, checks: tuple[str, ...] = ()) -> None:
    evidence = amount.evidence
    if checks:
        evidence = replace(evidence, source=f"{evidence.source}+{'+'.join(checks)}")
    result.set(name, amount.value, evidence)


def extract_totals(view: DocView, result: Extraction) -> None:
    facts = Facts(amounts(view), breakdown(view), inclusive_hint(view, result.doc_type),
                  rate_summaries(view))
    best = pick_total(facts)
    best = mend_total(facts, best) or best
    total = best.amount.value if best else None
    if best is not None:
        _set(result, "total", best.amount, best.checks)
    sub = pick_subtotal(facts, total)
    split = _net_and_tax(facts, best)
    if sub is None and split is not None:
        sub = split[0]
    if sub is None and best is not None:
        sub = subtotal_without_label(facts, best.amount)
    tax = pick_tax(facts, total, sub.value if sub else None)
    if tax is None and split is not None:
        tax = split[1]
    if (mended := mend_subtotal(facts, best, sub, tax)) is not None:
        sub = mended
    if sub is not None:
        _set(result, "subtotal", sub)
    if tax is not None:
        _set(result, "tax_total", replace(tax, value=abs(tax.value)))
    elif facts.breakdown.tax_sum() is not None:  # the rates' taxes, no sum printed
        first = next(b.tax for b in facts.breakdown.buckets.values() if b.tax)
        result.set("tax_total", facts.breakdown.tax_sum(),
                   replace(first[1], source="sum:rate-taxes"))


def _net_and_tax(facts: Facts, best: Scored | None) -> tuple[Amount, Amount] | None:
    """"Total facture 24.99 5.00 29.99": the net and the tax of a gross total's row."""
    if best is None or "row-net+tax=gross" not in best.checks:
        return None
    row = [a for a in facts.kinds["total"]
           if a.row == best.amount.row and a.label == best.amount.label]
    return (row[-3], row[-2]) if len(row) >= 3 else None


def _subtotal_from_tax(result: Extraction) -> None:
    """No subtotal printed, a tax on top of it: the subtotal is the total less the tax."""
    total, tax = result.fields.get("total"), result.fields.get("tax_total")
    if (result.get("subtotal") is not None or total is None or tax is None
            or result.get("amounts_include_tax") is not False or total.evidence is None):
        return
    result.set("subtotal", total.value - tax.value,
               replace(total.evidence, source="derived:total-tax"))


def _arithmetic_mode(result: Extraction) -> bool | None:
    total, sub, tax = (result.get(n) for n in ("total", "subtotal", "tax_total"))
    if None in (total, sub, tax) or tax <= 0:
        return None
    if total == sub + tax:
        return False
    return True if total == sub else None


def extract_tax_mode(view: DocView, result: Extraction) -> None:
    """As printed (内税 / 外税), else as the arithmetic shows (total = subtotal + tax),
    else by the 総額表示 rule for Japanese receipts."""
    mode, evidence = marked_inclusive(view), _marker_evidence(view)
    total = result.fields.get("total")
    anchor = total.evidence if total is not None else None
    if mode is None:
        mode = _arithmetic_mode(result)
        evidence = anchor and replace(anchor, source="cross-check:subtotal+tax")
    if mode is None:
        mode = inclusive_hint(view, result.doc_type)
        evidence = anchor and replace(anchor, source="rule:japanese-receipt")
    if mode is not None:
        result.set("amounts_include_tax", mode, evidence)
    _subtotal_from_tax(result)


def _marker_evidence(view: DocView) -> Evidence | None:
    for pattern in (INCLUSIVE, EXCLUSIVE):
        for line, m in view.search(pattern):
            return line.evidence(m.start(), m.end(), f"label:{m.group(0)}")
    return None


def _as_json(found: Breakdown) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for rate, bucket in found.buckets.items():
        entry: dict[str, Decimal] = {}
        if bucket.taxable is not None:
            entry["taxable_amount"] = bucket.taxable[0]
        if bucket.tax is not None:
            entry["tax"] = bucket.tax[0]
        out[rate] = entry
    return out


def _single_rate_base(found: Breakdown, result: Extraction) -> None:
    """One rate and no printed base: the base is the subtotal (tax added) or the total
    (tax included), the tax printed beside it confirming."""
    if len(found.buckets) != 1:
        return
    rate, bucket = next(iter(found.buckets.items()))
    if bucket.taxable is not None or bucket.tax is None:
        return
    inclusive = result.get("amounts_include_tax")
    name = "total" if inclusive else "subtotal"
    field = result.fields.get(name)
    if field is None or field.evidence is None or inclusive is None:
        return
    if bucket.tax[0] in tax_of(field.value, rate, bool(inclusive)):
        bucket.taxable = (field.value, replace(field.evidence, source=f"cross-check:{name}"))


def extract_tax_breakdown(view: DocView, result: Extraction) -> None:
    found = copy.deepcopy(breakdown(view))  # the cached reading stays as read
    total = result.get("total")
    if total is not None and result.get("amounts_include_tax") is True:
        fill_from_total(found, total, view)
    if not found.buckets:
        return
    _single_rate_base(found, result)
    evidence = next((b.taxable or b.tax)[1] for b in found.buckets.values())
    result.set("tax_breakdown", _as_json(found), evidence)
