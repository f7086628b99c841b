"""Bring text to the size Tesseract reads best.

Tesseract's LSTM models read characters best at a few tens of pixels high; small
receipt print at 203 dpi is too small and 600 dpi scans are needlessly large (and
slow). Text whose height (ocr.prepared.text_height) is far from
`OcrSettings.text_height_px` is resized to it; the page's dpi is resized with it, so
the stored page image, its dpi and the word boxes keep describing one image."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from core.settings import OcrSettings
from ocr.prepared import Prepared, register_step, text_height

MAX_SIDE = 12_000  # never make a page longer than this (Tesseract's limit is 32k)
MAX_PIXELS = 60_000_000
# Resampling costs Tesseract a little accuracy on clean print, so text that is
# already near the target height (this band, as multiples of it) is left alone.
BAND = (0.7, 1.5)


def scale_factor(height: float | None, target: float, shape: tuple[int, ...]) -> float:
    """The resize factor for a page whose text is `height` px high, within size limits."""
    if height is None or height <= 0:
        return 1.0
    factor = min(max(target / height, 0.25), 4.0)
    if BAND[0] <= height / target <= BAND[1]:
        return 1.0
    if factor > 1.0:  # never enlarge past the size limits
        rows, cols = shape[:2]
        limit = min(MAX_SIDE / max(rows, cols), (MAX_PIXELS / (rows * cols)) ** 0.5)
        factor = max(1.0, min(factor, limit))
    return float(factor)


def rescale(gray: np.ndarray, factor: float) -> np.ndarray:
    if factor == 1.0:
        return gray
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    method = cv2.INTER_AREA if factor < 1.0 else cv2.INTER_CUBIC
    return cv2.resize(gray, size, interpolation=method)


def _scale_step(page: Prepared, settings: OcrSettings) -> Prepared:
    height = text_height(page.image)
    factor = scale_factor(height, settings.text_height_px, page.image.shape)
    if height is None or factor == 1.0:
        return replace(page, text_height=height)
    return page.changed("scale", rescale(page.image, factor),
                        dpi=max(1, round(page.dpi * factor)), text_height=height * factor)


register_step("scale", _scale_step)
