"""Amount fields by label: total, subtotal, tax total, and the tax per rate.
Candidates come from labelled lines (the value to the right, or below); the pick is
cross-checked (a total that equals subtotal + tax beats one that does not)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extract.labels import LABELS, NOT_SUBTOTAL, NOT_TOTAL, PATTERNS
from extract.normalize import find_amounts
from extract.schema import Evidence, Extraction
from extract.view import DocView, TextLine

NOT_MONEY_AFTER = re.compile(r"^\s*(点|個|枚|件|%|％|名|人|本|kg|g\b|ml|L\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    value: Decimal
    evidence: Evidence
    rank: int  # position of the label in the label list: lower is stronger
    line: int


def money_in(line: TextLine, start: int = 0) -> list[tuple[Decimal, int, int]]:
    """Amounts in a line from `start` on, without counts and rates."""
    found = []
    for value, s, e in find_amounts(line.text[start:]):
        s, e = s + start, e + start
        if NOT_MONEY_AFTER.match(line.text[e:]):
            continue
        found.append((value, s, e))
    return found


def labelled(view: DocView, field: str, exclude: re.Pattern[str] | None,
             source: str) -> list[Candidate]:
    pattern = PATTERNS[field]
    labels = [re.compile(w, re.IGNORECASE) for w in LABELS[field]]
    out: list[Candidate] = []
    for line, m in view.search(pattern):
        if exclude is not None and exclude.search(line.text):
            continue
        rank = next((i for i, lab in enumerate(labels) if lab.fullmatch(m.group(0))), 99)
        values = money_in(line, m.end())
        target = line
        if not values:
            for below in view.below(line, max_lines=1):
                if exclude is None or not exclude.search(below.text):
                    values, target = money_in(below), below
        if values:
            value, s, e = values[-1]
            out.append(Candidate(value, target.evidence(s, e, f"{source}:{m.group(0)}"),
                                 rank, line.index))
    return out


def _best(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    return min(cands, key=lambda c: (c.rank, -c.line))


def extract_totals(view: DocView, result: Extraction) -> None:
    totals = [c for c in labelled(view, "total", NOT_TOTAL, "label") if c.value > 0]
    subs = [c for c in labelled(view, "subtotal", NOT_SUBTOTAL, "label") if c.value > 0]
    taxes = [c for c in labelled(view, "tax_total", re.compile("対象"), "label")]
    sub, tax = _best(subs), _best(taxes)
    total = _cross_checked(totals, sub, tax) or _best(totals)
    if total is None and sub is not None and tax is not None:
        total = Candidate(sub.value + tax.value, sub.evidence, 99, sub.line)
    if total is not None:
        result.set("total", total.value, total.evidence)
    if sub is not None and (total is None or sub.value <= total.value):
        if not (total is not None and sub.value == total.value and tax and tax.value > 0
                and _inclusive(view)):
            result.set("subtotal", sub.value, sub.evidence)
    if tax is not None and (total is None or tax.value < total.value):
        result.set("tax_total", tax.value, tax.evidence)


def _cross_checked(totals: list[Candidate], sub: Candidate | None,
                   tax: Candidate | None) -> Candidate | None:
    if sub is None or tax is None:
        return None
    matching = [c for c in totals if c.value == sub.value + tax.value]
    return _best(matching)


INCLUSIVE = re.compile(r"内税|内消費税|税込|\(内|（内|うち消費税|Incl", re.IGNORECASE)
EXCLUSIVE = re.compile(r"外税|税抜|外消費税|Excl", re.IGNORECASE)


def _inclusive(view: DocView) -> bool | None:
    inc, exc = bool(INCLUSIVE.search(view.text)), bool(EXCLUSIVE.search(view.text))
    if inc and not exc:
        return True
    if exc and not inc:
        return False
    return None


def extract_tax_mode(view: DocView, result: Extraction) -> None:
    mode = _inclusive(view)
    if mode is None and result.get("subtotal") is not None and result.get("tax_total"):
        mode = False
    if mode is not None:
        result.set("amounts_include_tax", mode, None)


RATE = re.compile(r"(?<!\d)(10|8)\s*[%％]|軽減|標準")
TAXABLE = re.compile(r"対象|課税|Taxable", re.IGNORECASE)
TAX_WORD = re.compile(r"消費税|内税|税額|税(?!込|抜)|Tax", re.IGNORECASE)


def _rate_of(text: str) -> str | None:
    m = RATE.search(text)
    if not m:
        return None
    if m.group(1):
        return m.group(1)
    return "8" if m.group(0) == "軽減" else "10"


def extract_tax_breakdown(view: DocView, result: Extraction) -> None:
    breakdown: dict[str, dict[str, Decimal]] = {}
    for line in view.lines:
        rate = _rate_of(line.text)
        if rate is None:
            continue
        entry = breakdown.setdefault(rate, {})
        taxable = TAXABLE.search(line.text)
        tax = TAX_WORD.search(line.text)
        if taxable:
            values = money_in(line, taxable.end())
            if values and "taxable_amount" not in entry:
                entry["taxable_amount"] = values[0][0]
        if tax and (not taxable or tax.start() > taxable.end()):
            values = money_in(line, tax.end())
            if values and "tax" not in entry:
                entry["tax"] = values[-1][0]
    breakdown = {r: e for r, e in breakdown.items() if e}
    if breakdown:
        result.set("tax_breakdown", breakdown, None)
