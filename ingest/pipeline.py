"""The per-document pipeline: receive (store + row), then process by id (pages ->
OCR -> extract -> persist). Processing is idempotent: running it twice leaves the
same rows."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

import imagehash
from PIL import Image
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from core.errors import ErrorCode, YomitoriError
from core.settings import OcrSettings, Settings, SplitMode
from extract.registry import extract_document
from extract.output import fields_json
from extract.schema import Extraction, to_json_value
from extract.templates import TemplateCache, TemplateSet
from ingest import lease
from ingest.parts import part_rows
from ingest.priors import find_priors
from ingest.reader import read_many
from ingest.second_look import look_again
from ingest.split import Cause, Part, part_document, split_points
from ingest.sniff import sniff_path
from ingest.store import FileStore
from models.db import Database
from models.indexing import index_document
from models.lifecycle import can_move, record, transition
from models.originals import insert_original, original_of
from models.tables import (Document, DocumentStatus, ExtractedField, Page, StatusEvent,
                           utcnow)
from ocr.types import OcrDocument, page_to_dict
from validate.facts import facts_from_extraction
from validate.registry import validate
from validate.service import context, load_config

log = logging.getLogger(__name__)
ACTOR = "pipeline"
STARTABLE = (DocumentStatus.RECEIVED, DocumentStatus.QUEUED, DocumentStatus.FAILED)


@dataclass(frozen=True, slots=True)
class Received:
    document_id: int
    created: bool


class Pipeline:
    def __init__(self, settings: Settings, db: Database, executor: Executor | None) -> None:
        self.settings = settings
        self.db = db
        self.store = FileStore(settings.store_dir)
        self.executor = executor
        self.rules = load_config(settings)
        self.templates = TemplateCache(settings.templates_dir, settings.learned_templates_dir)

    def receive(self, path: Path, filename: str | None = None,
                uploaded_by: str | None = None, split: SplitMode = SplitMode.NONE,
                queued_by: str | None = None) -> Received:
        """Store the original and create its row; the same content twice gives the
        existing document (whatever split is asked the second time). `split` says how
        processing cuts the file into documents; with `queued_by` the new row is queued
        in the same transaction (one commit for an upload). Raises InputError for files
        that cannot be documents."""
        mime = sniff_path(path)
        size = path.stat().st_size
        if size > self.settings.limits.max_file_bytes:
            raise YomitoriError(ErrorCode.TOO_LARGE, f"{size} bytes")
        sha = self.store.put(path)  # a file already stored is not copied again
        with self.db.session() as s:
            status = DocumentStatus.RECEIVED if queued_by is None else DocumentStatus.QUEUED
            doc_id = insert_original(
                s, sha256=sha, original_filename=filename or path.name, mime_type=str(mime),
                size_bytes=size, uploaded_by=uploaded_by, status=status,
                split_mode=None if split is SplitMode.NONE else str(split))
            if doc_id is None:  # the same bytes are known, or arrived at the same moment
                if (existing := original_of(s, sha)) is None:
                    raise YomitoriError(ErrorCode.INTERNAL, f"{sha[:12]} vanished")
                return Received(existing, False)
            if queued_by is not None:
                record(s, doc_id, DocumentStatus.RECEIVED, status, queued_by)
        log.info("received document %d (%s, %s)", doc_id, filename or path.name, sha[:12])
        return Received(doc_id, True)

    def process(self, document_id: int) -> str:
        """Read, extract, validate and persist one document; returns its final status.
        A document already taken or done is left as it is (the job is idempotent). An
        unexpected error hands the document back to the queue and is raised again."""
        holder = lease.owner()
        lease_s = self.settings.queue.lease_s
        with self.db.session() as s:
            claimed = claim(s, document_id, holder, lease_s, self.settings.queue.max_attempts)
            doc = s.get_one(Document, document_id)
            if claimed is not Claim.TAKEN:
                return self._fail(document_id, YomitoriError(ErrorCode.GAVE_UP)) \
                    if claimed is Claim.EXHAUSTED else doc.status
            target = Target.of(doc)
        try:
            with lease.Lease(self.db, document_id, holder, lease_s):
                return self._run(target)
        except Exception:
            self.release(document_id)
            raise

    def _run(self, target: Target) -> str:
        try:
            src = self.store.checked(target.sha256)  # the bytes still hash as recorded
        except YomitoriError as exc:
            return self._fail(target.document_id, exc)
        page_dir = self.store.page_dir(target.sha256)
        result = next(read_many([src], self.settings, self.executor, page_dir=page_dir))
        if result.error is not None or result.document is None:
            return self._fail(target.document_id, result.error)
        image_dir = page_dir / "0"
        templates = self.templates.current()
        pieces = [_extract(result.document, part, image_dir, templates, self.settings.ocr)
                  for part in target.parts(result.document)]
        return self._persist(target, pieces)

    def release(self, document_id: int) -> None:
        """Give a document back to the queue after an unexpected error."""
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            if doc.status == DocumentStatus.PROCESSING:
                transition(s, doc, DocumentStatus.QUEUED, ACTOR, "released after an error")
                doc.lease_owner = doc.lease_until = None

    def _fail(self, document_id: int, error: YomitoriError | None) -> str:
        error = error or YomitoriError(ErrorCode.INTERNAL)
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            if can_move(doc.status, DocumentStatus.FAILED):
                transition(s, doc, DocumentStatus.FAILED, ACTOR, str(error.code))
            doc.lease_owner = doc.lease_until = None
            doc.error_code = str(error.code)
            doc.error_message = error.message
            doc.processed_at = utcnow()
        log.warning("document %d failed: %s", document_id, error)
        return DocumentStatus.FAILED

    def _persist(self, target: Target, pieces: list[Piece]) -> str:
        """Every part in one transaction: a batch is stored whole or not at all. Each
        part is validated on its own, against the documents before it (earlier parts
        of the same batch included)."""
        with self.db.session() as s:
            parent = s.get_one(Document, target.document_id)
            rows = part_rows(s, parent, [p.part for p in pieces], ACTOR) \
                if target.splits else [parent]
            statuses = [self._store_part(s, row, piece, target.received_on)
                        for row, piece in zip(rows, pieces, strict=True) if row is not None]
        log.info("document %d processed: %d part(s), %s", target.document_id,
                 len(statuses), ", ".join(statuses))
        return statuses[0]

    def _store_part(self, s: Session, doc: Document, piece: Piece, received_on: date) -> str:
        extraction = piece.extraction
        priors = find_priors(s, doc.id, fields_json(extraction), piece.image_hash)
        facts = facts_from_extraction(extraction, piece.ocr, received_on, piece.image_hash)
        validation = validate(facts, context(self.rules, priors))
        status = (DocumentStatus.NEEDS_REVIEW if validation.needs_review
                  or extraction.doc_type == "other" else DocumentStatus.VALIDATED)
        s.execute(delete(Page).where(Page.document_id == doc.id))
        s.execute(delete(ExtractedField).where(ExtractedField.document_id == doc.id))
        for page, image in zip(piece.ocr.pages, piece.images, strict=True):
            s.add(Page(document_id=doc.id, number=page.number, width=page.width,
                       height=page.height, dpi=page.dpi, rotated=page.rotated,
                       image_path=str(image), text=page.text,
                       words=page_to_dict(page)["words"]))
        for name, fv in extraction.fields.items():
            ev = fv.evidence
            s.add(ExtractedField(
                document_id=doc.id, name=name, value=to_json_value(fv.value),
                page=ev.page if ev else None, bbox=list(ev.bbox) if ev else None,
                confidence=ev.confidence if ev else None, source=ev.source if ev else None))
        doc.page_count = len(piece.ocr.pages)
        doc.doc_type = str(extraction.doc_type)
        doc.type_scores = extraction.type_scores
        doc.invoice_class = str(validation.invoice_class)
        doc.findings = validation.to_list()
        doc.image_hash = piece.image_hash
        doc.error_code = doc.error_message = None
        doc.lease_owner = doc.lease_until = None
        doc.attempts = 0
        doc.processed_at = utcnow()
        s.flush()
        index_document(s, doc)
        if doc.status != DocumentStatus.PROCESSING and can_move(doc.status,
                                                               DocumentStatus.PROCESSING):
            transition(s, doc, DocumentStatus.PROCESSING, ACTOR)
        transition(s, doc, status, ACTOR)
        log.info("document %d: %s, %d fields, %d findings, %s", doc.id, extraction.doc_type,
                 len(extraction.fields), len(validation.findings), status)
        return status


@dataclass(frozen=True, slots=True)
class Target:
    """What processing needs to know of a document, read when it is claimed."""

    document_id: int
    sha256: str
    received_on: date
    split: SplitMode
    page_range: tuple[int, int] | None  # a part of a batch: its pages of the original

    @classmethod
    def of(cls, doc: Document) -> Target:
        page_range = ((doc.page_from, doc.page_to) if doc.parent_id is not None
                      and doc.page_from is not None and doc.page_to is not None else None)
        return cls(doc.id, doc.sha256, doc.received_at.date(),
                   SplitMode(doc.split_mode or SplitMode.NONE), page_range)

    @property
    def splits(self) -> bool:
        """An original that may be cut into parts (a part is never cut again)."""
        return self.page_range is None and self.split is not SplitMode.NONE

    def parts(self, ocr: OcrDocument) -> list[Part]:
        if self.page_range is not None:
            return [Part(*self.page_range, Cause.WHOLE)]
        return split_points(ocr.pages, self.split)


@dataclass(frozen=True, slots=True)
class Piece:
    """One part, extracted: its pages numbered from 1, their stored images."""

    part: Part
    ocr: OcrDocument
    images: tuple[Path, ...]
    extraction: Extraction
    image_hash: str | None


def _extract(ocr: OcrDocument, part: Part, image_dir: Path, templates: TemplateSet,
             settings: OcrSettings) -> Piece:
    """The part's fields; a key field missing or unconfirmed gets a second look at the
    lines likely to hold it, in the stored page images."""
    doc = part_document(ocr, part)
    images = tuple(image_dir / f"{n}.png" for n in part.pages)
    extraction = look_again(doc, extract_document(doc, templates), images, settings, templates)
    return Piece(part, doc, images, extraction, page_hash(image_dir / f"{part.first}.png"))


class Claim(Enum):
    TAKEN = "taken"
    BUSY = "busy"  # processing elsewhere, or already done
    EXHAUSTED = "exhausted"  # too many attempts


def claim(session: Session, document_id: int, holder: str, lease_s: float,
          max_attempts: int) -> Claim:
    """Take a document for processing, atomically: two workers handed the same id
    never both process it."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise LookupError(f"no document {document_id}")
    current, attempts = doc.status, doc.attempts
    if current not in STARTABLE:
        return Claim.BUSY
    if attempts >= max_attempts:
        return Claim.EXHAUSTED
    done = session.execute(
        update(Document).where(Document.id == document_id, Document.status == current,
                               Document.attempts == attempts)
        .values(status=DocumentStatus.PROCESSING, attempts=attempts + 1, lease_owner=holder,
                lease_until=utcnow() + timedelta(seconds=lease_s)))
    if done.rowcount != 1:
        return Claim.BUSY
    session.add(StatusEvent(document_id=document_id, from_status=current,
                            to_status=DocumentStatus.PROCESSING, actor=holder))
    session.expire(doc)
    return Claim.TAKEN


def page_hash(image: Path) -> str | None:
    """Perceptual hash of the first page, for near-identical scans."""
    try:
        with Image.open(image) as im:
            return str(imagehash.phash(im))
    except OSError:
        return None
