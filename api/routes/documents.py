"""Documents over REST: list and read what is stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy import func, select

from api.deps import SessionDep
from api.schemas import DocumentList, DocumentOut, DocumentSummary, FieldOut, PageOut
from models.tables import Document

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


def summary(doc: Document, request: Request) -> dict:
    return {
        "id": doc.id, "file": doc.original_filename, "status": doc.status,
        "doc_type": doc.doc_type, "page_count": doc.page_count,
        "received_at": doc.received_at, "processed_at": doc.processed_at,
        "url": str(request.url_for("get_document", document_id=doc.id)),
    }


@router.get("", response_model=DocumentList)
def list_documents(
    request: Request,
    session: SessionDep,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentList:
    query = select(Document)
    if status:
        query = query.where(Document.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    docs = session.scalars(query.order_by(Document.id.desc()).limit(limit).offset(offset))
    return DocumentList(documents=[DocumentSummary(**summary(d, request)) for d in docs],
                        total=total, limit=limit, offset=offset)


@router.get("/{document_id}", response_model=DocumentOut)
def get_document(document_id: int, request: Request, session: SessionDep) -> DocumentOut:
    doc = session.get(Document, document_id)
    if doc is None:
        raise HTTPException(404, detail={"code": "not_found",
                                         "message": "文書が見つかりません / document not found"})
    error = ({"code": doc.error_code, "message": doc.error_message or ""}
             if doc.error_code else None)
    return DocumentOut(
        **summary(doc, request), sha256=doc.sha256, mime_type=doc.mime_type,
        size_bytes=doc.size_bytes, error=error, invoice_class=doc.invoice_class,
        findings=doc.findings or [],
        fields={f.name: f.value for f in doc.fields},
        evidence={f.name: FieldOut(value=f.value, page=f.page, bbox=f.bbox,
                                   confidence=f.confidence, source=f.source)
                  for f in doc.fields},
        pages=[PageOut(number=p.number, width=p.width, height=p.height, dpi=p.dpi)
               for p in doc.pages],
    )
