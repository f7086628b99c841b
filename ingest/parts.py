"""The rows of a split batch: the uploaded document keeps the first part; every further
part is a document of its own that points at its parent and its pages of the parent's
original (the bytes are stored once). Processing the parent again reuses the parts'
rows, so the job stays idempotent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.split import Part
from models.lifecycle import can_move, transition
from models.tables import Document, DocumentStatus

# a person has decided on these: processing the batch again leaves them as they are
DECIDED = (DocumentStatus.APPROVED, DocumentStatus.EXPORTED, DocumentStatus.REJECTED)


def part_rows(session: Session, parent: Document, parts: list[Part], actor: str
              ) -> list[Document | None]:
    """One row per part, in order (None for a part already decided on by a person).
    Rows of parts that the batch no longer has are rejected when nobody decided on them."""
    first, rest = parts[0], parts[1:]
    parent.page_from, parent.page_to = first.first, first.last
    existing = {(d.page_from, d.page_to): d for d in session.scalars(
        select(Document).where(Document.parent_id == parent.id))}
    rows: list[Document | None] = [parent]
    for part in rest:
        doc = existing.pop((part.first, part.last), None)
        if doc is None:
            doc = _new_part(session, parent, part, actor)
        rows.append(None if doc.status in DECIDED else doc)
    for stale in existing.values():
        if stale.status not in DECIDED and can_move(stale.status, DocumentStatus.REJECTED):
            transition(session, stale, DocumentStatus.REJECTED, actor,
                       f"no longer a part of document {parent.id}")
    return rows


def _new_part(session: Session, parent: Document, part: Part, actor: str) -> Document:
    doc = Document(sha256=parent.sha256, original_filename=parent.original_filename,
                   mime_type=parent.mime_type, size_bytes=parent.size_bytes,
                   uploaded_by=parent.uploaded_by, received_at=parent.received_at,
                   status=DocumentStatus.RECEIVED, split_mode=parent.split_mode,
                   parent_id=parent.id, page_from=part.first, page_to=part.last)
    session.add(doc)
    session.flush()
    why = f"pages {part.first}-{part.last} of document {parent.id} ({part.cause})"
    transition(session, doc, DocumentStatus.PROCESSING, actor, why)
    return doc
