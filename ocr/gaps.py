"""Text Tesseract's layout analysis left out. On some pages (a photographed receipt
that has been straightened, a block under a rule line) whole bands of printed lines come
back with no words at all. This finds horizontal bands of ink that no word box covers, so
that they can be read again on their own."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.prepared import shrink
from ocr.types import Word

WORK_SIDE = 1600  # ink is measured on a copy this size


def uncovered_bands(image: np.ndarray, words: tuple[Word, ...], text_height: float,
                    most: int = 2) -> list[tuple[int, int]]:
    """Up to `most` bands (y0, y1), tallest first, at least two text lines high, where
    rows hold ink but no word box reaches. Ruling lines are not ink here: an empty
    table row (its cell borders) is no band of text, and read again it gives junk."""
    if image.size == 0:
        return []
    inked = _inked_rows(image, text_height)
    covered = np.zeros_like(inked)
    reach = max(2, int(text_height * 0.3))
    for w in words:
        covered[max(0, w.bbox[1] - reach):w.bbox[3] + reach] = True
    free = inked & ~covered
    bands = _runs(free, bridge=int(text_height * 1.5))
    tall = [(a, b) for a, b in bands
            if b - a >= 2 * text_height and free[a:b].mean() > 0.3]
    return sorted(tall, key=lambda r: r[0] - r[1])[:most]


def _inked_rows(image: np.ndarray, text_height: float) -> np.ndarray:
    """Per row of `image`: whether it holds ink other than ruling lines. Found on a
    copy about WORK_SIDE px long, each of its rows standing for k rows of the page."""
    small, factor = shrink(image, WORK_SIDE)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # A rule is a stroke longer than any character's: 1.5 text heights down, 3 across.
    reach = max(3, int(1.5 * text_height * factor))
    rules = np.maximum(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((reach, 1), np.uint8)),
                       cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 2 * reach), np.uint8)))
    counts = (ink & (1 - rules)).sum(axis=1)
    inked = counts > max(3, small.shape[1] // 200)  # a few dark pixels are noise
    k = round(1 / factor)
    rows = np.zeros(image.shape[0], dtype=bool)
    rows[:inked.size * k] = np.repeat(inked, k)
    return rows


def _runs(rows: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """Runs of True rows, joining runs separated by at most `bridge` False rows."""
    runs: list[tuple[int, int]] = []
    start = None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append((start, y))
            start = None
    if start is not None:
        runs.append((start, len(rows)))
    joined: list[tuple[int, int]] = []
    for a, b in runs:
        if joined and a - joined[-1][1] <= bridge:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


def shifted(words: tuple[Word, ...], dy: int, first_line: int, min_confidence: float
            ) -> tuple[Word, ...]:
    """Words read from a band, moved to page coordinates and numbered after the page's
    own lines; unsure words are dropped."""
    return tuple(Word(w.text, (w.bbox[0], w.bbox[1] + dy, w.bbox[2], w.bbox[3] + dy),
                      w.confidence, w.line + first_line)
                 for w in words if w.confidence >= min_confidence)
