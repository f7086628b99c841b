"""The document page: page images with word boxes, the field list with findings and
history; its page images and the original file. Edits go to the REST API from
static/document.js."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import select

from api.schemas import PageNumber, RowId
from api.auth import Permission, UiSessionDep, may, require
from api.deps import SessionDep, SettingsDep
from api.routes.ui import page_context, priority
from api.routes.ui_render import render
from core.errors import ErrorCode, InputError
from extract.schema import COMMON_FIELDS, CONTRACT_FIELDS, INVOICE_FIELDS
from ingest.store import FileStore
from models import review
from models.apikeys import Principal
from models.tables import Document, Page

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Permission.READ_OWN))]
SHOWN = {"invoice": COMMON_FIELDS + INVOICE_FIELDS, "receipt": COMMON_FIELDS,
         "contract": CONTRACT_FIELDS, "other": COMMON_FIELDS}
STRUCTURED = frozenset({"tax_breakdown", "line_items", "parties"})  # not one text box


def readable(session, who: Principal, document_id: RowId) -> Document:
    doc = review.load(session, document_id)
    if not (may(who, Permission.READ) or doc.uploaded_by == who.name):
        raise InputError(ErrorCode.NOT_FOUND, f"document {document_id}")
    if doc.deleted_at is not None and not may(who, Permission.ADMIN):
        raise InputError(ErrorCode.NOT_FOUND, f"document {document_id}")
    return doc


def field_rows(session, doc: Document, history: list[review.HistoryEntry]
               ) -> list[dict[str, Any]]:
    current = review.current_fields(session, doc)
    by_field: dict[str, list[dict]] = {}
    for finding in doc.findings or []:
        for name in finding.get("fields", []):
            by_field.setdefault(name, []).append(finding)
    stories = review.by_field(history)
    names = [n for n in SHOWN.get(doc.doc_type or "other", COMMON_FIELDS)]
    names += [n for n in current if n not in names]
    rows = []
    for name in names:
        f = current.get(name)
        value = f.value if f else None
        structured = name in STRUCTURED or isinstance(value, (dict, list))
        rows.append({"name": name, "text": shown(value, structured), "structured": structured,
                     "item_rows": item_rows(value) if name == "line_items" else None,
                     "confidence": f.confidence if f else None,
                     "corrected": bool(f and f.corrected), "page": f.page if f else None,
                     "bbox": ",".join(map(str, f.bbox)) if f and f.bbox else "",
                     "findings": by_field.get(name, []),
                     "history": [{"at": e.at, "actor": e.actor, "reason": e.reason,
                                  "kind": e.kind, "page": e.page, "degrees": e.degrees,
                                  "old": shown(e.old, structured),
                                  "new": shown(e.new, structured)}
                                 for e in stories.get(name, [])]})
    return rows


def shown(value: Any, structured: bool = False) -> str:
    if value is None:
        return ""
    if structured or isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).lower() if isinstance(value, bool) else str(value)


def item_rows(value: Any) -> list[dict[str, str]]:
    """The line items as the table's cells (text; missing cells empty)."""
    rows = value if isinstance(value, list) else []
    return [{key: "" if item.get(key) is None else str(item[key]) for key in review.ITEM_KEYS}
            for item in rows if isinstance(item, dict)]


@router.get("/documents/{document_id}")
def document_page(document_id: RowId, request: Request, session: SessionDep, who: Reader,
                  signed_in: UiSessionDep) -> Response:
    doc = readable(session, who, document_id)
    pages = list(session.scalars(select(Page).where(Page.document_id == doc.id)
                                 .order_by(Page.number)))
    history = review.history(session, doc)
    return render(request, "document.html", {
        **page_context(who, signed_in), "doc": doc, "pages": pages,
        "fields": field_rows(session, doc, history), "history": history,
        "can_correct": may(who, Permission.CORRECT), "can_approve": may(who, Permission.APPROVE),
        "errors": review.error_findings(doc)})


@router.get("/documents/{document_id}/next")
def next_document(document_id: RowId, session: SessionDep, who: Reader) -> Response:
    """The next document that needs a person, by the inbox's order; else the inbox."""
    waiting = [d for d in session.scalars(select(Document).where(
        Document.status == "needs_review", Document.deleted_at.is_(None),
        Document.id != document_id).limit(500))
        if may(who, Permission.READ) or d.uploaded_by == who.name]
    target = f"/documents/{min(waiting, key=priority).id}" if waiting else "/"
    return RedirectResponse(target, status_code=303)


@router.get("/documents/{document_id}/pages/{number}.png")
def page_image(document_id: RowId, number: PageNumber, session: SessionDep, settings: SettingsDep,
               who: Reader) -> Response:
    doc = readable(session, who, document_id)
    page = session.scalar(select(Page).where(Page.document_id == doc.id,
                                             Page.number == number))
    path = Path(page.image_path).resolve() if page and page.image_path else None
    if path is None or not path.is_relative_to(settings.data_dir.resolve()) \
            or not path.is_file():
        raise InputError(ErrorCode.NOT_FOUND, f"page {number}")
    return FileResponse(path, media_type="image/png", headers={
        "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/original")
def original_file(document_id: RowId, session: SessionDep, settings: SettingsDep,
                  who: Reader) -> Response:
    """Always a download (attachment, a type no browser runs), never shown inline."""
    doc = readable(session, who, document_id)
    path = FileStore(settings.store_dir).checked(doc.sha256)
    return FileResponse(path, media_type="application/octet-stream",
                        filename=doc.original_filename, content_disposition_type="attachment",
                        headers={"X-Content-Type-Options": "nosniff",
                                 "Content-Security-Policy": "sandbox"})
