"""Visual rows: OCR lines that stand side by side on a page, merged into one line read
left to right. Tesseract splits a page into blocks, so a label ("Total:") and its value
("$127.50") in another column come back as separate lines, often far apart in reading
order; the rows put them together again, top to bottom."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.view import DocView, TextLine
from ocr.types import OcrDocument, OcrPage, Word

# Two lines share a row when their vertical overlap is at least this share of the
# smaller height, and they do not overlap horizontally.
ROW_OVERLAP = 0.5
# A gap wider than this many line heights separates two phrases of one OCR line.
PHRASE_GAP = 3.0


@dataclass(slots=True)
class _Row:
    lines: list[TextLine]
    y0: int
    y1: int

    def accepts(self, line: TextLine) -> bool:
        x0, y0, x1, y1 = line.bbox
        overlap = min(y1, self.y1) - max(y0, self.y0)
        height = min(y1 - y0, self.y1 - self.y0)
        if height <= 0 or overlap < ROW_OVERLAP * height:
            return False
        return all(x1 <= o.bbox[0] or x0 >= o.bbox[2] for o in self.lines)


def _page_rows(lines: list[TextLine]) -> list[list[Word]]:
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2):
        row = next((r for r in reversed(rows[-4:]) if r.accepts(line)), None)
        if row is None:
            rows.append(_Row([line], line.bbox[1], line.bbox[3]))
        else:
            row.lines.append(line)
    out: list[list[Word]] = []
    for row in sorted(rows, key=lambda r: (r.y0, r.lines[0].bbox[0])):
        ordered = sorted(row.lines, key=lambda ln: ln.bbox[0])
        out.append([w for ln in ordered for w in ln.words])
    return out


def regroup(view: DocView) -> OcrDocument:
    """The document with each word's line number set to its visual row."""
    pages: list[OcrPage] = []
    for page in view.ocr.pages:
        lines = [ln for ln in view.lines if ln.page == page.number and ln.words]
        words = tuple(Word(w.text, w.bbox, w.confidence, i)
                      for i, row in enumerate(_page_rows(lines)) for w in row)
        pages.append(OcrPage(page.number, page.width, page.height, page.dpi, words,
                             page.rotated, page.source))
    return OcrDocument(tuple(pages))


def _split_at_gaps(words: tuple[Word, ...]) -> list[list[Word]]:
    """A line cut where the space between two words is a column gutter."""
    height = max(1, sorted(w.bbox[3] - w.bbox[1] for w in words)[len(words) // 2])
    parts: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        if word.bbox[0] - prev.bbox[2] > PHRASE_GAP * height:
            parts.append([])
        parts[-1].append(word)
    return parts


def split_phrases(view: DocView) -> OcrDocument:
    """The document with each visual row cut into its phrases (columns side by side)."""
    pages: list[OcrPage] = []
    rows = row_view(view)
    for page in view.ocr.pages:
        lines = [ln for ln in rows.lines if ln.page == page.number and ln.words]
        parts = [p for ln in lines for p in _split_at_gaps(ln.words)]
        parts.sort(key=lambda p: (min(w.bbox[1] for w in p), p[0].bbox[0]))
        words = tuple(Word(w.text, w.bbox, w.confidence, i)
                      for i, part in enumerate(parts) for w in part)
        pages.append(OcrPage(page.number, page.width, page.height, page.dpi, words,
                             page.rotated, page.source))
    return OcrDocument(tuple(pages))


@lru_cache(maxsize=8)
def phrase_view(view: DocView) -> DocView:
    """The document read as phrases: a customer block and a vendor block that OCR put
    on one line come apart again."""
    return DocView(split_phrases(view))


@lru_cache(maxsize=8)
def row_view(view: DocView) -> DocView:
    """The same document read as visual rows (cached: every rule asks for it)."""
    return DocView(regroup(view))


def below_span(view: DocView, line: TextLine, start: int, end: int,
               max_rows: int = 2) -> list[TextLine]:
    """The next rows on the same page that have text under the span `start:end`."""
    x0, y0, x1, y1 = line.span_bbox(start, end)
    middle = (y0 + y1) / 2
    found: list[TextLine] = []
    for other in view.lines[line.index + 1:]:
        if other.page != line.page or len(found) >= max_rows:
            break
        if other.bbox[1] > middle and any(w.bbox[0] < x1 + 40 and w.bbox[2] > x0 - 40
                                           for w in other.words):
            found.append(other)
    return found


def row_height(line: TextLine) -> int:
    return max(1, line.bbox[3] - line.bbox[1])
