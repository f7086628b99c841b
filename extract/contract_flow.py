"""A contract as running text: clauses wrap over lines and pages, so contract rules
search one string and map what they find back to the lines' word boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.schema import Evidence
from extract.view import DocView, TextLine
from ocr.types import union

_THOUSANDS = re.compile(r"\d{3}(?:[,，]\d{3})*(?!\d)")
_GROUPS = re.compile(r"\s*\d{3}[,，]\d{3}(?!\d)")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff60]")


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _joint(before: str, after: str, squeeze: bool) -> str:
    """Japanese lines run on without a space; Latin lines get one."""
    if not (before and after):
        return " "
    if squeeze:
        return " " if _ascii_alnum(before[-1]) and _ascii_alnum(after[0]) else ""
    return "" if _CJK.match(before[-1]) and _CJK.match(after[0]) else " "


def _kept(text: str, squeeze: bool) -> list[tuple[int, str]]:
    """The characters of a line that go into the flow, with their offsets. Squeezing
    drops the spaces OCR leaves inside Japanese text (株式 会社, 令和8 年5 月,
    2, 650, 000円): every space except one between two Latin letters or digits. A space
    before a group of three digits inside an amount stands for its lost comma
    (4 780,000円)."""
    if not squeeze:
        return list(enumerate(text))
    keep: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            prev = keep[-1][1] if keep else ""
            if prev == " " or not (_ascii_alnum(prev) and _ascii_alnum(text[i + 1:i + 2])):
                continue
            if prev.isdigit() and _THOUSANDS.match(text, i + 1):
                ch = ","
        elif ch == "." and keep and keep[-1][1].isdigit() and _GROUPS.match(text, i + 1):
            ch = ","  # 3.310,000円, 2. 650,000円: OCR read a comma as a period
        keep.append((i, ch))
    return keep


@dataclass(frozen=True)
class Flow:
    """All lines of a document joined into one string. `where[i]` is the line (index
    into `lines`) and the offset in that line's text of character i; a joint between
    lines belongs to the line before it."""

    lines: tuple[TextLine, ...]
    text: str
    where: tuple[tuple[int, int], ...]
    japanese: bool = False

    @classmethod
    def of(cls, view: DocView, squeeze: bool = False) -> Flow:
        parts: list[str] = []
        where: list[tuple[int, int]] = []
        lines = tuple(view.lines)
        for n, line in enumerate(lines):
            if n:
                joint = _joint(lines[n - 1].text, line.text, squeeze)
                parts.append(joint)
                where += [(n - 1, len(lines[n - 1].text))] * len(joint)
            kept = _kept(line.text, squeeze)
            parts.append("".join(ch for _, ch in kept))
            where += [(n, i) for i, _ in kept]
        return cls(lines, "".join(parts), tuple(where), squeeze)

    def evidence(self, start: int, end: int, source: str) -> Evidence | None:
        """Evidence for text[start:end]: the word boxes of every line it touches on the
        page where it starts."""
        spans: dict[int, tuple[int, int]] = {}
        for n, offset in self.where[start:max(start + 1, end)]:
            s, e = spans.get(n, (offset, offset + 1))
            spans[n] = (min(s, offset), max(e, offset + 1))
        if not spans:
            return None
        page = self.lines[min(spans)].page
        parts = [(self.lines[n], s, e) for n, (s, e) in sorted(spans.items())
                 if self.lines[n].page == page]
        boxes = [line.span_bbox(s, e) for line, s, e in parts]
        confidence = min(line.span_confidence(s, e) for line, s, e in parts)
        return Evidence(page, union(boxes), confidence, source)


def is_japanese(view: DocView) -> bool:
    """More Japanese characters than Latin letters in the document."""
    text = view.text
    cjk = len(_CJK.findall(text))
    latin = sum(c.isascii() and c.isalpha() for c in text)
    return cjk > latin


_last: tuple[DocView, Flow] | None = None


def flow_of(view: DocView) -> Flow:
    """The view's Flow, built once for the run of contract rules over one document;
    Japanese documents are squeezed."""
    global _last
    if _last is None or _last[0] is not view:
        _last = (view, Flow.of(view, squeeze=is_japanese(view)))
    return _last[1]
