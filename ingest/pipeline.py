"""The per-document pipeline: receive (store + row), then process by id (pages ->
OCR -> extract -> persist). Processing is idempotent: running it twice leaves the
same rows."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from core.errors import ErrorCode, YomitoriError
from core.settings import Settings
from extract.registry import extract_document
from extract.schema import Extraction, to_json_value
from ingest.reader import read_many
from ingest.sniff import sniff_path
from ingest.store import FileStore, sha256_file
from models.db import Database
from models.tables import Document, DocumentStatus, ExtractedField, Page, utcnow
from ocr.types import OcrDocument

log = logging.getLogger(__name__)
REVIEW_CONFIDENCE = 0.6
KEY_FIELDS = {"invoice": ("total", "issue_date"), "receipt": ("total", "issue_date"),
              "contract": ("parties",), "other": ()}


@dataclass(frozen=True, slots=True)
class Received:
    document_id: int
    created: bool


class Pipeline:
    def __init__(self, settings: Settings, db: Database, executor: Executor) -> None:
        self.settings = settings
        self.db = db
        self.store = FileStore(settings.store_dir)
        self.executor = executor

    def receive(self, path: Path, filename: str | None = None) -> Received:
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
                           mime_type=str(mime), size_bytes=size,
                           status=DocumentStatus.RECEIVED)
            s.add(doc)
            s.flush()
            log.info("received document %d (%s, %s)", doc.id, doc.original_filename, sha[:12])
            return Received(doc.id, True)

    def process(self, document_id: int) -> str:
        """Read, extract and persist one document; returns its final status."""
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            doc.status = DocumentStatus.PROCESSING
            sha = doc.sha256
        src = self.store.original(sha)
        page_dir = self.store.page_dir(sha)
        result = next(read_many([src], self.settings, self.executor, page_dir=page_dir))
        if result.error is not None or result.document is None:
            return self._fail(document_id, result.error)
        extraction = extract_document(result.document)
        return self._persist(document_id, result.document, extraction, page_dir / "0")

    def fail_unexpected(self, document_id: int) -> str:
        return self._fail(document_id, YomitoriError(ErrorCode.INTERNAL))

    def _fail(self, document_id: int, error: YomitoriError | None) -> str:
        error = error or YomitoriError(ErrorCode.INTERNAL)
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            doc.status = DocumentStatus.FAILED
            doc.error_code = str(error.code)
            doc.error_message = error.message
            doc.processed_at = utcnow()
        log.warning("document %d failed: %s", document_id, error)
        return DocumentStatus.FAILED

    def _persist(self, document_id: int, ocr: OcrDocument, extraction: Extraction,
                 page_dir: Path) -> str:
        status = review_status(extraction)
        with self.db.session() as s:
            doc = s.get_one(Document, document_id)
            s.execute(delete(Page).where(Page.document_id == document_id))
            s.execute(delete(ExtractedField).where(ExtractedField.document_id == document_id))
            for page in ocr.pages:
                s.add(Page(document_id=document_id, number=page.number, width=page.width,
                           height=page.height, dpi=page.dpi, rotated=page.rotated,
                           image_path=str(page_dir / f"{page.number}.png"), text=page.text,
                           words=[[w.text, list(w.bbox), w.confidence, w.line]
                                  for w in page.words]))
            for name, fv in extraction.fields.items():
                ev = fv.evidence
                s.add(ExtractedField(
                    document_id=document_id, name=name, value=to_json_value(fv.value),
                    page=ev.page if ev else None, bbox=list(ev.bbox) if ev else None,
                    confidence=ev.confidence if ev else None, source=ev.source if ev else None))
            doc.page_count = len(ocr.pages)
            doc.doc_type = str(extraction.doc_type)
            doc.type_scores = extraction.type_scores
            doc.status = status
            doc.error_code = doc.error_message = None
            doc.processed_at = utcnow()
        log.info("document %d processed: %s, %d fields, %s", document_id,
                 extraction.doc_type, len(extraction.fields), status)
        return status


def review_status(extraction: Extraction) -> str:
    """Until the validation rules land: a person checks documents missing a key field
    or holding a low-confidence one."""
    keys = KEY_FIELDS[str(extraction.doc_type)]
    if extraction.doc_type == "other" or any(k not in extraction.fields for k in keys):
        return DocumentStatus.NEEDS_REVIEW
    low = [n for n, fv in extraction.fields.items()
           if fv.evidence is not None and fv.evidence.confidence < REVIEW_CONFIDENCE]
    return DocumentStatus.NEEDS_REVIEW if low else DocumentStatus.VALIDATED
