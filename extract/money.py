"""Labelled amounts: each visual row is cut at its labels (the longest label wins where
two overlap), and the amounts between one label and the next belong to the first. A
label with nothing after it takes the amount printed under it. Rows whose labels OCR
could not read keep their amounts as unlabelled candidates, for the cross-checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extract.labels import AMOUNT_LABEL_TABLE
from extract.layout import below_span, row_view
from extract.normalize import find_amounts
from extract.schema import Evidence
from extract.view import DocView, TextLine

NOT_MONEY_AFTER = re.compile(r"^\s*(点|個|枚|件|%|％|名|人|本|kg|g\b|ml|L\b|pcs|x\b|×|@|＠)",
                             re.IGNORECASE)
NOT_MONEY_BEFORE = re.compile(r"(?:(?<![A-Za-z])[xX×]|\d\s?\*|@)\s*$")  # 3 x 100, 2 * 1.75
UNLABELLED = "none"


@dataclass(frozen=True, slots=True)
class LabelHit:
    kind: str
    rank: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Amount:
    kind: str  # a key of AMOUNT_LABELS, or UNLABELLED
    rank: int  # the label's strength: lower is stronger
    label: str
    value: Decimal
    row: int  # index of the row in the row view
    position: int  # 0 for the first amount after the label, counted per segment
    count: int  # how many amounts the segment holds
    largest: bool  # whether this is the largest amount of its segment
    evidence: Evidence


def money_in(line: TextLine, start: int = 0,
             end: int | None = None) -> list[tuple[Decimal, int, int]]:
    """Amounts in `line.text[start:end]`, without counts (3点), rates and unit prices
    (@ 1.75, x 100)."""
    stop = len(line.text) if end is None else end
    found = []
    for value, s, e in find_amounts(line.text[start:stop]):
        s, e = s + start, e + start
        if NOT_MONEY_AFTER.match(line.text[e:]) or NOT_MONEY_BEFORE.search(line.text[:s]):
            continue
        found.append((value, s, e))
    return found


def label_hits(text: str) -> list[LabelHit]:
    """Non-overlapping label matches, left to right; the longest wins an overlap."""
    hits = [LabelHit(lab.kind, lab.rank, m.start(), m.end(), m.group(0))
            for lab in AMOUNT_LABEL_TABLE for m in lab.pattern.finditer(text)
            if m.end() > m.start()]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.rank))
    kept: list[LabelHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _segment_amounts(view: DocView, line: TextLine, hit: LabelHit,
                     stop: int) -> tuple[TextLine, list[tuple[Decimal, int, int]]]:
    values = money_in(line, hit.end, stop)
    if values or stop < len(line.text) or hit.kind == "ignore":
        return line, values
    for below in below_span(view, line, hit.start, hit.end, max_rows=1):
        if label_hits(below.text):
            break
        x0, x1 = line.span_bbox(hit.start, hit.end)[0::2]
        under = [(v, s, e) for v, s, e in money_in(below)
                 if below.span_bbox(s, e)[2] > x0 - 40 and below.span_bbox(s, e)[0] < x1 + 200]
        return below, under[:1]
    return line, values


def _amounts_of(kind: str, rank: int, label: str, row: int, target: TextLine,
                values: list[tuple[Decimal, int, int]], source: str) -> list[Amount]:
    top = max((v for v, _, _ in values), default=None)
    return [Amount(kind, rank, label, v, row, i, len(values), v == top,
                   target.evidence(s, e, f"{source}:{label}"))
            for i, (v, s, e) in enumerate(values)]


def _row_amounts(view: DocView, line: TextLine) -> list[Amount]:
    hits = label_hits(line.text)
    out: list[Amount] = []
    if not hits or hits[0].start > 0:
        head_end = hits[0].start if hits else len(line.text)
        values = money_in(line, 0, head_end)
        out += _amounts_of(UNLABELLED, 99, "", line.index, line, values, "row")
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else len(line.text)
        target, values = _segment_amounts(view, line, hit, stop)
        if hit.kind != "ignore":
            out += _amounts_of(hit.kind, hit.rank, hit.text, line.index, target, values,
                               "label")
    return out


@lru_cache(maxsize=8)
def amounts(view: DocView) -> tuple[Amount, ...]:
    """Every amount of the document with the label it stands under, row by row."""
    rows = row_view(view)
    return tuple(a for line in rows.lines for a in _row_amounts(rows, line))


def of_kind(found: tuple[Amount, ...] | list[Amount], kind: str) -> list[Amount]:
    return [a for a in found if a.kind == kind]
