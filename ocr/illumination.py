"""Uneven light, shadows and noise.

Tesseract binarises a page with one global (Otsu) threshold, so a shadow across a
phone photo turns into a black blot that hides the text under it. Dividing the page
by an estimate of its background (the page with the text closed away) makes the
paper evenly white and keeps the ink's contrast. Denoising and a local (Sauvola-like)
binarisation are steps of their own, in the chain only where they pay."""

from __future__ import annotations

import cv2
import numpy as np

from core.settings import OcrSettings
from ocr.prepared import Prepared, background_level, register_step, shrink

WORK_SIDE = 800  # the background is estimated on a copy this size


def background(gray: np.ndarray, text_height: float) -> np.ndarray:
    """The page's light without its ink, at the size of `gray`."""
    small, factor = shrink(gray, WORK_SIDE)
    # A closing wider than a character removes it; a box blur smooths what is left.
    size = max(3, int(round(3 * text_height * factor)) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    smooth = cv2.blur(closed, (size, size))
    return cv2.resize(smooth, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def flatten(gray: np.ndarray, text_height: float) -> np.ndarray:
    """The page divided by its background: white paper, ink as dark as it was against
    the paper around it."""
    bg = np.maximum(background(gray, text_height), 1)
    return cv2.divide(gray, bg, scale=255.0)  # saturates at white


def denoise(gray: np.ndarray) -> np.ndarray:
    """Salt-and-pepper and sensor noise off, strokes kept (a 3x3 median)."""
    return cv2.medianBlur(gray, 3)


def despeckle(gray: np.ndarray, text_height: float) -> np.ndarray:
    """Isolated specks (dust, scanner noise) painted paper-white. A speck is a blob
    far smaller than a character with no other ink within 3/4 of a character of it
    (a square window around the speck); dots, commas and the dakuten of kana sit next
    to their character and stay."""
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return gray
    limit = max(4.0, (0.12 * text_height) ** 2)
    small = stats[:, cv2.CC_STAT_AREA] <= limit
    small[0] = False
    if not small.any():
        return gray
    big = (~small).astype(np.uint8)
    big[0] = 0
    # Ink of larger blobs in each speck's window, from an integral image: one pass over
    # the page instead of a dilation by a character-sized disc (a second a page).
    near = cv2.integral(np.take(big, labels))
    reach = max(2, int(0.75 * text_height))
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    height, width = gray.shape
    x0, y0 = np.clip(x - reach, 0, width), np.clip(y - reach, 0, height)
    x1 = np.clip(x + stats[:, cv2.CC_STAT_WIDTH] + reach, 0, width)
    y1 = np.clip(y + stats[:, cv2.CC_STAT_HEIGHT] + reach, 0, height)
    around = near[y1, x1] - near[y0, x1] - near[y1, x0] + near[y0, x0]
    lonely = small & (around == 0)
    if not lonely.any():
        return gray
    out = gray.copy()
    out[np.take(lonely, labels)] = background_level(gray)
    return out


def binarize(gray: np.ndarray, text_height: float) -> np.ndarray:
    """Black ink on white by a local threshold (mean of a window a few characters wide)."""
    block = max(11, int(round(4 * text_height)) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                 cv2.THRESH_BINARY, block, 10)


def _flatten_step(page: Prepared, settings: OcrSettings) -> Prepared:
    return page.changed("flatten", flatten(page.image, page.char_px))


def _denoise_step(page: Prepared, settings: OcrSettings) -> Prepared:
    return page.changed("denoise", denoise(page.image))


def _despeckle_step(page: Prepared, settings: OcrSettings) -> Prepared:
    clean = despeckle(page.image, page.char_px)
    return page if clean is page.image else page.changed("despeckle", clean)


def _binarize_step(page: Prepared, settings: OcrSettings) -> Prepared:
    return page.changed("binarize", binarize(page.image, page.char_px))


register_step("flatten", _flatten_step)
register_step("denoise", _denoise_step)
register_step("binarize", _binarize_step)
register_step("despeckle", _despeckle_step)
