"""Pages fed sideways or upside down.

Tesseract's orientation detection (OSD) is a second Tesseract run, about half as
long as reading a receipt, so it runs only where it can pay:
- before OCR, when the page's text lines run top to bottom (a page on its side;
  the ink's column profile is then sharper than its row profile);
- after OCR, when the page read badly (`OcrSettings.orient_recheck_below`): an
  upside-down page reads at a mean confidence under 0.5, an upright one above 0.7.
The page is turned only when OSD is confident, and read again only then.

A page whose lines run top to bottom and that OSD finds upright (or upside down) is
not on its side: it is written vertically (縦書き, contracts, some receipts). It is
marked `vertical`, and read with `OcrSettings.vertical_languages` (jpn_vert): the
horizontal jpn model reads such a page as noise."""

from __future__ import annotations

import cv2
import numpy as np

from core.settings import OcrSettings
from ocr import tesseract
from ocr.prepared import Prepared, ink_mask, register_step, shrink
from ocr.types import OcrPage

OSD_TEXT_PX = 20.0  # OSD reads a copy with text about this high (it needs > ~15 px)
OSD_MAX_SIDE = 2000
WORK_SIDE = 1000
VERTICAL = 0.8  # row/column profile contrast below this: the lines run vertically

_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
          270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def turn(gray: np.ndarray, degrees: int) -> np.ndarray:
    """`gray` turned clockwise by a multiple of 90 degrees."""
    code = _TURNS.get(degrees % 360)
    return gray if code is None else cv2.rotate(gray, code)


def _contrast(counts: np.ndarray) -> float:
    """How peaky a projection profile is: 1.0 for even ink, more for lines and gaps."""
    used = np.flatnonzero(counts)
    if used.size == 0:
        return 1.0
    counts = counts[used[0]:used[-1] + 1].astype(np.float64)
    return float(np.dot(counts, counts) * counts.size / max(counts.sum() ** 2, 1.0))


def lines_run_vertically(gray: np.ndarray) -> bool:
    small, _ = shrink(gray, WORK_SIDE)
    ink = cv2.morphologyEx(ink_mask(small), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    rows, cols = _contrast(ink.sum(axis=1)), _contrast(ink.sum(axis=0))
    return rows < VERTICAL * cols


def osd_copy(gray: np.ndarray, char_px: float) -> np.ndarray:
    """The small copy OSD reads: text near OSD_TEXT_PX, never enlarged."""
    factor = min(1.0, OSD_TEXT_PX / max(char_px, 1.0), OSD_MAX_SIDE / max(gray.shape[:2]))
    if factor >= 0.95:
        return gray
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def upright_turn(gray: np.ndarray, char_px: float, settings: OcrSettings) -> int:
    """Degrees to turn the page clockwise to make it upright: 0 unless OSD is sure."""
    found = tesseract.detect_orientation(osd_copy(gray, char_px), settings)
    if found.confidence < settings.osd_min_confidence:
        return 0
    return found.rotate


def _turned(page: Prepared, settings: OcrSettings) -> Prepared | None:
    degrees = upright_turn(page.image, page.char_px, settings)
    if degrees == 0:
        return None
    # A quarter turn makes vertical lines horizontal; a half turn leaves them vertical.
    vertical = page.vertical and degrees == 180
    return page.changed("orient", turn(page.image, degrees), rotated=page.rotated + degrees,
                        vertical=vertical)


def _orient_step(page: Prepared, settings: OcrSettings) -> Prepared:
    if not lines_run_vertically(page.image):
        return page  # upright or upside down: the second look after OCR decides
    found = tesseract.detect_orientation(osd_copy(page.image, page.char_px), settings)
    if found.confidence < settings.osd_min_confidence:
        return page
    if found.rotate in (90, 270):  # a horizontal page on its side
        return page.changed("orient", turn(page.image, found.rotate),
                            rotated=page.rotated + found.rotate)
    # Upright (or upside down) with lines running down the page: vertical writing.
    return page.changed("vertical", turn(page.image, found.rotate),
                        rotated=page.rotated + found.rotate, vertical=True)


def reading_settings(page: Prepared, settings: OcrSettings) -> OcrSettings:
    """The OCR settings to read `page` with: the vertical models for vertical writing."""
    if not page.vertical:
        return settings
    return settings.model_copy(update={"languages": settings.vertical_languages})


def reading_confidence(page: OcrPage) -> float:
    """Mean word confidence, weighted by length; 0.0 for a page with no words."""
    chars = sum(len(w.text) for w in page.words)
    return sum(w.confidence * len(w.text) for w in page.words) / chars if chars else 0.0


def second_look(page: Prepared, read: OcrPage, settings: OcrSettings) -> Prepared | None:
    """The page turned upright when it read badly and OSD is sure it is not upright;
    None when it should stand as read."""
    if "orient" not in settings.steps:
        return None
    if reading_confidence(read) >= settings.orient_recheck_below:
        return None
    return _turned(page, settings)


register_step("orient", _orient_step)
