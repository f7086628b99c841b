"""Text Tesseract's layout analysis left out. On some pages (a photographed receipt
that has been straightened, a block under a rule line) whole bands of printed lines come
back with no words at all. This finds horizontal bands of ink that no word box covers, so
that they can be read again on their own."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.types import Word


def uncovered_bands(image: np.ndarray, words: tuple[Word, ...], text_height: float,
                    most: int = 2) -> list[tuple[int, int]]:
    """Up to `most` bands (y0, y1), tallest first, at least two text lines high, where
    rows hold ink but no word box reaches."""
    if image.size == 0:
        return []
    _, ink = cv2.threshold(image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    width = image.shape[1]
    inked = ink.sum(axis=1) > max(3, width // 200)  # a few dark pixels are noise
    covered = np.zeros_like(inked)
    reach = max(2, int(text_height * 0.3))
    for w in words:
        covered[max(0, w.bbox[1] - reach):w.bbox[3] + reach] = True
    free = inked & ~covered
    bands = _runs(free, bridge=int(text_height * 1.5))
    tall = [(a, b) for a, b in bands
            if b - a >= 2 * text_height and free[a:b].mean() > 0.3]
    return sorted(tall, key=lambda r: r[0] - r[1])[:most]


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
