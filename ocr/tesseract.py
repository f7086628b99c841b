"""The one door to Tesseract: one `image_to_data` call per page, with a timeout,
turning its failures into the project's errors."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytesseract

from core.errors import ErrorCode, ProcessingError
from core.settings import OcrSettings
from ocr.engines import register_engine
from ocr.types import OcrPage, Word

log = logging.getLogger(__name__)

# Tesseract's own OpenMP threads slow a page down when pages already run in parallel.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class TesseractEngine:
    name = "tesseract"

    def __init__(self, settings: OcrSettings) -> None:
        self.settings = settings

    def _config(self, dpi: int) -> str:
        parts = ["--psm 3", f"--dpi {dpi}", "-c preserve_interword_spaces=0"]
        if self.settings.tessdata_dir:
            parts.append(f'--tessdata-dir "{self.settings.tessdata_dir}"')
        return " ".join(parts)

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> OcrPage:
        try:
            data = pytesseract.image_to_data(
                image,
                lang=self.settings.languages,
                config=self._config(dpi),
                timeout=self.settings.page_timeout_s,
                output_type=pytesseract.Output.DICT,
            )
        except RuntimeError as exc:  # pytesseract signals its timeout this way
            if "timeout" in str(exc).lower():
                raise ProcessingError(ErrorCode.OCR_TIMEOUT, f"page {page}") from exc
            raise ProcessingError(ErrorCode.OCR_FAILED, f"page {page}: {exc}") from exc
        except pytesseract.TesseractError as exc:
            log.warning("tesseract failed on page %d: %s", page, exc.message)
            raise ProcessingError(ErrorCode.OCR_FAILED, f"page {page}") from exc
        height, width = image.shape[:2]
        return OcrPage(page, width, height, dpi, tuple(_words(data)), source=self.name)


def _words(data: dict[str, list]) -> list[Word]:
    """Tesseract's word rows, with lines numbered in reading order."""
    line_ids: dict[tuple[int, int, int], int] = {}
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if data["level"][i] != 5 or not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        line = line_ids.setdefault(key, len(line_ids))
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, (x, y, x + w, y + h), round(conf / 100.0, 3), line))
    return words


register_engine(TesseractEngine.name, TesseractEngine)
