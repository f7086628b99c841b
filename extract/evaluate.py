"""Scoring predictions against truth, by the benchmark's rules: amounts as decimals,
dates as ISO, text after NFKC, case folding and removal of white space and
punctuation; truth keys that are absent are not scored."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any

from extract.schema import AMOUNT_FIELDS, DATE_FIELDS

UNSCORED = frozenset({"amount_period", "payment_method"})


def norm_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).lower()
    return "".join(c for c in text
                   if not c.isspace() and not unicodedata.category(c).startswith("P"))


def norm_amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    text = re.sub(r"[^0-9.\-]", "", unicodedata.normalize("NFKC", str(value)))
    try:
        return Decimal(text).normalize()
    except (InvalidOperation, ValueError):
        return None


def norm_rate(value: Any) -> str:
    d = norm_amount(str(value).replace("%", ""))
    if d is None:
        return str(value)
    d = d * 100 if d < 1 else d
    return str(int(d)) if d == int(d) else str(d)


def _same_bool(want: bool, got: Any) -> bool:
    return str(got).strip().lower() in (("true", "1", "yes") if want else ("false", "0", "no"))


def _same_breakdown(want: dict, got: Any) -> bool:
    if not isinstance(got, dict):
        return False
    got = {norm_rate(k): v for k, v in got.items()}
    for rate, w in want.items():
        g = got.get(norm_rate(rate))
        if not isinstance(g, dict):
            return False
        if norm_amount(g.get("taxable_amount")) != norm_amount(w.get("taxable_amount")):
            return False
        if w.get("tax") is not None and norm_amount(g.get("tax")) != norm_amount(w["tax"]):
            return False
    return True


def _same_parties(want: list, got: Any) -> bool:
    names = got if isinstance(got, list) else []
    return sorted(norm_text(x) for x in want) == sorted(norm_text(x) for x in names)


COMPARERS: dict[str, Callable[[Any, Any], bool]] = {
    "tax_breakdown": _same_breakdown,
    "parties": _same_parties,
    **{f: lambda w, g: norm_amount(w) is not None and norm_amount(w) == norm_amount(g)
       for f in AMOUNT_FIELDS},
    **{f: lambda w, g: str(w)[:10] == str(g)[:10] for f in DATE_FIELDS},
}


def same(name: str, want: Any, got: Any) -> bool:
    if got is None or got == "":
        return False
    if isinstance(want, bool):
        return _same_bool(want, got)
    compare = COMPARERS.get(name)
    return compare(want, got) if compare else norm_text(want) == norm_text(got)


def line_item_f1(want: list[dict], got: Any) -> float:
    items = [g for g in (got or []) if isinstance(g, dict)]
    used: set[int] = set()
    hits = 0
    for w in want:
        for k, g in enumerate(items):
            if k in used or norm_amount(g.get("amount")) != norm_amount(w.get("amount")):
                continue
            ratio = SequenceMatcher(None, norm_text(w.get("description")),
                                    norm_text(g.get("description"))).ratio()
            if ratio >= 0.8:
                used.add(k)
                hits += 1
                break
    precision = hits / len(items) if items else 0.0
    recall = hits / len(want) if want else 1.0
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    per_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    doc_type: list[int] = field(default_factory=lambda: [0, 0])
    line_items: list[float] = field(default_factory=list)

    def add(self, truth: dict[str, Any], prediction: dict[str, Any]) -> None:
        self.doc_type[0] += prediction.get("doc_type") == truth["doc_type"]
        self.doc_type[1] += 1
        fields = prediction.get("fields") or {}
        for name, want in truth["fields"].items():
            if name in UNSCORED or want is None:
                continue
            if name == "line_items":
                self.line_items.append(line_item_f1(want, fields.get(name)))
                continue
            cell = self.per_field[f"{truth['doc_type']}.{name}"]
            cell[0] += same(name, want, fields.get(name))
            cell[1] += 1

    @property
    def overall(self) -> float:
        ok = sum(c[0] for c in self.per_field.values()) + self.doc_type[0]
        n = sum(c[1] for c in self.per_field.values()) + self.doc_type[1]
        return ok / n if n else 0.0

    def lines(self) -> list[str]:
        out = [f"{k:40s} {ok:4d}/{n:<4d} {ok / n:.2f}"
               for k, (ok, n) in sorted(self.per_field.items())]
        ok, n = self.doc_type
        out.append(f"{'doc_type':40s} {ok:4d}/{n:<4d} {ok / max(1, n):.2f}")
        if self.line_items:
            f1 = sum(self.line_items) / len(self.line_items)
            out.append(f"{'line_items F1 (mean)':40s}           {f1:.2f}")
        out.append(f"{'overall field accuracy':40s}           {self.overall:.3f}")
        return out
