"""Reading a document with its vendor's template, after the generic rules: each
locator that finds a value of the right kind (an amount for amounts, a date for dates)
replaces the generic value, with the source `template:<key>`. A locator that finds
nothing leaves the generic value alone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from extract.identity import dates_in
from extract.layout import PHRASE_GAP, below_span, row_view
from extract.money import money_in
from extract.normalize import parse_amount, parse_date
from extract.normalize_dates import fold
from extract.regional import DateOrder, currency, date_order
from extract.schema import AMOUNT_FIELDS, DATE_FIELDS, Evidence, Extraction
from extract.templates import Box, Locator, TemplateSet
from extract.view import DocView, TextLine, build_line

COLUMN_SLACK = 40  # pixels a value under a label may stand left of the label
RIGHT_REACH = 200  # and right of it
SEPARATORS = " \u3000:：#＃"


@dataclass(frozen=True, slots=True)
class Found:
    value: Any  # Decimal, date or str, as the generic rules give them
    line: TextLine
    start: int
    end: int
    whole_page: tuple[int, int, int, int] | None = None  # a fixed value: no words

    def evidence(self, source: str) -> Evidence:
        if self.whole_page is not None:
            return Evidence(self.line.page, self.whole_page, 1.0, source)
        return self.line.evidence(self.start, self.end, source)

    def relative_box(self, width: int, height: int) -> Box:
        x0, y0, x1, y1 = self.line.span_bbox(self.start, self.end)
        return (x0 / width, y0 / height, x1 / width, y1 / height)


def label_pattern(label: str) -> re.Pattern[str]:
    """A label as printed, matched on NFKC-folded text with white space anywhere
    optional (OCR adds and drops spaces)."""
    chars = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))
    return re.compile(r"\s*".join(re.escape(c) for c in chars), re.IGNORECASE)


def label_spans(line: TextLine, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    folded = fold(line.text)
    return [folded.span(m.start(), m.end()) for m in pattern.finditer(folded.text)
            if m.end() > m.start()]


def phrase_spans(line: TextLine) -> list[tuple[int, int]]:
    """Character spans of the line's phrases: runs of words without a column gap."""
    if not line.words:
        return []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line.words)
    gap = PHRASE_GAP * max(1, heights[len(heights) // 2])
    out = [list(line.spans[0])]
    for prev, word, span in zip(line.words, line.words[1:], line.spans[1:], strict=False):
        if word.bbox[0] - prev.bbox[2] > gap:
            out.append(list(span))
        else:
            out[-1][1] = span[1]
    return [(s, e) for s, e in out]


def _text_after(line: TextLine, start: int, end: int | None = None) -> list[tuple[str, int, int]]:
    """The words after `start` up to the end of their phrase: a name or a number."""
    stop = len(line.text) if end is None else end
    for ps, pe in phrase_spans(line):
        if pe <= start or ps >= stop:
            continue
        s, e = max(ps, start), min(pe, stop)
        while s < e and line.text[s] in SEPARATORS:
            s += 1
        while e > s and line.text[e - 1] in SEPARATORS:
            e -= 1
        if e > s:
            return [(line.text[s:e], s, e)]
    return []


def values_in(field: str, line: TextLine, start: int, end: int | None,
              order: DateOrder) -> list[tuple[Any, int, int]]:
    """Values of the field's kind in `line.text[start:end]`, left to right."""
    if field in AMOUNT_FIELDS:
        return money_in(line, start, end)
    if field in DATE_FIELDS:
        stop = len(line.text) if end is None else end
        return [(d, s + start, e + start) for d, s, e in dates_in(line.text[start:stop], order)]
    return _text_after(line, start, end)


def _every_value(field: str, line: TextLine, order: DateOrder) -> list[tuple[Any, int, int]]:
    if field in AMOUNT_FIELDS or field in DATE_FIELDS:
        return values_in(field, line, 0, None, order)
    return [t for ps, pe in phrase_spans(line) for t in _text_after(line, ps, pe)]


def _right_of(view: DocView, field: str, loc: Locator, order: DateOrder) -> list[Found]:
    rows, pattern, out = row_view(view), label_pattern(loc.label or ""), []
    for line in rows.lines:
        for _, end in label_spans(line, pattern):
            found = values_in(field, line, end, None, order)
            if found:
                value, s, e = found[0]
                out.append(Found(value, line, s, e))
    return out


def _below(view: DocView, field: str, loc: Locator, order: DateOrder) -> list[Found]:
    rows, pattern, out = row_view(view), label_pattern(loc.label or ""), []
    for line in rows.lines:
        for start, end in label_spans(line, pattern):
            x0, _, x1, _ = line.span_bbox(start, end)
            for below in below_span(rows, line, start, end, max_rows=2):
                under = [(v, s, e) for v, s, e in _every_value(field, below, order)
                         if below.span_bbox(s, e)[2] > x0 - COLUMN_SLACK
                         and below.span_bbox(s, e)[0] < x1 + RIGHT_REACH]
                if under:
                    value, s, e = under[0]
                    out.append(Found(value, below, s, e))
                    break
    return out


def _in_box(view: DocView, field: str, loc: Locator, order: DateOrder) -> list[Found]:
    if loc.box is None or loc.page > len(view.ocr.pages):
        return []
    page = view.page(loc.page)
    bx0, by0, bx1, by1 = (loc.box[0] * page.width, loc.box[1] * page.height,
                          loc.box[2] * page.width, loc.box[3] * page.height)
    words = tuple(w for w in page.words if w.text
                  and bx0 <= (w.bbox[0] + w.bbox[2]) / 2 <= bx1
                  and by0 <= (w.bbox[1] + w.bbox[3]) / 2 <= by1)
    if not words:
        return []
    line = build_line(loc.page, -1, tuple(sorted(words, key=lambda w: (w.line, w.bbox[0]))))
    return [Found(v, line, s, e) for v, s, e in values_in(field, line, 0, None, order)[:1]]


def _fixed(view: DocView, field: str, loc: Locator) -> Found | None:
    text = loc.value or ""
    value: Any = text
    if field in AMOUNT_FIELDS:
        value = parse_amount(text)
    elif field in DATE_FIELDS:
        value = parse_date(text)
    if value is None or not view.ocr.pages:
        return None
    first = view.page(1)
    return Found(value, TextLine(1, -1, text, (), ()), 0, len(text),
                 (0, 0, first.width, first.height))


def _nearest(found: list[Found], loc: Locator, view: DocView) -> Found | None:
    if not found or loc.near is None:
        return found[0] if found else None
    cx, cy = (loc.near[0] + loc.near[2]) / 2, (loc.near[1] + loc.near[3]) / 2

    def distance(f: Found) -> float:
        page = view.page(f.line.page)
        x0, y0, x1, y1 = f.relative_box(page.width, page.height)
        return abs((x0 + x1) / 2 - cx) + abs((y0 + y1) / 2 - cy) + (f.line.page != loc.page)

    return min(found, key=distance)


def find_value(view: DocView, field: str, loc: Locator, order: DateOrder) -> Found | None:
    """What the locator points at, if it is a value of the field's kind."""
    if loc.value is not None:
        return _fixed(view, field, loc)
    if loc.box is not None:
        return _nearest(_in_box(view, field, loc, order), loc, view)
    way = _right_of if loc.direction == "right" else _below
    return _nearest(way(view, field, loc, order), loc, view)


def document_order(view: DocView, result: Extraction) -> DateOrder:
    return date_order(result.get("currency") or currency(view))


def apply_templates(view: DocView, result: Extraction, templates: TemplateSet) -> None:
    """The vendor's template over the generic reading; unknown vendors are untouched."""
    if not len(templates):
        return
    chosen = templates.for_vendor(result.get("vendor_registration_number"),
                                  result.get("vendor_name"), view.text)
    if not chosen:
        return
    order = document_order(view, result)
    for field, pick in chosen.items():
        found = find_value(view, field, pick.locator, order)
        if found is not None and _usable(found.value):
            result.set(field, found.value, found.evidence(f"template:{pick.key}"))


def _usable(value: Any) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, date) or (isinstance(value, str) and bool(value.strip()))
