"""Page preparation made cheaper must prepare the same page: connected components with
16-bit labels and their 32-bit fallback, despeckle by speck and by whole page, the
border mask; and preparation that runs out of time reads the page as it stands."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from core.settings import OcrSettings
from ocr import borders, illumination
from ocr.gaps import uncovered_bands
from ocr.prepared import Prepared, components, register_step
from ocr.preprocess import prepare
from ocr.types import Word
from tests.test_preprocess import render, text_mask


def specked(text: np.ndarray, step: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """`text` with 2x2 specks `step` px apart wherever no ink is within 30 px."""
    lone = [(y, x) for y in range(5, text.shape[0] - 5, step)
            for x in range(5, text.shape[1] - 5, step)
            if (text[max(0, y - 30):y + 30, max(0, x - 30):x + 30] > 128).all()]
    dirty = text.copy()
    for y, x in lone:
        dirty[y:y + 2, x:x + 2] = 0
    return dirty, lone


def test_components_fall_back_to_32_bit_labels_past_65534_blobs() -> None:
    dots = np.zeros((800, 800), np.uint8)
    dots[::3, ::3] = 255  # 71,289 separate dots: more than 16-bit labels hold
    count, labels, stats = components(dots)
    assert count == 267 * 267 + 1 and labels.dtype == np.int32
    assert stats[1:, cv2.CC_STAT_AREA].max() == 1


def test_components_with_16_bit_labels_match_opencvs_own() -> None:
    ink = cv2.threshold(render(), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    count, labels, stats = components(ink)
    expected = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_32S)
    assert labels.dtype == np.uint16 and count == expected[0]
    assert np.array_equal(stats, expected[2]) and np.array_equal(labels, expected[1])


@pytest.mark.parametrize("step", [150, 12], ids=["few specks", "thousands of specks"])
def test_despeckle_cleans_the_same_with_few_or_many_specks(step: int) -> None:
    text = render(28, ["合計: 1,600円。", "ガ・パ・ぷ", "東京都千代田区丸の内1-2-3"])
    text = cv2.copyMakeBorder(text, 0, 1400, 0, 600, cv2.BORDER_CONSTANT, value=255)
    dirty, lone = specked(text, step)
    # Both ways (each speck's window; one integral image) must be exercised.
    assert (len(lone) > illumination.MANY_SPECKS) == (step < 100) and len(lone) > 20
    clean = illumination.despeckle(dirty, 28.0)
    assert all(clean[y, x] > 200 and clean[y + 1, x + 1] > 200 for y, x in lone)
    assert np.array_equal(text_mask(clean), text_mask(text))  # every stroke and dot kept


def test_a_page_without_specks_comes_back_as_it_was() -> None:
    text = render(28, ["ガ・パ・ぷ", "合計: 1,600円。"])
    assert illumination.despeckle(text, 28.0) is text


def test_borders_are_found_as_before_the_mask_was_vectorised() -> None:
    page = render()
    scan = cv2.copyMakeBorder(page, 40, 0, 0, 60, cv2.BORDER_CONSTANT, value=10)
    mask = borders.border_mask(scan)
    assert mask[:30, :].all() and mask[:, -50:].all()
    assert not mask[60:-10, :page.shape[1] - 10].any()
    assert not borders.border_mask(page).any()


def _slow_step(page: Prepared, settings: OcrSettings) -> Prepared:
    time.sleep(0.3)
    return page.changed("slow", page.image)


register_step("test-slow", _slow_step)


def test_preparation_over_its_time_reads_the_page_as_it_stands() -> None:
    page = render()
    settings = OcrSettings(steps=["test-slow", "test-slow", "binarize"],
                           prepare_timeout_s=0.1)
    out = prepare(page, 300, settings)
    assert out.applied == ("slow",)
    assert out.skipped == ("test-slow", "binarize")
    assert out.image is page and not out.blank


def test_preparation_in_time_skips_nothing() -> None:
    out = prepare(render(), 300, OcrSettings(steps=["test-slow", "binarize"]))
    assert out.applied == ("slow", "binarize") and out.skipped == ()


def test_an_empty_table_row_is_no_band_to_read_again() -> None:
    """Regression: the cell borders of an empty table row counted as ink, the row was
    read again on its own, and the junk it gave (| 日しょベイ |) landed in the text."""
    page = np.full((900, 1400), 255, np.uint8)
    text_h = 30
    for y in (100, 150, 200):  # three lines of text, all read
        page[y:y + text_h, 100:1300:8] = 0
    top, bottom = 300, 420  # a table row with nothing in it: borders only
    cv2.rectangle(page, (100, top), (1300, bottom), 0, 3)
    for x in (500, 800, 1000):
        cv2.line(page, (x, top), (x, bottom), 0, 3)
    words = tuple(Word("語", (100, y, 1300, y + text_h), 0.9, i)
                  for i, y in enumerate((100, 150, 200)))
    assert uncovered_bands(page, words, text_h) == []
    page[330:330 + text_h, 120:480:8] = 0  # text in the row: a band again
    page[375:375 + text_h, 120:480:8] = 0
    [(y0, y1)] = uncovered_bands(page, words, text_h)
    assert y0 <= 330 and y1 >= 375 + text_h
