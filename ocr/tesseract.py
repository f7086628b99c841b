"""The one door to Tesseract: one `image_to_data` call per page, with a timeout,
turning its failures into the project's errors."""

from __future__ import annotations

import logging
import os
import unicodedata
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image

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
        return (f"--psm {self.settings.psm} --dpi {dpi} -c preserve_interword_spaces=0 "
                + _data_dir(self.settings))

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> OcrPage:
        data = self._data(image, page, dpi)
        height, width = image.shape[:2]
        words = _words(data)
        if self.settings.circled_digits_are_digits:
            words = [_fold_circled(w) for w in words]
        return OcrPage(page, width, height, dpi, tuple(words), source=self.name)

    def _data(self, image: np.ndarray, page: int, dpi: int) -> dict[str, list]:
        try:
            return pytesseract.image_to_data(  # type: ignore[no-any-return]
                _uncompressed(image),
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


def _uncompressed(image: np.ndarray) -> Image.Image:
    """The page as pytesseract should hand it over: as BMP. pytesseract writes a
    temporary file for Tesseract, PNG by default, and PNG-compressing an A4 page at
    300 dpi takes about half a second; BMP takes a tenth of that."""
    picture = Image.fromarray(image)
    picture.format = "BMP"
    return picture


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


def _circled_table() -> dict[int, str]:
    """Circled and parenthesised numbers (①, ⑳, ㉑, ❶, ⑴, ⒈) to plain digits."""
    blocks = [(0x2460, 0x24FF), (0x2776, 0x2793), (0x3251, 0x325F), (0x32B1, 0x32BF)]
    table = {}
    for low, high in blocks:
        for code in range(low, high + 1):
            value = unicodedata.numeric(chr(code), None)
            if value is not None and value == int(value):
                table[code] = str(int(value))
    return table


_CIRCLED = _circled_table()


def _fold_circled(word: Word) -> Word:
    """tessdata_best's jpn model reads many digits as circled numbers (12,000 as
    ⑫,000); with that model a circled number is taken for the digits it holds."""
    text = word.text.translate(_CIRCLED)
    return word if text == word.text else Word(text, word.bbox, word.confidence, word.line)


def _data_dir(settings: OcrSettings) -> str:
    return f'--tessdata-dir "{settings.tessdata_dir}"' if settings.tessdata_dir else ""


@dataclass(frozen=True, slots=True)
class Orientation:
    rotate: int  # degrees to turn the image clockwise to make it upright
    confidence: float  # Tesseract's orientation confidence; 0.0 when it could not tell
    script: str = ""


UNKNOWN = Orientation(0, 0.0)


def detect_orientation(image: np.ndarray, settings: OcrSettings) -> Orientation:
    """Tesseract's orientation and script detection (psm 0). A page it cannot judge
    (too few characters, a timeout) is reported as UNKNOWN: the page is then read as
    it is, which is what OCR would have done without this step."""
    try:
        osd = pytesseract.image_to_osd(
            _uncompressed(image), config=f"--psm 0 {_data_dir(settings)}",
            timeout=settings.osd_timeout_s, output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:  # the timeout
        log.warning("orientation detection gave up: %s", exc)
        return UNKNOWN
    except pytesseract.TesseractError as exc:  # "Too few characters", mostly
        log.debug("orientation detection: %s", exc.message)
        return UNKNOWN
    return Orientation(int(osd["rotate"]) % 360, float(osd["orientation_conf"]),
                       str(osd["script"]))


register_engine(TesseractEngine.name, TesseractEngine)
