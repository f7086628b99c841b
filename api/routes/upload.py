"""Intake over HTTP: scanners and integrations upload one or many files."""

from __future__ import annotations

import asyncio
import json
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel

from api.auth import PERMISSIONS, Permission, require
from api.routes.documents import parts_out
from api.schemas import PartOut, RowId
from core.errors import ErrorCode, InputError, YomitoriError, disk_space
from core.settings import SplitMode
from ingest.pages import count_pages
from ingest.quarantine import keep_rejected
from ingest.sniff import sniff_path
from ingest.split import parse_mode
from models.apikeys import Principal
from models.lifecycle import transition
from models.tables import Document, DocumentStatus

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])
SPLIT_HELP = ("none: the file is one document; blank: blank pages separate documents; "
              "auto: blank pages and pages that start a new document (default: settings)")
TERMINAL = {"needs_review", "validated", "approved", "exported", "failed", "rejected"}


class Accepted(BaseModel):
    id: int | None = None
    file: str
    status: str | None = None
    status_url: str | None = None
    duplicate: bool = False
    error: dict[str, str] | None = None
    split: str | None = None  # none, blank or auto: how processing cuts the file
    # documents split off this upload; known once it is processed (a duplicate shows them)
    parts: list[PartOut] = []


class UploadResult(BaseModel):
    documents: list[Accepted]


def clean_name(name: str | None) -> str:
    """The name to show: no folders, no control characters, at most 255 characters."""
    raw = PureWindowsPath(PurePosixPath(name or "upload").name).name
    kept = "".join(c for c in unicodedata.normalize("NFC", raw)
                   if unicodedata.category(c)[0] != "C").strip()
    return kept[:255] if kept.strip(".") else "upload"


def _spool(upload: UploadFile, limit: int, folder: Path) -> Path:
    with disk_space("uploads"):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="upload-")
        path = Path(tmp)
        try:
            with open(fd, "wb") as out:
                copied = 0
                while chunk := upload.file.read(1 << 20):
                    copied += len(chunk)
                    if copied > limit:
                        raise InputError(ErrorCode.TOO_LARGE, f"over {limit} bytes")
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return path


def _accept(request: Request, upload: UploadFile, who: Principal, split: SplitMode
            ) -> Accepted:
    settings = request.app.state.settings
    name = clean_name(upload.filename)
    path = _spool(upload, settings.limits.max_file_bytes, settings.data_dir / "incoming")
    try:
        count_pages(path, sniff_path(path), settings.limits)
        received = request.app.state.intake.receive(path, name, uploaded_by=who.name,
                                                    split=split, queued_by=f"upload:{who.name}")
    except InputError as exc:  # the client's file is at fault: keep it for inspection
        keep_rejected(path, name, exc, settings.data_dir / "rejected",
                      settings.limits.keep_rejected)
        raise
    finally:
        path.unlink(missing_ok=True)
    url = str(request.url_for("get_document", document_id=received.document_id))
    if received.created:
        if request.app.state.jobs is not None:
            request.app.state.jobs.enqueue(received.document_id)
        return Accepted(id=received.document_id, file=name, status=DocumentStatus.QUEUED,
                        status_url=url, split=str(split))
    with request.app.state.db.session() as s:  # a duplicate: as it stands now
        doc = s.get_one(Document, received.document_id)
        status, mode, parts = doc.status, doc.split_mode or "none", parts_out(doc, request)
    return Accepted(id=received.document_id, file=name, status=status, status_url=url,
                    duplicate=True, split=mode, parts=parts)


@router.post("", status_code=202, response_model=UploadResult,
             responses={413: {"description": "too large"}, 415: {"description": "not a scan"}})
def upload(request: Request, file: Annotated[list[UploadFile], File()],
           who: Annotated[Principal, Depends(require(Permission.UPLOAD))],
           split: Annotated[str | None, Form(max_length=16, description=SPLIT_HELP)] = None,
           split_query: Annotated[str | None, Query(alias="split", max_length=16,
                                                    description=SPLIT_HELP)] = None):
    """Store the files, queue them and answer at once. The same content again answers
    with the existing document. `split` (a form field, or `?split=` for scanners that
    only take a URL) cuts a scanner batch into documents when it is processed."""
    from api.app import HTTP_STATUS

    mode = parse_mode(split if split is not None else split_query,
                      request.app.state.settings.intake.split)
    results: list[Accepted] = []
    for upload_file in file:
        try:
            results.append(_accept(request, upload_file, who, mode))
        except YomitoriError as exc:
            if len(file) == 1:
                raise
            results.append(Accepted(file=clean_name(upload_file.filename),
                                    error=exc.to_dict()))
    code = 202 if any(r.id for r in results) else max(
        HTTP_STATUS.get(ErrorCode(r.error["code"]), 400) for r in results if r.error)
    return JSONResponse(UploadResult(documents=results).model_dump(), status_code=code)


@router.get("/{document_id}/events")
async def events(document_id: RowId, request: Request,
                 who: Annotated[Principal, Depends(require(Permission.READ_OWN))]
                 ) -> StreamingResponse:
    """Server-sent events: the document's status each time it changes, until done."""
    db = request.app.state.db
    others = Permission.READ in PERMISSIONS[who.role]

    def status() -> str | None:
        with db.session() as s:
            doc = s.get(Document, document_id)
            return doc.status if doc and (others or doc.uploaded_by == who.name) else None

    async def stream() -> AsyncIterator[str]:
        last = None
        for _ in range(1200):  # 10 minutes at most
            current = await run_in_threadpool(status)
            if current != last:
                yield f"data: {json.dumps({'id': document_id, 'status': current})}\n\n"
                last = current
            if current is None or current in TERMINAL or await request.is_disconnected():
                return
            await asyncio.sleep(0.5)

    return StreamingResponse(stream(), media_type="text/event-stream")


@router.post("/{document_id}/retry", status_code=202)
def retry(document_id: RowId, request: Request,
          who: Annotated[Principal, Depends(require(Permission.UPLOAD))]) -> dict:
    """Queue a failed document again."""
    with request.app.state.db.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise InputError(ErrorCode.NOT_FOUND, f"document {document_id}")
        transition(s, doc, DocumentStatus.QUEUED, f"retry:{who.name}")
        doc.attempts = 0
    if request.app.state.jobs is not None:
        request.app.state.jobs.enqueue(document_id)
    return {"id": document_id, "status": "queued"}

