"""What OCR hands to extraction: words with boxes and confidences, grouped in lines."""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the stored page image


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float  # 0.0 .. 1.0
    line: int  # index of the engine's line on the page, in the engine's order


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return join_line(self.words)

    @property
    def bbox(self) -> BBox:
        return union([w.bbox for w in self.words])

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0)


@dataclass(frozen=True, slots=True)
class OcrPage:
    number: int  # 1-based
    width: int
    height: int
    dpi: int
    words: tuple[Word, ...] = ()
    rotated: int = 0  # degrees turned to make the page upright
    source: str = "tesseract"
    blank: bool = False  # no ink: not read (batch splitting can use it)

    @property
    def lines(self) -> list[Line]:
        """The engine's lines, in the engine's order (Tesseract: block by block)."""
        by_line: dict[int, list[Word]] = {}
        for w in self.words:
            by_line.setdefault(w.line, []).append(w)
        return [Line(tuple(ws)) for _, ws in sorted(by_line.items())]

    @property
    def rows(self) -> list[Line]:
        """The page's text as a reader reads it: see `ocr.reading.reading_rows`."""
        from ocr.reading import reading_rows  # ocr.reading builds on this module

        return reading_rows(self.lines)

    @property
    def text(self) -> str:
        """The page's text, one visual row a line, top to bottom (what is stored,
        searched and shown)."""
        return "\n".join(row.text for row in self.rows)


@dataclass(frozen=True, slots=True)
class OcrDocument:
    pages: tuple[OcrPage, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)


def union(boxes: list[BBox]) -> BBox:
    if not boxes:
        return (0, 0, 0, 0)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3000 <= o <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xF900 <= o <= 0xFAFF
        or 0xFF01 <= o <= 0xFF60  # full-width forms
        or 0xFF61 <= o <= 0xFF9F  # half-width katakana
    )


def separator(prev: Word, word: Word) -> str:
    """What goes between two words of one line. Tesseract puts a word break between
    most Japanese characters; those breaks are dropped unless the gap is wide enough
    to be a column or field separator. Between Latin words the space stays."""
    height = max(1, min(prev.bbox[3] - prev.bbox[1], word.bbox[3] - word.bbox[1]))
    gap = word.bbox[0] - prev.bbox[2]
    cjk = _is_cjk(prev.text[-1]) or _is_cjk(word.text[0])
    return " " if not cjk or gap > 0.6 * height else ""


def join_line(words: tuple[Word, ...] | list[Word]) -> str:
    out = ""
    prev: Word | None = None
    for w in words:
        if not w.text:
            continue
        out += (separator(prev, w) if prev else "") + w.text
        prev = w
    return out


def page_to_dict(page: OcrPage) -> dict:
    return {"number": page.number, "width": page.width, "height": page.height,
            "dpi": page.dpi, "rotated": page.rotated, "source": page.source,
            "blank": page.blank,
            "words": [[w.text, list(w.bbox), w.confidence, w.line] for w in page.words]}


def page_from_dict(data: dict) -> OcrPage:
    words = tuple(Word(t, (b[0], b[1], b[2], b[3]), c, ln) for t, b, c, ln in data["words"])
    return OcrPage(data["number"], data["width"], data["height"], data["dpi"], words,
                   data.get("rotated", 0), data.get("source", "tesseract"),
                   data.get("blank", False))
