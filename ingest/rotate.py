"""A page a reviewer turns: read again the way it now stands, then the document is
extracted and validated again. The page is rendered afresh from the stored original
(never from the prepared image, which is already binarised), turned, and read by the
same page job the pipeline runs, with the automatic orientation off: the person has
decided which way is up. Corrections stay: they override any extraction (see
models.indexing.current_values); the extraction the rotation replaces is kept in the
rotation's row for the audit."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.errors import ErrorCode, InputError
from core.settings import Settings
from extract.registry import extract_document
from extract.schema import Extraction, to_json_value
from extract.templates import TemplateSet
from ingest.pagejob import PageJob, run_page
from ingest.pages import render_page
from ingest.pipeline import page_hash
from ingest.second_look import look_again
from ingest.sniff import Mime
from ingest.store import FileStore
from models import review
from models.review import REVIEWABLE, ReviewCode, ReviewError, ReviewInputError
from models.tables import Document, ExtractedField, Page, PageRotation, utcnow
from ocr.orient import turn
from ocr.types import OcrDocument, OcrPage, page_from_dict, page_to_dict
from validate.config import RulesConfig

log = logging.getLogger(__name__)
DEGREES = (90, 180, 270)  # clockwise, as the reviewer sees the page


@dataclass(frozen=True, slots=True)
class PageSource:
    """Where a page of a document comes from: its page of the stored original (a part
    of a scanner batch starts at page_from), and how far it is turned already."""

    original: Path
    mime: Mime
    number: int  # the page in the document, 1-based
    in_original: int
    turned: int  # clockwise degrees from the original as rendered


def rotate_page(session: Session, doc: Document, number: int, degrees: int, actor: str, *,
                settings: Settings, rules: RulesConfig, templates: TemplateSet,
                reason: str | None = None) -> PageRotation:
    """Turn page `number` of `doc` by `degrees` clockwise, read it again, extract and
    validate the document again; the caller commits."""
    if degrees not in DEGREES:
        raise ReviewInputError(ReviewCode.BAD_ROTATION, str(degrees))
    if doc.status not in REVIEWABLE or doc.deleted_at is not None:
        raise ReviewError(ReviewCode.NOT_REVIEWABLE, str(doc.status))
    pages = list(session.scalars(select(Page).where(Page.document_id == doc.id)
                                 .order_by(Page.number)))
    row = next((p for p in pages if p.number == number), None)
    if row is None:
        raise InputError(ErrorCode.NOT_FOUND, f"page {number}")
    source = page_source(doc, row, settings)
    turned = (source.turned + degrees) % 360
    image = FileStore(settings.store_dir).page_dir(doc.sha256) / "0" / \
        f"{source.in_original}-rot{turned}.png"
    page = read_turned(source, turned, image, settings)
    ocr = OcrDocument(tuple(page if p.number == number else _stored(p) for p in pages))
    images = tuple(image if p.number == number else Path(p.image_path or "") for p in pages)
    extraction = look_again(ocr, extract_document(ocr, templates), images, settings.ocr,
                            templates)  # the pipeline's second look, on the pages as now
    changes = _store(session, doc, row, page, image, extraction)
    if number == 1:
        doc.image_hash = page_hash(image)
    rotation = PageRotation(document_id=doc.id, page=number, degrees=degrees,
                            changes=changes, actor=actor, created_at=utcnow(),
                            reason=(reason or "").strip()[:review.MAX_TEXT] or None)
    session.add(rotation)
    session.flush()
    review.revalidate(session, doc, actor, rules=rules,
                      note=f"ページ {number} 回転後の再読取 / page {number} read again "
                           f"after turning it {degrees}°")
    log.info("document %d: page %d turned %d° by %s, %d field(s) read differently",
             doc.id, number, degrees, actor, len(changes))
    return rotation


def page_source(doc: Document, page: Page, settings: Settings) -> PageSource:
    original = FileStore(settings.store_dir).checked(doc.sha256)
    first = doc.page_from or 1  # a part of a batch: its pages of the parent's original
    return PageSource(original, Mime(doc.mime_type), page.number, first + page.number - 1,
                      page.rotated or 0)


def read_turned(source: PageSource, turned: int, save_to: Path, settings: Settings
                ) -> OcrPage:
    """The page rendered from the original, turned, and read by the pipeline's page job
    (orientation detection off); its image is written to `save_to`."""
    gray, dpi = render_page(source.original, source.mime, source.in_original,
                            settings.ocr.dpi, settings.limits)
    steps = [s for s in settings.ocr.steps if s != "orient"]
    fixed = settings.model_copy(update={"ocr": settings.ocr.model_copy(
        update={"steps": steps})})
    with tempfile.TemporaryDirectory(prefix="yomitori-rotate-") as tmp:
        png = Path(tmp) / "page.png"
        Image.fromarray(turn(gray, turned)).save(png, dpi=(dpi, dpi))
        read = run_page(PageJob(png, Mime.PNG, 1, fixed, engine=settings.ocr.engine,
                                save_to=save_to))
    return replace(read, number=source.number, rotated=turned)


def _stored(page: Page) -> OcrPage:
    return page_from_dict({"number": page.number, "width": page.width,
                           "height": page.height, "dpi": page.dpi, "rotated": page.rotated,
                           "words": page.words or []})


def _store(session: Session, doc: Document, row: Page, page: OcrPage, image: Path,
           extraction: Extraction) -> dict[str, list]:
    """The new reading and extraction in place of the old; returns what the extraction
    now says differently, field -> [old, new]."""
    row.width, row.height, row.dpi, row.rotated = page.width, page.height, page.dpi, \
        page.rotated
    row.image_path, row.text = str(image), page.text
    row.words = page_to_dict(page)["words"]
    old = {f.name: f.value for f in session.scalars(
        select(ExtractedField).where(ExtractedField.document_id == doc.id))}
    session.execute(delete(ExtractedField).where(ExtractedField.document_id == doc.id))
    new = {}
    for name, fv in extraction.fields.items():
        ev = fv.evidence
        new[name] = to_json_value(fv.value)
        session.add(ExtractedField(
            document_id=doc.id, name=name, value=new[name],
            page=ev.page if ev else None, bbox=list(ev.bbox) if ev else None,
            confidence=ev.confidence if ev else None, source=ev.source if ev else None))
    doc.doc_type = str(extraction.doc_type)
    doc.type_scores = extraction.type_scores
    session.flush()
    return {name: [old.get(name), new.get(name)] for name in sorted(set(old) | set(new))
            if old.get(name) != new.get(name)}
