"""One page's work, picklable so a process pool can run it: render the page, prepare
it, read it. The page image is saved when the pipeline asks (for the review UI)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from core.settings import Settings
from ingest.pages import render_page
from ingest.sniff import Mime
from ocr import tesseract as _tesseract  # noqa: F401  (registers the engine)
from ocr.cleanup import clean_text
from ocr.engines import get_engine
from ocr.preprocess import prepare
from ocr.textlayer import read_text_layer
from ocr.types import OcrPage


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
    engine = get_engine(job.engine, job.settings.ocr)
    page = engine.recognize(prepared.image, page=job.number, dpi=prepared.dpi)
    _save(job, prepared.image)
    words = tuple(replace(w, text=clean_text(w.text)) for w in page.words)
    return replace(page, words=tuple(w for w in words if w.text), rotated=prepared.rotated)


def _save(job: PageJob, image: np.ndarray) -> None:
    if job.save_to is not None:
        job.save_to.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(job.save_to), image)
