"""One printed line read again on its own: the row of the page image around a line
box, cut out with a margin, enlarged, and read as a single line. Small misprinted or
faded digits that the page read garbles ("06- 05- 8") often read cleanly this way."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.engines import OcrEngine
from ocr.types import BBox, Word


@dataclass(frozen=True, slots=True)
class LineCrop:
    """A band of one page: the whole width, the line's height and a margin."""

    page: int
    box: BBox  # on the page image, margin included
    core: tuple[int, int]  # the line's own top and bottom, without the margin


def crop_of(page: int, line: BBox, width: int, height: int, margin: float) -> LineCrop:
    """The full-width band around `line`: a label and its value that OCR split into two
    lines, or cut short, stand in one band. `margin` is a share of the line's height."""
    pad = max(2, round((line[3] - line[1]) * margin))
    return LineCrop(page, (0, max(0, line[1] - pad), width, min(height, line[3] + pad)),
                    (line[1], line[3]))


def read_crop(image: np.ndarray, crop: LineCrop, engine: OcrEngine, *, dpi: int,
              scale: float) -> tuple[Word, ...]:
    """The words of the band, enlarged `scale` times for the engine and moved back to
    page coordinates (inside the band), all on line 0."""
    x0, y0, x1, y1 = crop.box
    band = image[y0:y1, x0:x1]
    if band.size == 0:
        return ()
    big = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    page = engine.recognize(np.ascontiguousarray(big), page=crop.page, dpi=round(dpi * scale))
    return tuple(Word(w.text, _back(w.bbox, crop.box, scale), w.confidence, 0)
                 for w in page.words)


def _back(box: BBox, band: BBox, scale: float) -> BBox:
    x0, y0, x1, y1 = band
    return (min(x1, x0 + round(box[0] / scale)), min(y1, y0 + round(box[1] / scale)),
            min(x1, x0 + round(box[2] / scale)), min(y1, y0 + round(box[3] / scale)))
