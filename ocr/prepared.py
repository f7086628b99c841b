"""The page as it moves through preparation, and the registry of preparation steps.

A step is a pure function `(Prepared, OcrSettings) -> Prepared`. The chain run on a
page is `OcrSettings.steps`, in that order; a step left out of it does not run. The
built-in steps register here the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from core.settings import OcrSettings

# Pages already run one per core; OpenCV's own threads only fight over the cores.
cv2.setNumThreads(1)


@dataclass(frozen=True, slots=True)
class Prepared:
    """The page image OCR will read (8-bit gray) and what was done to it. `dpi` is the
    resolution of `image` itself: a step that rescales the image rescales `dpi` too, so
    word boxes, page size and dpi always describe the same (stored) image."""

    image: np.ndarray
    dpi: int
    rotated: int = 0  # degrees turned clockwise to make the page upright
    blank: bool = False
    vertical: bool = False  # upright, with lines running top to bottom (縦書き)
    applied: tuple[str, ...] = ()  # the steps that changed something, for logs and bench
    text_height: float | None = None  # px, once a step has measured it
    skipped: tuple[str, ...] = ()  # steps not run: preparation ran out of time

    @property
    def char_px(self) -> float:
        """The text height to size things by: as measured by an earlier step, measured
        now, or (a page without text) 10 pt at `dpi`."""
        return self.text_height or text_height(self.image) or self.dpi / 7.2

    def changed(self, step: str, image: np.ndarray, *, dpi: int | None = None,
                rotated: int | None = None, blank: bool | None = None,
                vertical: bool | None = None, text_height: float | None = None
                ) -> Prepared:
        """This page after `step` gave it a new image (and maybe a new dpi, turn, mark)."""
        return Prepared(
            image=image,
            dpi=self.dpi if dpi is None else dpi,
            rotated=(self.rotated if rotated is None else rotated) % 360,
            blank=self.blank if blank is None else blank,
            vertical=self.vertical if vertical is None else vertical,
            applied=(*self.applied, step),
            text_height=self.text_height if text_height is None else text_height,
        )


MIN_BLOBS = 12  # fewer character-sized blobs than this: no text height
TEXT_HEIGHT_SIDE = 2400  # pages larger than this are measured at half size (or less)


Step = Callable[[Prepared, OcrSettings], Prepared]
STEPS: dict[str, Step] = {}


def register_step(name: str, step: Step) -> None:
    STEPS[name] = step


def get_step(name: str) -> Step:
    try:
        return STEPS[name]
    except KeyError:
        raise KeyError(f"no preparation step named {name!r}; known: {sorted(STEPS)}") from None


# --- small helpers the steps share -------------------------------------------------

def shrink(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """A copy no larger than `max_side` on its longer side, and the factor applied.
    The factor is 1/k for a whole k (the last < k rows and columns are dropped):
    OpenCV averages k x k blocks ten times faster than it resamples by any factor."""
    height, width = gray.shape[:2]
    k = -(-max(height, width) // max_side)
    if k <= 1 or min(height, width) < k:
        return gray, 1.0
    block = gray[:height - height % k, :width - width % k]
    return cv2.resize(block, (width // k, height // k), interpolation=cv2.INTER_AREA), 1.0 / k


def components(mask: np.ndarray, connectivity: int = 8
               ) -> tuple[int, np.ndarray, np.ndarray]:
    """`cv2.connectedComponentsWithStats` (count, labels, stats) with 16-bit labels
    while they fit: three times faster than 32-bit labels on a page (the same result),
    and 32-bit labels past 65,534 blobs (OpenCV refuses to overflow)."""
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_32S)
    return count, labels, stats


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark marks on a light page as 255, robust to uneven light (a local threshold)."""
    block = max(15, (min(gray.shape[:2]) // 20) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, block, 15)


def text_height(gray: np.ndarray) -> float | None:
    """The height in pixels of the page's characters (the upper quartile of its
    character-sized ink blobs), or None when there are too few to tell. A large page
    is measured on a half-size copy: body text there is still 10 px or more."""
    small, factor = shrink(gray, TEXT_HEIGHT_SIDE)
    ink = ink_mask(small)
    count, _, stats = components(ink)
    if count <= MIN_BLOBS:
        return None
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, 4]
    # Characters: not specks, not rules or frames, not filled boxes.
    plausible = ((h >= 4) & (h <= small.shape[0] / 8) & (w <= 4 * h) & (w * 8 >= h)
                 & (area >= 0.08 * w * h) & (area >= 8))
    heights = h[plausible]
    if heights.size < MIN_BLOBS:
        return None
    # Kana, kanji and capitals are near full height; the upper quartile is the
    # character height, the rest dots, accents, radicals and lower-case letters.
    return float(np.percentile(heights, 75)) / factor


def background_level(gray: np.ndarray) -> int:
    """The paper's gray level: the brightest common value (90th percentile), taken on
    every 4th pixel of every 4th row of a large page (a tenth of the time, same value)."""
    if not gray.size:
        return 255
    sample = gray[::4, ::4] if gray.ndim == 2 and min(gray.shape) >= 64 else gray
    return int(np.percentile(sample, 90))
