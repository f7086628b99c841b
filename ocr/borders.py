"""Scanner borders and blank pages.

A flatbed or a feeder leaves black bands and wedges where the lid did not cover the
glass; they are dark regions touching the image edge, far larger than any character.
They are painted paper-coloured, and edge bands that are mostly border are cut off.
A page with (nearly) no ink after that is blank: marked, and not sent to OCR."""

from __future__ import annotations

import cv2
import numpy as np

from core.settings import OcrSettings
from ocr.prepared import (Prepared, background_level, components, ink_mask, register_step,
                          shrink)

WORK_SIDE = 1000  # border and blank analysis run on a copy this size
DARK = 70  # a border pixel is darker than this (paper is > 150 on any usable scan)
MIN_BORDER_SHARE = 0.004  # a dark region touching the edge that covers this much
BAND_SHARE = 0.5  # an edge row or column this much border is cut off
MIN_MARKS = 5  # fewer character-sized marks than this (specks cleaned): a blank page
MIN_SIDE = 16  # a page smaller than this cannot hold a character


def border_mask(gray: np.ndarray) -> np.ndarray:
    """255 where a large dark region touches the image edge, at the size of `gray`."""
    small, _ = shrink(gray, WORK_SIDE)
    dark = (small < DARK).astype(np.uint8)
    count, labels, stats = components(dark, connectivity=4)
    h, w = small.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    keep = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    keep &= area >= MIN_BORDER_SHARE * h * w
    keep[0] = False
    if not keep.any():
        return np.zeros(gray.shape[:2], np.uint8)
    mask = (keep[labels] * 255).astype(np.uint8)
    if small.shape != gray.shape:
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return cv2.dilate(mask, np.ones((5, 5), np.uint8))  # the anti-aliased rim as well


def crop_borders(gray: np.ndarray) -> np.ndarray:
    """The page without its black scanner borders (same image when there are none)."""
    mask = border_mask(gray)
    if not mask.any():
        return gray
    rows = (mask > 0).mean(axis=1)
    cols = (mask > 0).mean(axis=0)
    top, bottom = _keep_span(rows)
    left, right = _keep_span(cols)
    if bottom - top < MIN_SIDE or right - left < MIN_SIDE:
        return gray  # all border: leave it to the blank check
    out = gray.copy()
    out[mask > 0] = background_level(gray[mask == 0])
    return np.ascontiguousarray(out[top:bottom, left:right])


def _keep_span(share: np.ndarray) -> tuple[int, int]:
    """First and one-past-last index whose border share is below BAND_SHARE."""
    inside = np.flatnonzero(share < BAND_SHARE)
    if inside.size == 0:
        return 0, 0
    return int(inside[0]), int(inside[-1]) + 1


def is_blank(gray: np.ndarray) -> bool:
    """No ink worth reading: uniform, tiny, or only specks and show-through."""
    if min(gray.shape[:2]) < MIN_SIDE:
        return True
    small, _ = shrink(gray, WORK_SIDE)
    if int(small.max()) - int(small.min()) < 24:
        return True  # one flat tone: all white, all black, all grey
    ink = ink_mask(small)
    # Specks and scanner dust are a pixel or two; a character stroke is more.
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    count, _, stats = components(ink)
    marks = np.count_nonzero(np.maximum(stats[1:, cv2.CC_STAT_HEIGHT],
                                        stats[1:, cv2.CC_STAT_WIDTH]) >= 4)
    return marks < MIN_MARKS


def _crop_step(page: Prepared, settings: OcrSettings) -> Prepared:
    cropped = crop_borders(page.image)
    return page if cropped is page.image else page.changed("crop", cropped)


def _blank_step(page: Prepared, settings: OcrSettings) -> Prepared:
    return page.changed("blank", page.image, blank=True) if is_blank(page.image) else page


register_step("crop", _crop_step)
register_step("blank", _blank_step)
