"""The document as extraction sees it: cleaned lines of words in reading order, each
character span traceable to the word boxes it came from (the evidence)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from extract.schema import Evidence
from ocr.types import BBox, OcrDocument, OcrPage, Word, separator, union


@dataclass(frozen=True, slots=True)
class TextLine:
    page: int
    index: int  # position in DocView.lines
    text: str
    words: tuple[Word, ...]
    spans: tuple[tuple[int, int], ...]  # char span of each word in `text`

    @property
    def bbox(self) -> BBox:
        return union([w.bbox for w in self.words])

    def span_bbox(self, start: int, end: int) -> BBox:
        boxes = [w.bbox for w, (s, e) in zip(self.words, self.spans, strict=True)
                 if s < end and e > start]
        return union(boxes) if boxes else self.bbox

    def span_confidence(self, start: int, end: int) -> float:
        confs = [w.confidence for w, (s, e) in zip(self.words, self.spans, strict=True)
                 if s < end and e > start]
        return min(confs) if confs else 0.0

    def evidence(self, start: int, end: int, source: str) -> Evidence:
        return Evidence(self.page, self.span_bbox(start, end),
                        self.span_confidence(start, end), source)

    def whole(self, source: str) -> Evidence:
        return self.evidence(0, len(self.text), source)


def build_line(page: int, index: int, words: tuple[Word, ...]) -> TextLine:
    text = ""
    spans: list[tuple[int, int]] = []
    kept = tuple(w for w in words if w.text)
    for i, w in enumerate(kept):
        if i:
            text += separator(kept[i - 1], w)
        start = len(text)
        text += w.text
        spans.append((start, len(text)))
    return TextLine(page, index, text, kept, tuple(spans))


@dataclass(frozen=True)
class DocView:
    ocr: OcrDocument

    @cached_property
    def lines(self) -> list[TextLine]:
        out: list[TextLine] = []
        for page in self.ocr.pages:
            for line in page.lines:
                out.append(build_line(page.number, len(out), line.words))
        return out

    @cached_property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @cached_property
    def compact(self) -> str:
        """All text without white space, for keyword scoring."""
        return re.sub(r"\s+", "", self.text)

    def page(self, number: int) -> OcrPage:
        return self.ocr.pages[number - 1]

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[TextLine, re.Match[str]]]:
        for line in self.lines:
            for m in pattern.finditer(line.text):
                yield line, m

    def below(self, line: TextLine, max_lines: int = 2) -> list[TextLine]:
        """The next lines on the same page that overlap `line` horizontally."""
        x0, _, x1, y1 = line.bbox
        found: list[TextLine] = []
        for other in self.lines[line.index + 1:]:
            if other.page != line.page or len(found) >= max_lines:
                break
            ox0, oy0, ox1, _ = other.bbox
            if oy0 >= y1 - 2 and ox0 < x1 and ox1 > x0:
                found.append(other)
        return found
