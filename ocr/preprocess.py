"""Page preparation before OCR: the chain of steps named in `OcrSettings.steps`, run
in that order on an 8-bit gray page. Each step is a pure function of the page (see
ocr.prepared); a blank page stops the chain and is not read."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import cv2
import numpy as np

from core.errors import ErrorCode, InputError
from core.settings import OcrSettings

# The built-in steps register themselves on import.
from ocr import borders, deskew, dewarp, illumination, orient, scale  # noqa: F401
from ocr.prepared import Prepared, get_step

log = logging.getLogger(__name__)
MAX_ASPECT = 200  # a 20,000 x 50 strip is no page (a long receipt is under 1:40)

__all__ = ["Prepared", "prepare", "to_gray8"]


def prepare(image: np.ndarray, dpi: int, settings: OcrSettings) -> Prepared:
    """The page as OCR should read it. Raises InputError for an image that cannot be a
    page; a uniform or tiny image comes back marked blank."""
    gray = to_gray8(image)
    page = Prepared(gray, dpi)
    height, width = gray.shape
    if min(height, width) >= borders.MIN_SIDE and max(height, width) > MAX_ASPECT * min(
            height, width):
        raise InputError(ErrorCode.BAD_PAGE_SHAPE, f"{width}x{height} px")
    if borders.is_blank(gray):
        return page.changed("blank", gray, blank=True)
    steps = [(name, get_step(name)) for name in settings.steps]
    deadline = time.monotonic() + settings.prepare_timeout_s
    for i, (_, step) in enumerate(steps):
        if time.monotonic() > deadline:
            # A page that takes this long is pathological; it is read as it stands
            # (every step leaves a page OCR can read) rather than failed.
            left = tuple(name for name, _ in steps[i:])
            log.warning("page preparation over %.0f s: skipped %s", settings.prepare_timeout_s,
                        ", ".join(left))
            return replace(page, skipped=left)
        page = step(page, settings)
        if page.blank:
            break
    log.debug("prepared: %s", ", ".join(page.applied) or "unchanged")
    return page


def to_gray8(image: np.ndarray) -> np.ndarray:
    """Any array a page can arrive as (8 or 16 bit, float, gray, BGR, BGRA) as a
    contiguous 8-bit gray image; transparent parts count as white paper."""
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = _to_8bit(image[:, :, 3]).astype(np.float32) / 255.0
        rgb = _to_8bit(image[:, :, :3]).astype(np.float32)
        image = (rgb * alpha[..., None] + 255.0 * (1.0 - alpha[..., None])).astype(np.uint8)
    image = _to_8bit(image)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.ndim != 2:
        raise InputError(ErrorCode.CORRUPT_FILE, f"image of shape {image.shape}")
    return np.ascontiguousarray(image)


def _to_8bit(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.bool_:
        return image.astype(np.uint8) * 255
    values = image.astype(np.float64)
    top = float(values.max()) if values.size else 0.0
    if image.dtype.kind == "f" and top <= 1.0:
        top = 1.0  # floats in 0..1
    elif top <= 255.0:
        top = 255.0  # already in 8-bit range
    return (values * (255.0 / top)).clip(0, 255).astype(np.uint8)
