"""Export batches: pick the approved documents, write the file through a format, keep
the file in the store, record who exported what and when with the file's hash, and
move the documents to `exported` so the next export leaves them out."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.settings import Settings
from export.accounts import load_account_rules
from export.errors import (BatchNotFound, ExportCode, ExportError, ExportWarning,
                           NothingToExport, Warn)
from export.journal import ExportContext
from export.learned import learned_accounts
from export.registry import Exporter, get_exporter, pick_encoding
from export.taxes import load_tax_table
from export.types import DocumentRecord
from export.writer import write
from models.export_tables import ExportBatch
from models.lifecycle import transition
from models.search import Query, conditions
from models.tables import Correction, Document, DocumentStatus, ExtractedField, utcnow

STORE_FOLDER = "exports"


def create_batch(session: Session, settings: Settings, format: str, actor: str,
                 document_ids: Sequence[int] | None = None, filters: Query | None = None,
                 reexport: bool = False, *, encoding: str | None = None) -> ExportBatch:
    """Export the approved documents (and, with reexport, exported ones) that the ids
    and filters select. Raises NothingToExport when none is left to export."""
    exporter = get_exporter(format)
    encoding = pick_encoding(exporter, encoding)
    batch = ExportBatch(format=exporter.name, encoding=encoding, reexport=reexport,
                        actor=actor, created_at=utcnow(), document_ids=[], warnings=[],
                        row_count=0)
    # Written first so that on SQLite this transaction holds the write lock before it
    # reads: two exports at once then run one after the other, never on the same
    # documents. PostgreSQL gets the same from FOR UPDATE in _candidates.
    session.add(batch)
    session.flush()
    ctx = ExportContext(load_tax_table(), load_account_rules(settings.accounts_file),
                        learned_accounts(session))
    docs = _candidates(session, exporter, document_ids, filters, reexport)
    if document_ids is not None:
        _explain_missing(session, exporter, document_ids, docs, reexport, ctx)
    records = _records(session, docs)
    rows = list(exporter.rows(records, ctx))
    exported = [r.id for r in records if r.id not in ctx.skipped]
    if not exported:
        session.delete(batch)
        session.flush()
        raise NothingToExport(detail=_summary(ctx.warnings))
    written = write(rows, exporter.spec, encoding)
    batch.file_path = _store(settings, batch, written.data, exporter.spec.extension)
    batch.sha256 = hashlib.sha256(written.data).hexdigest()
    batch.row_count = written.rows
    batch.document_ids = exported
    batch.warnings = [w.to_dict() for w in (*ctx.warnings, *written.warnings)]
    chosen = set(exported)
    for doc in docs:
        if doc.id in chosen:
            transition(session, doc, DocumentStatus.EXPORTED, actor,
                       f"export batch {batch.id} ({batch.format})")
    session.flush()
    return batch


def _candidates(session: Session, exporter: Exporter, ids: Sequence[int] | None,
                filters: Query | None, reexport: bool) -> list[Document]:
    statuses = [DocumentStatus.APPROVED] + ([DocumentStatus.EXPORTED] if reexport else [])
    stmt = select(Document).where(Document.status.in_([str(s) for s in statuses]),
                                  Document.deleted_at.is_(None))
    if exporter.doc_types is not None:
        stmt = stmt.where(Document.doc_type.in_(sorted(exporter.doc_types)))
    if ids is not None:
        stmt = stmt.where(Document.id.in_(list(ids)))
    if filters is not None:
        stmt = stmt.where(*conditions(filters, session.get_bind().dialect.name))
    order = (Document.issue_date.is_(None), Document.issue_date, Document.id)
    return list(session.scalars(stmt.order_by(*order).with_for_update()))


def _explain_missing(session: Session, exporter: Exporter, ids: Sequence[int],
                     docs: list[Document], reexport: bool, ctx: ExportContext) -> None:
    """Say why a document asked for by id is not in the batch."""
    found = {d.id for d in docs}
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    known = {d.id: d for d in session.scalars(select(Document).where(
        Document.id.in_(missing)))} if missing else {}
    for doc_id in missing:
        doc = known.get(doc_id)
        if doc is None:
            ctx.warn(Warn.NOT_FOUND, doc_id)
        elif doc.deleted_at is not None:
            ctx.warn(Warn.DELETED, doc_id)
        elif doc.status == DocumentStatus.EXPORTED and not reexport:
            ctx.warn(Warn.ALREADY_EXPORTED, doc_id, "ask for a re-export to export it again")
        elif exporter.doc_types is not None and doc.doc_type not in exporter.doc_types:
            ctx.warn(Warn.NOT_JOURNAL_TYPE, doc_id, str(doc.doc_type))
        elif doc.status == DocumentStatus.APPROVED or (
                reexport and doc.status == DocumentStatus.EXPORTED):
            ctx.warn(Warn.NOT_FOUND, doc_id, "outside the filters")
        else:
            ctx.warn(Warn.NOT_APPROVED, doc_id, doc.status)


def current_values(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Field values as extracted, with each field's latest correction applied."""
    values: dict[int, dict[str, Any]] = {i: {} for i in ids}
    if not ids:
        return values
    for f in session.scalars(select(ExtractedField).where(
            ExtractedField.document_id.in_(ids)).order_by(ExtractedField.id)):
        values[f.document_id][f.name] = f.value
    for c in session.scalars(select(Correction).where(
            Correction.document_id.in_(ids)).order_by(Correction.id)):
        values[c.document_id][c.field_name] = c.new_value
    return values


def _records(session: Session, docs: list[Document]) -> list[DocumentRecord]:
    values = current_values(session, [d.id for d in docs])
    return [DocumentRecord(id=d.id, file=d.original_filename, doc_type=d.doc_type or "",
                           invoice_class=d.invoice_class, values=values[d.id])
            for d in docs]


def _summary(warnings: list[ExportWarning]) -> str:
    counts = Counter(str(w.code) for w in warnings if w.skipped)
    return ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))


def _store(settings: Settings, batch: ExportBatch, data: bytes, extension: str) -> str:
    relative = f"{STORE_FOLDER}/{batch.id:06d}-{batch.format}.{extension}"
    target = settings.store_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return relative


def get_batch(session: Session, batch_id: int) -> ExportBatch:
    batch = session.get(ExportBatch, batch_id)
    if batch is None:
        raise BatchNotFound(detail=str(batch_id))
    return batch


def list_batches(session: Session, *, limit: int = 50, offset: int = 0
                 ) -> tuple[list[ExportBatch], int]:
    total = session.scalar(select(func.count()).select_from(ExportBatch)) or 0
    batches = session.scalars(select(ExportBatch).order_by(ExportBatch.id.desc())
                              .limit(limit).offset(offset))
    return list(batches), total


def batch_file(settings: Settings, batch: ExportBatch) -> bytes:
    """The batch's file as it was written; refuses a file that changed since."""
    if not batch.file_path:
        raise ExportError(ExportCode.FILE_MISSING, f"batch {batch.id}")
    store = settings.store_dir.resolve()
    path = (store / batch.file_path).resolve()
    if not path.is_relative_to(store) or not path.is_file():
        raise ExportError(ExportCode.FILE_MISSING, f"batch {batch.id}")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise ExportError(ExportCode.FILE_CHANGED, f"batch {batch.id}")
    return data


def download_name(batch: ExportBatch) -> str:
    extension = Path(batch.file_path or "x.csv").suffix or ".csv"
    return f"yomitori-{batch.format}-{batch.id:06d}{extension}"


def media_type(batch: ExportBatch) -> str:
    return get_exporter(batch.format).spec.media_type(batch.encoding)
