"""Hand-made OCR documents for unit tests of extraction rules: each row of text becomes
one OCR line of words with boxes, as Tesseract would return them."""

from __future__ import annotations

from ocr.types import OcrDocument, OcrPage, Word

CHAR_W = 20  # pixels per character
ROW_H = 30  # height of a line
ROW_STEP = 45  # distance between the tops of two rows
GUTTER = 300  # a tab in a row: a column gap this wide


def _words(row: str, line: int, top: int, height: int, left: int,
           confidence: float) -> list[Word]:
    words: list[Word] = []
    x = left
    for column, part in enumerate(row.split("\t")):
        if column:
            x += GUTTER
        for token in part.split(" "):
            if token:
                width = CHAR_W * len(token)
                words.append(Word(token, (x, top, x + width, top + height), confidence, line))
                x += width
            x += CHAR_W
    return words


def page(*rows: str, width: int = 800, height: int | None = None, number: int = 1,
         big: tuple[int, ...] = (), confidence: float = 0.95, left: int = 40) -> OcrPage:
    """One page; rows listed in `big` are printed twice as tall (a shop name)."""
    words: list[Word] = []
    top = 40
    for i, row in enumerate(rows):
        h = 2 * ROW_H if i in big else ROW_H
        words += _words(row, i, top, h, left, confidence)
        top += ROW_STEP + (h - ROW_H)
    return OcrPage(number, width, height or top + 100, 200, tuple(words))


def doc(*rows: str, **kwargs) -> OcrDocument:
    return OcrDocument((page(*rows, **kwargs),))


def receipt(*rows: str, **kwargs) -> OcrDocument:
    """A till receipt: a narrow page, tall enough to look like one."""
    kwargs.setdefault("width", 600)
    kwargs.setdefault("height", max(1400, 45 * len(rows) + 200))
    return doc(*rows, **kwargs)
