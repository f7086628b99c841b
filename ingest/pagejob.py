"""One page's work, picklable so a process pool can run it: render the page, prepare
it, read it. The page image is saved when the pipeline asks (for the review UI)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from core.errors import ErrorCode, ProcessingError, YomitoriError, disk_space
from core.settings import Settings
from ingest.pages import render_page
from ingest.sniff import Mime
from ocr import tesseract as _tesseract  # noqa: F401  (registers the engine)
from ocr.cleanup import clean_text
from ocr.engines import get_engine
from ocr.orient import reading_confidence, reading_settings, second_look
from ocr.preprocess import Prepared, prepare
from ocr.textlayer import read_text_layer
from ocr.gaps import shifted, uncovered_bands
from ocr.types import OcrPage, Word


log = logging.getLogger(__name__)
GAP_MIN_CONFIDENCE = 0.4


@dataclass(frozen=True, slots=True)
class PageJob:
    path: Path
    mime: Mime
    number: int
    settings: Settings
    engine: str = "tesseract"
    save_to: Path | None = None  # where to write the page image as OCR saw it


def run_page(job: PageJob) -> OcrPage:
    gray, dpi = render_page(job.path, job.mime, job.number, job.settings.ocr.dpi,
                            job.settings.limits)
    if job.mime is Mime.PDF and job.settings.ocr.use_text_layer:
        height, width = gray.shape[:2]
        page = read_text_layer(job.path, job.number, dpi, width, height)
        if page is not None:
            _save(job, gray)
            return page
    prepared = prepare(gray, dpi, job.settings.ocr)
    if prepared.blank:
        _save(job, prepared.image)
        height, width = prepared.image.shape[:2]
        return OcrPage(job.number, width, height, prepared.dpi, rotated=prepared.rotated,
                       source="blank", blank=True)
    page = _read(prepared, job)
    prepared, page = _across_if_unsure(prepared, page, job)
    prepared, page = _second_look(prepared, page, job)
    page = _fill_gaps(prepared, page, job)
    _save(job, prepared.image)
    words = tuple(replace(w, text=clean_text(w.text)) for w in page.words)
    return replace(page, words=tuple(w for w in words if w.text), rotated=prepared.rotated)


def _read(prepared: Prepared, job: PageJob) -> OcrPage:
    """One engine reading; an engine that breaks fails this page with its own code."""
    engine = get_engine(job.engine, reading_settings(prepared, job.settings.ocr))
    try:
        return engine.recognize(prepared.image, page=job.number, dpi=prepared.dpi)
    except YomitoriError:
        raise
    except Exception as exc:
        log.exception("OCR engine %s failed on page %d of %s", job.engine, job.number,
                      job.path.name)
        raise ProcessingError(ErrorCode.OCR_FAILED,
                              f"{job.engine}: {type(exc).__name__}") from exc


def _across_if_unsure(prepared: Prepared, page: OcrPage, job: PageJob
                      ) -> tuple[Prepared, OcrPage]:
    """A page taken for vertical writing that read badly is read across as well (the
    column test can take a ruled receipt for vertical writing); the better reading
    stands."""
    if not prepared.vertical or reading_confidence(page) >= job.settings.ocr.orient_recheck_below:
        return prepared, page
    across = replace(prepared, vertical=False)
    again = _read(across, job)
    if reading_confidence(again) > reading_confidence(page):
        return across, again
    return prepared, page


def _fill_gaps(prepared: Prepared, page: OcrPage, job: PageJob) -> OcrPage:
    """Bands of printed lines the layout analysis skipped are read again on their own
    (one more Tesseract call per band, only on pages that have such a band)."""
    if not job.settings.ocr.fill_gaps or prepared.vertical or not page.words:
        return page
    bands = uncovered_bands(prepared.image, page.words, prepared.char_px)
    if not bands:
        return page
    added: list[Word] = []
    first_line = max(w.line for w in page.words) + 1
    ocr = job.settings.ocr.model_copy(update={"psm": 6})  # a band is one block of lines
    band_job = replace(job, settings=job.settings.model_copy(update={"ocr": ocr}))
    for y0, y1 in bands:
        pad = int(prepared.char_px)
        top = max(0, y0 - pad)
        band = replace(prepared, image=prepared.image[top:y1 + pad])
        words = shifted(_read(band, band_job).words, top, first_line, GAP_MIN_CONFIDENCE)
        added.extend(words)
        first_line += max((w.line for w in words), default=0) + 1
    if not added:
        return page
    log.info("page %d of %s: %d words read again from bands OCR had skipped", job.number,
             job.path.name, len(added))
    return replace(page, words=page.words + tuple(added))


def _second_look(prepared: Prepared, page: OcrPage, job: PageJob
                 ) -> tuple[Prepared, OcrPage]:
    """A page that read badly and that OSD finds upside down is turned and read again;
    the better reading stands."""
    turned = second_look(prepared, page, job.settings.ocr)
    if turned is None:
        return prepared, page
    again = _read(turned, job)
    if reading_confidence(again) > reading_confidence(page):
        return turned, again
    return prepared, page


def _save(job: PageJob, image: np.ndarray) -> None:
    """Write the page image the review screen shows (atomically); a full disk fails the
    page with its own code instead of leaving a document without its image."""
    if job.save_to is None:
        return
    ok, png = cv2.imencode(".png", image)
    if not ok:
        raise ProcessingError(ErrorCode.OCR_FAILED, "page image could not be encoded")
    tmp = job.save_to.with_name(f".{job.save_to.name}.tmp")
    with disk_space("page images"):
        try:
            job.save_to.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(png.tobytes())
            tmp.replace(job.save_to)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
