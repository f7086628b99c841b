"""Bands of printed lines that OCR returned no words for are found (and only those)."""

from __future__ import annotations

import numpy as np

from ocr.gaps import shifted, uncovered_bands
from ocr.types import Word

TEXT_H = 20


def page_with_lines(rows: list[int], width: int = 600, height: int = 800) -> np.ndarray:
    """White page with a dark text-like bar of TEXT_H px starting at each row."""
    image = np.full((height, width), 255, np.uint8)
    for y in rows:
        image[y:y + TEXT_H, 40:400:6] = 0  # strokes, not a solid bar
        image[y:y + TEXT_H, 41:400:6] = 0
    return image


def word_at(y: int, line: int) -> Word:
    return Word("語", (40, y, 400, y + TEXT_H), 0.9, line)


def test_lines_without_words_make_a_band() -> None:
    rows = [50, 90, 130, 500, 540, 580]
    image = page_with_lines(rows)
    words = tuple(word_at(y, n) for n, y in enumerate(rows[:3]))  # the bottom block lost
    [(y0, y1)] = uncovered_bands(image, words, TEXT_H)
    assert y0 <= 500 and y1 >= 600 and y0 > 150


def test_a_fully_read_page_has_no_band() -> None:
    rows = [50, 90, 130, 500, 540]
    words = tuple(word_at(y, n) for n, y in enumerate(rows))
    assert uncovered_bands(page_with_lines(rows), words, TEXT_H) == []


def test_one_stray_line_or_specks_are_not_a_band() -> None:
    image = page_with_lines([50, 90, 400])
    image[700:703, 100:104] = 0  # dust
    words = tuple(word_at(y, n) for n, y in enumerate([50, 90]))
    assert uncovered_bands(image, words, TEXT_H) == []  # one line is under 2 text heights


def test_band_words_move_to_page_coordinates_after_the_page_lines() -> None:
    band = (Word("合計", (10, 5, 60, 25), 0.9, 0), Word("??", (70, 5, 90, 25), 0.2, 0),
            Word("2,797", (300, 5, 380, 25), 0.95, 1))
    moved = shifted(band, dy=480, first_line=7, min_confidence=0.4)
    assert [(w.text, w.bbox[1], w.line) for w in moved] == [("合計", 485, 7), ("2,797", 485, 8)]
