"""Learning a locator from a reviewer's correction: find the corrected value among the
page's OCR words, take the label printed left of it (else above it), and keep the
locator only if reading the same document with it gives the corrected value back.
Without a label, the value's box on the page is the locator."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from extract.labels import PATTERNS
from extract.layout import row_height, row_view
from extract.money import money_in
from extract.normalize import find_amounts, find_dates
from extract.regional import DateOrder, currency, date_order
from extract.schema import AMOUNT_FIELDS, DATE_FIELDS
from extract.template_read import SEPARATORS, Found, find_value, phrase_spans, values_in
from extract.templates import LOCATABLE, Box, Locator, fold_name
from extract.view import DocView, TextLine
from ocr.types import OcrDocument

MAX_LABEL = 20  # characters: a label is a few words, not a paragraph
ABOVE_REACH = 3  # row heights between a value and a label above it
BOX_MARGIN = 0.015  # a learned box is the value's box grown by this share of the page
LABEL_TRIM = SEPARATORS + "¥￥$€£(（)）"


def target_value(field: str, value: Any) -> Any:
    """A stored (JSON) value as extraction compares it; None if it is not one."""
    try:
        if field in AMOUNT_FIELDS:
            return Decimal(str(value))
        if field in DATE_FIELDS:
            return date.fromisoformat(str(value))
    except (InvalidOperation, ValueError):
        return None
    return fold_name(str(value)) or None


def same(field: str, found: Any, target: Any) -> bool:
    return (fold_name(str(found)) == target if field not in AMOUNT_FIELDS | DATE_FIELDS
            else found == target)


def learn_locator(ocr: OcrDocument, field: str, value: Any) -> Locator | None:
    """A locator that reads `value` for `field` on this document, or None when the
    value cannot be found among the words (OCR misread it) or no locator gives it back."""
    target = target_value(field, value) if field in LOCATABLE else None
    if target is None:
        return None
    view = DocView(ocr)
    rows = row_view(view)
    order = date_order(currency(view))
    hits = _occurrences(rows, field, target, order)
    for line, s, e in sorted(hits, key=lambda h: _preference(field, h)):
        for loc in _candidates(rows, line, s, e):
            found = find_value(view, field, loc, order)
            if found is not None and same(field, found.value, target):
                return loc
    for line, s, e in hits:
        loc = Locator(box=_grown(_relative(view, Found(None, line, s, e))), page=line.page)
        found = find_value(view, field, loc, order)
        if found is not None and same(field, found.value, target):
            return loc
    return None


def _occurrences(rows: DocView, field: str, target: Any,
                 order: DateOrder) -> list[tuple[TextLine, int, int]]:
    out = []
    for line in rows.lines:
        if field in AMOUNT_FIELDS or field in DATE_FIELDS:
            out += [(line, s, e) for v, s, e in values_in(field, line, 0, None, order)
                    if v == target]
        else:
            out += [(line, s, e) for s, e in _text_spans(line, target)]
    return out


def _text_spans(line: TextLine, target: str) -> list[tuple[int, int]]:
    """Where the folded text `target` stands in the line (spaces ignored)."""
    chars = [(i, fold_name(ch)) for i, ch in enumerate(line.text)]
    kept = [(i, c) for i, c in chars if c]
    compact = "".join(c for _, c in kept)
    origin = [i for i, c in kept for _ in c]
    out, at = [], compact.find(target)
    while at >= 0 and target:
        out.append((origin[at], origin[at + len(target) - 1] + 1))
        at = compact.find(target, at + len(target))
    return out


def _preference(field: str, hit: tuple[TextLine, int, int]) -> tuple[bool, int]:
    """A value beside one of the field's own labels first; then, for amounts, the
    lowest on the page (totals stand under the items), else the first."""
    line, s, _ = hit
    label = _label_left(line, s) or ""
    generic = field in PATTERNS and bool(PATTERNS[field].search(label))
    return (not generic, -line.index if field in AMOUNT_FIELDS else line.index)


def _candidates(rows: DocView, line: TextLine, s: int, e: int) -> list[Locator]:
    page = rows.page(line.page)
    near = _relative_box(line, s, e, page.width, page.height)
    out = []
    left = _label_left(line, s)
    if left:
        out.append(Locator(label=left, direction="right", near=near, page=line.page))
    above = _label_above(rows, line, s, e)
    if above:
        out.append(Locator(label=above, direction="below", near=near, page=line.page))
    return out


def _clean_label(text: str) -> str | None:
    """The label part of the text before a value: after any other value in it, without
    separators and currency signs, the last few words; None if no letters remain."""
    cut = max([e for _, _, e in find_amounts(text)] + [e for _, _, e in find_dates(text)],
              default=0)
    label = unicodedata.normalize("NFKC", text[cut:]).strip(LABEL_TRIM)
    if len(label) > MAX_LABEL:
        label = label[-MAX_LABEL:].lstrip(LABEL_TRIM)
    return label if any(ch.isalpha() for ch in label) else None


def _label_left(line: TextLine, start: int) -> str | None:
    """The text of the phrase the value ends, else of the phrase before it."""
    before = [(ps, min(pe, start)) for ps, pe in phrase_spans(line) if ps < start]
    for ps, pe in reversed(before[-2:]):
        label = _clean_label(line.text[ps:pe])
        if label:
            return label
        if money_in(line, ps, pe) or find_dates(line.text[ps:pe]):
            return None  # another value stands between
    return None


def _label_above(rows: DocView, line: TextLine, s: int, e: int) -> str | None:
    x0, y0, x1, _ = line.span_bbox(s, e)
    reach = ABOVE_REACH * row_height(line)
    for other in reversed(rows.lines[:line.index]):
        if other.page != line.page or y0 - other.bbox[3] > reach:
            break
        if other.bbox[3] > y0 + 2:
            continue
        spans = [span for w, span in zip(other.words, other.spans, strict=False)
                 if w.bbox[0] < x1 + 40 and w.bbox[2] > x0 - 40]
        if spans:  # the whole phrases over the value, not only the words that overlap it
            phrases = [p for p in phrase_spans(other)
                       if p[0] < spans[-1][1] and p[1] > spans[0][0]]
            return _clean_label(other.text[phrases[0][0]:phrases[-1][1]])
    return None


def _relative_box(line: TextLine, s: int, e: int, width: int, height: int) -> Box:
    x0, y0, x1, y1 = line.span_bbox(s, e)
    return (_share(x0, width), _share(y0, height), _share(x1, width), _share(y1, height))


def _share(at: int, size: int) -> float:
    return min(1.0, max(0.0, round(at / max(1, size), 4)))


def _relative(view: DocView, found: Found) -> Box:
    page = view.page(found.line.page)
    return _relative_box(found.line, found.start, found.end, page.width, page.height)


def _grown(box: Box) -> Box:
    return (max(0.0, round(box[0] - BOX_MARGIN, 4)), max(0.0, round(box[1] - BOX_MARGIN, 4)),
            min(1.0, round(box[2] + BOX_MARGIN, 4)), min(1.0, round(box[3] + BOX_MARGIN, 4)))
