"""Born-digital PDFs: words and boxes from the page's text layer instead of OCR, in
the same shape as Tesseract's output. A missing or garbage layer gives None and the
page goes to OCR."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium

from ocr.types import OcrPage, Word

log = logging.getLogger(__name__)
MIN_CHARS = 20  # fewer than this on a page: treat as a scan
MAX_BAD_RATIO = 0.1  # share of replacement or control characters that marks garbage
BREAKS = {"\r", "\n"}


def read_text_layer(path: Path, number: int, dpi: int, width: int, height: int
                    ) -> OcrPage | None:
    """The words of page `number` (1-based), in pixels of the page rendered at `dpi`
    (`width` x `height`), or None when the layer is not worth using."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        page = pdf[number - 1]
        _, page_h = page.get_size()
        chars = _chars(page.get_textpage())
    finally:
        pdf.close()
    if not _usable(chars):
        return None
    scale = dpi / 72.0
    words = _words(chars, scale, page_h, width, height)
    return OcrPage(number, width, height, dpi, tuple(words), source="pdf-text")


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple[str, tuple[float, ...]]]:
    return [(textpage.get_text_range(i, 1), textpage.get_charbox(i))
            for i in range(textpage.count_chars())]


def _usable(chars: list[tuple[str, tuple[float, ...]]]) -> bool:
    visible = [c for c, _ in chars if c and not c.isspace()]
    if len(visible) < MIN_CHARS:
        return False
    bad = sum(1 for c in visible if c == "\ufffd" or ord(c[0]) < 32
              or 0xE000 <= ord(c[0]) <= 0xF8FF)
    return bad / len(visible) <= MAX_BAD_RATIO


def _words(chars, scale: float, page_h: float, width: int, height: int) -> list[Word]:
    words: list[Word] = []
    text, boxes, line = "", [], 0

    def flush() -> None:
        nonlocal text, boxes
        if text:
            # pdfium boxes are (left, bottom, right, top) in points from the bottom left
            x0 = min(b[0] for b in boxes) * scale
            x1 = max(b[2] for b in boxes) * scale
            y0 = (page_h - max(b[3] for b in boxes)) * scale
            y1 = (page_h - min(b[1] for b in boxes)) * scale
            bbox = (max(0, int(x0)), max(0, int(y0)), min(width, int(x1 + 1)),
                    min(height, int(y1 + 1)))
            words.append(Word(text, bbox, 1.0, line))
        text, boxes = "", []

    for ch, box in chars:
        if ch in BREAKS:
            flush()
            if words and words[-1].line == line:
                line += 1
            continue
        if not ch or ch.isspace():
            flush()
            continue
        text += ch
        boxes.append(box)
    flush()
    return words
