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
from ocr.prepared import Prepared, background_level, components, register_step, shrink

WORK_SIDE = 800  # the background is estimated on a copy this size
MANY_SPECKS = 1500  # despeckle: more specks than this, one pass over the page, not each


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
    count, labels, stats = components(ink)
    if count <= 1:
        return gray
    limit = max(4.0, (0.12 * text_height) ** 2)
    small = stats[:, cv2.CC_STAT_AREA] <= limit
    small[0] = False
    specks = np.flatnonzero(small)
    if not specks.size:
        return gray
    big = ~small
    big[0] = False
    reach = max(2, int(0.75 * text_height))
    windows = _windows(stats, reach, gray.shape)
    if specks.size > MANY_SPECKS:
        return _paint_page(gray, labels, _lonely_by_integral(labels, big, small, windows))
    # A few specks (most scans): look in each speck's window, and paint each speck in
    # its own box; a pass over the whole page costs more than all of them.
    lonely = [i for i in specks if not _any_big(labels, big, windows[i])]
    if not lonely:
        return gray
    out = gray.copy()
    paper = background_level(gray)
    for i in lonely:
        x, y, w, h = (int(v) for v in stats[i, :4])
        box = out[y:y + h, x:x + w]
        box[labels[y:y + h, x:x + w] == i] = paper
    return out


def _windows(stats: np.ndarray, reach: int, shape: tuple[int, ...]) -> np.ndarray:
    """Each blob's box grown by `reach` on every side, clipped: rows of x0, y0, x1, y1."""
    height, width = shape[:2]
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    return np.stack([np.clip(x - reach, 0, width), np.clip(y - reach, 0, height),
                     np.clip(x + stats[:, cv2.CC_STAT_WIDTH] + reach, 0, width),
                     np.clip(y + stats[:, cv2.CC_STAT_HEIGHT] + reach, 0, height)], axis=1)


def _any_big(labels: np.ndarray, big: np.ndarray, window: np.ndarray) -> bool:
    x0, y0, x1, y1 = (int(v) for v in window)
    return bool(big[labels[y0:y1, x0:x1]].any())


def _lonely_by_integral(labels: np.ndarray, big: np.ndarray, small: np.ndarray,
                        windows: np.ndarray) -> np.ndarray:
    """Which blobs are specks with no ink of a larger blob in their window, for a page
    of many specks: the larger blobs' ink summed in an integral image, each window
    then read in four look-ups."""
    near = cv2.integral(np.take(big.astype(np.uint8), labels))
    x0, y0, x1, y1 = windows.T
    around = near[y1, x1] - near[y0, x1] - near[y1, x0] + near[y0, x0]
    return small & (around == 0)


def _paint_page(gray: np.ndarray, labels: np.ndarray, lonely: np.ndarray) -> np.ndarray:
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
