"""Page preparation before OCR: each step a pure function on an image."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.settings import OcrSettings


@dataclass(frozen=True, slots=True)
class Prepared:
    image: np.ndarray
    dpi: int
    rotated: int = 0


def prepare(gray: np.ndarray, dpi: int, settings: OcrSettings) -> Prepared:
    return Prepared(gray, dpi)
