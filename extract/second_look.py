"""The second look, extraction's side: which key fields the page read left missing or
unconfirmed, which lines of the page likely hold them (to be read again on their own),
and which values of an extraction over the re-read lines may replace the first ones.
Reading the lines is OCR's part (ocr.lines); the pipeline puts the two together."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from extract.identity import dates_in
from extract.labels import PATTERNS
from extract.layout import row_view
from extract.regional import DateOrder, is_japanese
from extract.schema import Extraction, FieldValue
from extract.totals import DERIVATIONS
from extract.view import DocView, TextLine
from ocr.types import BBox, OcrDocument, OcrPage, Word

SOURCE = "second-look"
FIRST_DATE = "first-date"  # extract.identity's source for a date no label names


def checked(fv: FieldValue | None) -> bool:
    """A total that at least one cross-check confirms (its source lists the checks)."""
    if fv is None or fv.evidence is None:
        return False
    return any(part in DERIVATIONS for part in fv.evidence.source.split("+")[1:])


# ---- what to look for ----

# Whether a field needs a second look, and whether a value found on the second look
# may replace the first one.
Needs = Callable[[FieldValue | None], bool]
Better = Callable[[FieldValue | None, FieldValue], bool]


UNSURE = 0.7  # a date no label names, read less surely than this, is looked at again


def _missing_or_unsure(fv: FieldValue | None) -> bool:
    """No date, or only the first date of the page (no label names it) read unsurely."""
    if fv is None or fv.evidence is None:
        return fv is None
    return fv.evidence.source == FIRST_DATE and fv.evidence.confidence < UNSURE


def _unconfirmed(fv: FieldValue | None) -> bool:
    return fv is None or not checked(fv)


def _surer(before: FieldValue | None, after: FieldValue) -> bool:
    """A date read again replaces the first when it is read more surely."""
    if before is None or before.evidence is None:
        return True
    return after.evidence is not None and after.evidence.confidence > before.evidence.confidence


def _confirms(before: FieldValue | None, after: FieldValue) -> bool:
    """A total read again replaces the first only when a cross-check confirms it."""
    return before is None or (checked(after) and not checked(before))


def _has_date(text: str) -> bool:
    return any(dates_in(text, order) for order in DateOrder)


def _has_amount(text: str) -> bool:
    return bool(AMOUNT.search(text))


# ---- which lines may hold it ----

TIME = re.compile(r"(?<!\d)\d{1,2}\s?[:;]\s?\d{2}(?!\d)")
SEPARATED = re.compile(r"(?<!\d)(?:\d{1,4}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?\d{1,4}"
                       r"|\d{1,2}\s?[/\-]\s?\d{1,2})(?!\d)")  # not 03-41318972
MONTH_NEAR_DIGITS = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?\d|\d\s?[年月]",
    re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d{6,10}")
RUN_ENDING_IN_YEAR = re.compile(r"\d{4,}(?:19|20)\d{2}(?!\d)")  # 17/01/2018 read 171012018
DATE_WORD = re.compile(r"dat[e3]", re.IGNORECASE)  # "Dates", "DAT3": labels OCR bent
AMOUNT = re.compile(r"\d[\d,]*[.,]\d{2}(?!\d)|\d{1,3}(?:[,.]\d{3})+(?!\d)|[¥￥]\s?\d")
TOTAL_WORD = re.compile(r"total|合\s?計|請\s?求", re.IGNORECASE)

LineScore = Callable[[TextLine], float]


def _date_score(line: TextLine) -> float:
    text = line.text
    score = 3.0 if PATTERNS["issue_date"].search(text) else \
        2.0 if DATE_WORD.search(text) else 0.0
    score += 2.0 if TIME.search(text) else 0.0
    score += 2.0 if SEPARATED.search(text) or MONTH_NEAR_DIGITS.search(text) else 0.0
    score += 1.0 if DIGIT_RUN.search(text) else 0.0
    score += 1.0 if RUN_ENDING_IN_YEAR.search(text) else 0.0
    if PATTERNS["due_date"].search(text):
        return 0.0
    return score


def _total_score(line: TextLine) -> float:
    text = line.text
    if PATTERNS["total"].search(text):
        score = 3.0
    elif TOTAL_WORD.search(text):
        score = 2.0
    else:
        return 0.0
    return score + (1.0 if AMOUNT.search(text) else 0.0)


@dataclass(frozen=True, slots=True)
class Want:
    needs: Needs
    better: Better
    score: LineScore
    holds: Callable[[str], bool]  # whether a line read again may hold the value
    label_alone: bool  # a line with just the label: its value is likely on the row below


WANTS: dict[str, Want] = {
    "issue_date": Want(_missing_or_unsure, _surer, _date_score, _has_date, True),
    "total": Want(_unconfirmed, _confirms, _total_score, _has_amount, False),
}
MONEY_TYPES = frozenset({"invoice", "receipt"})


def wanted(extraction: Extraction) -> list[str]:
    """The key fields worth a second look on this document."""
    if str(extraction.doc_type) not in MONEY_TYPES:
        return []
    return [name for name, want in WANTS.items() if want.needs(extraction.fields.get(name))]


def latin_only(ocr: OcrDocument) -> bool:
    """A document without Japanese: its lines are read again with the Latin model
    alone (three times faster than with the Japanese one beside it)."""
    return not is_japanese(DocView(ocr))


def holds(field: str, text: str) -> bool:
    """Whether a line read again has something `field`'s rules could take."""
    return WANTS[field].holds(text)


@dataclass(frozen=True, slots=True)
class Candidate:
    field: str
    page: int
    bbox: BBox  # the line on the page
    score: float


def candidates(ocr: OcrDocument, fields: list[str], most: int) -> list[Candidate]:
    """Up to `most` visual rows, best first, that likely hold the wanted fields; each
    row once, fields taking turns so that one field does not use up every look."""
    rows = row_view(DocView(ocr)).lines
    per_field = [_ranked(rows, name) for name in fields]
    out: list[Candidate] = []
    seen: set[tuple[int, BBox]] = set()
    while len(out) < most and any(per_field):
        for ranked in per_field:
            while ranked:
                c = ranked.pop(0)
                if (c.page, c.bbox) not in seen:
                    seen.add((c.page, c.bbox))
                    out.append(c)
                    break
            if len(out) >= most:
                break
    return out


def _ranked(rows: list[TextLine], name: str) -> list[Candidate]:
    want = WANTS[name]
    found: list[tuple[float, int, TextLine]] = []
    for line in rows:
        x0, y0, x1, y1 = line.bbox
        if y1 - y0 > x1 - x0:  # a column of vertical writing: no row to cut out
            continue
        score = want.score(line)
        if score <= 0:
            continue
        found.append((score, line.index, line))
        if want.label_alone and not re.search(r"\d", line.text):
            # the value under a bare label ranks above the label itself
            found += [(score + 1, nxt.index, nxt) for nxt in _next_rows(rows, line)]
    found.sort(key=lambda f: (-f[0], f[1]))
    return [Candidate(name, line.page, line.bbox, score) for score, _, line in found]


def _next_rows(rows: list[TextLine], line: TextLine) -> list[TextLine]:
    nxt = rows[line.index + 1] if line.index + 1 < len(rows) else None
    return [nxt] if nxt is not None and nxt.page == line.page else []


# ---- the re-read lines in place of the first reading ----

def with_rows(ocr: OcrDocument, rows: list[tuple[int, tuple[int, int], tuple[Word, ...]]]
              ) -> OcrDocument:
    """The document with each re-read row in place of the words the page read put there:
    (page, (top, bottom) of the row, the words read again in page coordinates)."""
    pages = list(ocr.pages)
    for number, (top, bottom), words in rows:
        pages[number - 1] = _replaced(pages[number - 1], top, bottom, words)
    return replace(ocr, pages=tuple(pages))


def _replaced(page: OcrPage, top: int, bottom: int, words: tuple[Word, ...]) -> OcrPage:
    inside = [w for w in page.words if top <= (w.bbox[1] + w.bbox[3]) / 2 <= bottom]
    if not words:
        return page
    line = min((w.line for w in inside), default=max((w.line for w in page.words), default=-1)
               + 1)
    kept = tuple(w for w in page.words if w not in inside)
    return replace(page, words=kept + tuple(replace(w, line=line) for w in words))


def adopt(first: Extraction, again: Extraction, fields: list[str]) -> Extraction:
    """The first extraction, with the wanted fields that the second look found better;
    their evidence says they came from it."""
    out = Extraction(first.doc_type, dict(first.fields), first.type_scores)
    for name in fields:
        after = again.fields.get(name)
        if after is None or not WANTS[name].better(first.fields.get(name), after):
            continue
        ev = after.evidence
        out.fields[name] = FieldValue(after.value, ev if ev is None else
                                      replace(ev, source=f"{SOURCE}:{ev.source}"))
    return out
