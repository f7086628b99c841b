"""The second look: after extraction, the few lines that likely hold a missing or
unconfirmed key field (issue date, total) are cut from the stored page image, read
again on their own, and put in place of their first reading; the extraction rules then
run again and decide. Bounded by a number of lines and a time budget per document;
whole pages are never read again. The pipeline calls `look_again` with the stored
page images; an evaluation calls it the same way, with the images `read_many` saved
in a scratch folder (`scratch_images`)."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np

from core.errors import YomitoriError
from core.settings import OcrSettings
from extract.registry import extract_document
from extract.schema import Extraction
from extract.second_look import (Candidate, adopt, candidates, holds, latin_only, wanted,
                                 with_rows)
from extract.templates import TemplateSet
from ocr import tesseract as _tesseract  # noqa: F401  (registers the engine)
from ocr.engines import get_engine
from ocr.lines import LineCrop, crop_of, read_crop
from ocr.types import OcrDocument, OcrPage, Word

log = logging.getLogger(__name__)

SCALE = 2.0  # the crop is enlarged this much before it is read
MARGIN = 0.25  # above and below the line, as a share of its height
PSMS = (7, 6)  # one line; if that gives nothing the field could be, a block of text

Row = tuple[int, tuple[int, int], tuple[Word, ...]]


def look_again(ocr: OcrDocument, first: Extraction, images: Sequence[Path],
               settings: OcrSettings, templates: TemplateSet | None = None) -> Extraction:
    """`first`, with the wanted fields a second look at their likely lines found better.
    `images` are the page images the words' boxes refer to, one per page of `ocr`."""
    fields = wanted(first) if settings.second_look else []
    if not fields:
        return first
    chosen = candidates(ocr, fields, settings.second_look_max_lines)
    if latin_only(ocr) and "eng" in settings.languages.split("+"):
        settings = settings.model_copy(update={"languages": "eng"})
    started = time.monotonic()
    try:
        rows = _read_rows(ocr, chosen, images, settings,
                          started + settings.second_look_budget_s)
    except Exception:  # an extra look, never a reason to fail the document
        log.exception("second look at %s failed; the first reading stands", "+".join(fields))
        return first
    if not rows:
        log.info("second look at %s: no line read again held it (%.2f s)", "+".join(fields),
                 time.monotonic() - started)
        return first
    again = extract_document(with_rows(ocr, rows), templates)
    result = adopt(first, again, fields)
    log.info("second look at %s: %d line(s) read again in %.2f s, %s", "+".join(fields),
             len(rows), time.monotonic() - started,
             ", ".join(f for f in fields if result.fields.get(f) is not first.fields.get(f))
             or "nothing changed")
    return result


def _read_rows(ocr: OcrDocument, chosen: list[Candidate], images: Sequence[Path],
               settings: OcrSettings, deadline: float) -> list[Row]:
    """The candidate lines read again, best first; a field stops at its first line
    that reads as something it could be."""
    pictures: dict[int, np.ndarray | None] = {}
    rows: list[Row] = []
    done: set[str] = set()
    for c in chosen:
        if c.field in done:
            continue
        page = ocr.pages[c.page - 1]
        if c.page not in pictures:
            pictures[c.page] = _picture(images, page)
        picture = pictures[c.page]
        if picture is None:
            continue
        crop = crop_of(c.page, c.bbox, page.width, page.height, MARGIN)
        words = _read_line(picture, crop, page, c.field, settings, deadline)
        if words:
            rows.append((c.page, crop.core, words))
            done.add(c.field)
    return rows


def _read_line(picture: np.ndarray, crop: LineCrop, page: OcrPage, field: str,
               settings: OcrSettings, deadline: float) -> tuple[Word, ...]:
    """The line read with each page segmentation mode in turn, until one gives text
    that may hold `field`; nothing if none does or the budget is spent."""
    for psm in PSMS:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        engine = get_engine(settings.engine, settings.model_copy(
            update={"psm": psm, "page_timeout_s": max(0.1, left)}))
        try:
            words = read_crop(picture, crop, engine, dpi=page.dpi, scale=SCALE)
        except YomitoriError as exc:  # a timeout, mostly: the first reading stands
            log.info("second look on page %d stopped: %s", page.number, exc)
            return ()
        if holds(field, " ".join(w.text for w in words)):
            return words
    return ()


def _picture(images: Sequence[Path], page: OcrPage) -> np.ndarray | None:
    """The stored page image, if it is there and is the image the words were read on."""
    if page.number > len(images):
        return None
    picture = cv2.imread(str(images[page.number - 1]), cv2.IMREAD_GRAYSCALE)
    if picture is None or picture.shape[:2] != (page.height, page.width):
        log.info("second look: no usable image for page %d", page.number)
        return None
    return picture


@contextmanager
def scratch_images(page_dir: Path | None, index: int, ocr: OcrDocument
                   ) -> Iterator[tuple[Path, ...]]:
    """For `yomitori eval`: the page images `read_many(page_dir=...)` saved for its
    `index`th file, deleted once used (an evaluation keeps none). No folder: no images."""
    if page_dir is None:
        yield ()
        return
    folder = page_dir / str(index)
    try:
        yield tuple(folder / f"{page.number}.png" for page in ocr.pages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
