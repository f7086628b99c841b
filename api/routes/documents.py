"""Documents over REST: list and read what is stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth import Permission, may, require
from api.deps import SessionDep
from api.schemas import (DocumentList, DocumentOut, DocumentSummary, FieldOut, PageOut,
                         PartOut, RowId)
from models.apikeys import Principal
from models.review import current_fields
from models.tables import Document

Reader = Annotated[Principal, Depends(require(Permission.READ_OWN))]

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


def summary(doc: Document, request: Request) -> dict:
    return {
        "id": doc.id, "file": doc.original_filename, "status": doc.status,
        "doc_type": doc.doc_type, "page_count": doc.page_count,
        "received_at": doc.received_at, "processed_at": doc.processed_at,
        "url": str(request.url_for("get_document", document_id=doc.id)),
        "parent_id": doc.parent_id, "page_range": page_range(doc),
    }


def page_range(doc: Document) -> list[int] | None:
    return [doc.page_from, doc.page_to] if doc.page_from and doc.page_to else None


def parts_out(doc: Document, request: Request) -> list[PartOut]:
    """The documents split off an upload, for a scanner integration to follow."""
    return [PartOut(id=p.id, page_range=page_range(p) or [], status=p.status,
                    doc_type=p.doc_type,
                    url=str(request.url_for("get_document", document_id=p.id)))
            for p in doc.parts]


@router.get("", response_model=DocumentList)
def list_documents(
    request: Request,
    session: SessionDep,
    who: Reader,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> DocumentList:
    query = select(Document)
    if status:
        query = query.where(Document.status == status)
    if not may(who, Permission.READ):  # an uploader follows its own uploads
        query = query.where(Document.uploaded_by == who.name)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    docs = session.scalars(query.order_by(Document.id.desc()).limit(limit).offset(offset))
    return DocumentList(documents=[DocumentSummary(**summary(d, request)) for d in docs],
                        total=total, limit=limit, offset=offset)


@router.get("/{document_id}", response_model=DocumentOut)
def get_document(document_id: RowId, request: Request, session: SessionDep,
                 who: Reader) -> DocumentOut:
    doc = session.get(Document, document_id)
    if doc is None or not (may(who, Permission.READ) or doc.uploaded_by == who.name):
        raise HTTPException(404, detail={"code": "not_found",
                                         "message": "文書が見つかりません / document not found"})
    return document_out(doc, request, session)


def document_out(doc: Document, request: Request, session: Session) -> DocumentOut:
    """The document with its CURRENT field values (corrections applied); the evidence
    is the original extraction's."""
    current = current_fields(session, doc)
    error = ({"code": doc.error_code, "message": doc.error_message or ""}
             if doc.error_code else None)
    return DocumentOut(
        **summary(doc, request), sha256=doc.sha256, mime_type=doc.mime_type,
        size_bytes=doc.size_bytes, error=error, invoice_class=doc.invoice_class,
        findings=doc.findings or [],
        fields={f.name: f.value for f in current.values()},
        evidence={f.name: FieldOut(value=f.value, page=f.page, bbox=f.bbox,
                                   confidence=f.confidence, source=f.source)
                  for f in current.values()},
        pages=[PageOut(number=p.number, width=p.width, height=p.height, dpi=p.dpi)
               for p in doc.pages],
        split=doc.split_mode or "none", parts=parts_out(doc, request),
    )
