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
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.errors import ErrorCode, YomitoriError
from core.settings import Settings
from extract.registry import extract_document
from extract.output import fields_json
from extract.schema import to_json_value
from ingest import lease
from ingest.analyze import Analysis
from ingest.priors import find_priors
from ingest.reader import read_many
from ingest.sniff import sniff_path
from ingest.store import FileStore, sha256_file
from models.db import Database
from models.indexing import index_document
from models.lifecycle import can_move, transition
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

    def receive(self, path: Path, filename: str | None = None,
                uploaded_by: str | None = None) -> Received:
        """Store the original and create its row; the same content twice gives the
        existing document. Raises InputError for files that cannot be documents."""
        mime = sniff_path(path)
        size = path.stat().st_size
        if size > self.settings.limits.max_file_bytes:
            raise YomitoriError(ErrorCode.TOO_LARGE, f"{size} bytes")
        sha = sha256_file(path)
        with self.db.session() as s:
            existing = s.scalar(select(Document).where(Document.sha256 == sha))
            if existing is not None:
                return Received(existing.id, False)
        self.store.put(path)
        with self.db.session() as s:
            doc = Document(sha256=sha, original_filename=filename or path.name,
                           mime_type=str(mime), size_bytes=size, uploaded_by=uploaded_by,
                           status=DocumentStatus.RECEIVED)
            s.add(doc)
            s.flush()
            log.info("received document %d (%s, %s)", doc.id, doc.original_filename, sha[:12])
            return Received(doc.id, True)

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
            sha, received_on = doc.sha256, doc.received_at.date()
        try:
            with lease.Lease(self.db, document_id, holder, lease_s):
                return self._run(document_id, sha, received_on)
        except Exception:
            self.release(document_id)
            raise

    def _run(self, document_id: int, sha: str, received_on: date) -> str:
        src = self.store.original(sha)
        page_dir = self.store.page_dir(sha)
        result = next(read_many([src], self.settings, self.executor, page_dir=page_dir))
        if result.error is not None or result.document is None:
            return self._fail(document_id, result.error)
        image_dir = page_dir / "0"
        image_hash = page_hash(image_dir / "1.png")
        extraction = extract_document(result.document)
        values = fields_json(extraction)
        with self.db.session() as s:
            priors = find_priors(s, document_id, values, image_hash)
        facts = facts_from_extraction(extraction, result.document, received_on, image_hash)
        validation = validate(facts, context(self.rules, priors))
        return self._persist(document_id, result.document, Analysis(extraction, validation),
                             image_dir, image_hash)

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

    def _persist(self, document_id: int, ocr: OcrDocument, analysis: Analysis,
                 page_dir: Path, image_hash: str | None) -> str:
        extraction, validation = analysis.extraction, analysis.validation
        status = (DocumentStatus.NEEDS_REVIEW if validation.needs_review
                  or extraction.doc_type == "other" else DocumentStatus.VALIDATED)
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            s.execute(delete(Page).where(Page.document_id == document_id))
            s.execute(delete(ExtractedField).where(ExtractedField.document_id == document_id))
            for page in ocr.pages:
                s.add(Page(document_id=document_id, number=page.number, width=page.width,
                           height=page.height, dpi=page.dpi, rotated=page.rotated,
                           image_path=str(page_dir / f"{page.number}.png"), text=page.text,
                           words=page_to_dict(page)["words"]))
            for name, fv in extraction.fields.items():
                ev = fv.evidence
                s.add(ExtractedField(
                    document_id=document_id, name=name, value=to_json_value(fv.value),
                    page=ev.page if ev else None, bbox=list(ev.bbox) if ev else None,
                    confidence=ev.confidence if ev else None, source=ev.source if ev else None))
            doc.page_count = len(ocr.pages)
            doc.doc_type = str(extraction.doc_type)
            doc.type_scores = extraction.type_scores
            doc.invoice_class = str(validation.invoice_class)
            doc.findings = validation.to_list()
            doc.image_hash = image_hash
            doc.error_code = doc.error_message = None
            doc.lease_owner = doc.lease_until = None
            doc.attempts = 0
            doc.processed_at = utcnow()
            s.flush()
            index_document(s, doc)
            transition(s, doc, status, ACTOR)
        log.info("document %d processed: %s, %d fields, %d findings, %s", document_id,
                 extraction.doc_type, len(extraction.fields), len(validation.findings), status)
        return status


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
