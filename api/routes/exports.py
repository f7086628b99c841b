"""Export batches over REST: create one (answers 201 with the download URL), list them,
read one, and download its file again; and a plain page listing the batches."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from api.auth import Permission, require
from api.deps import SessionDep, SettingsDep
from api.schemas import RowId
from export.batches import (batch_file, create_batch, download_name, get_batch,
                            list_batches, media_type)
from export.errors import BatchNotFound, ExportCode, ExportError, NothingToExport
from models import search
from models.apikeys import Principal
from models.export_tables import ExportBatch
from models.tables import aware

router = APIRouter(tags=["exports"])
ExportRole = Annotated[Principal, Depends(require(Permission.EXPORT))]
ReadRole = Annotated[Principal, Depends(require(Permission.READ))]
API = "/api/v1/exports"


class ExportRequest(BaseModel):
    format: str = Field(max_length=32, examples=["yayoi"])
    document_ids: list[int] | None = Field(default=None, max_length=10_000)
    reexport: bool = Field(default=False, description="also export exported documents")
    encoding: str | None = Field(default=None, max_length=32,
                                 description="one the format offers; default its own")
    date_from: date | None = None
    date_to: date | None = None
    doc_type: str | None = Field(default=None, max_length=16)
    counterparty: str | None = Field(default=None, max_length=256)

    def filters(self) -> search.Query | None:
        given = {k: v for k, v in self.model_dump(
            include={"date_from", "date_to", "doc_type", "counterparty"}).items() if v}
        return search.Query(**given) if given else None


class BatchOut(BaseModel):
    id: int
    format: str
    encoding: str
    reexport: bool
    created_at: datetime
    actor: str
    document_ids: list[int]
    row_count: int
    sha256: str | None
    warnings: list[dict[str, Any]]
    url: str
    download_url: str


class BatchList(BaseModel):
    batches: list[BatchOut]
    total: int
    limit: int
    offset: int


def batch_out(batch: ExportBatch, request: Request) -> BatchOut:
    created = aware(batch.created_at)
    return BatchOut(
        id=batch.id, format=batch.format, encoding=batch.encoding, reexport=batch.reexport,
        created_at=created, actor=batch.actor, document_ids=batch.document_ids,
        row_count=batch.row_count, sha256=batch.sha256, warnings=batch.warnings,
        url=str(request.url_for("get_export", batch_id=batch.id)),
        download_url=str(request.url_for("download_export", batch_id=batch.id)))


def _http(exc: ExportError, status: int) -> HTTPException:
    return HTTPException(status, detail=exc.to_dict())


@router.post(API, status_code=201, response_model=BatchOut)
def create_export(body: ExportRequest, request: Request, session: SessionDep,
                  settings: SettingsDep, who: ExportRole) -> BatchOut:
    try:
        batch = create_batch(session, settings, body.format, who.name,
                             document_ids=body.document_ids, filters=body.filters(),
                             reexport=body.reexport, encoding=body.encoding)
    except NothingToExport as exc:
        raise _http(exc, 409) from None
    session.commit()  # the client hears 201 only for a batch that is recorded
    return batch_out(batch, request)


@router.get(API, response_model=BatchList)
def list_exports(request: Request, session: SessionDep, _: ReadRole,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=2**62)] = 0) -> BatchList:
    batches, total = list_batches(session, limit=limit, offset=offset)
    return BatchList(batches=[batch_out(b, request) for b in batches], total=total,
                     limit=limit, offset=offset)


@router.get(API + "/{batch_id}", response_model=BatchOut)
def get_export(batch_id: RowId, request: Request, session: SessionDep, _: ReadRole
               ) -> BatchOut:
    try:
        return batch_out(get_batch(session, batch_id), request)
    except BatchNotFound as exc:
        raise _http(exc, 404) from None


@router.get(API + "/{batch_id}/file", response_class=Response)
def download_export(batch_id: RowId, session: SessionDep, settings: SettingsDep,
                    _: ExportRole) -> Response:
    try:
        batch = get_batch(session, batch_id)
        data = batch_file(settings, batch)
    except BatchNotFound as exc:
        raise _http(exc, 404) from None
    except ExportError as exc:
        if exc.code == ExportCode.FILE_MISSING:
            raise _http(exc, 410) from None
        raise
    return Response(data, media_type=media_type(batch), headers={
        "Content-Disposition": f'attachment; filename="{download_name(batch)}"',
        "X-Content-SHA256": batch.sha256 or ""})


@router.get("/exports", response_class=HTMLResponse, include_in_schema=False)
def exports_page(session: SessionDep, _: ReadRole) -> str:
    batches, total = list_batches(session, limit=200)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in (
            b.id, b.created_at.strftime("%Y-%m-%d %H:%M"), b.format, b.actor,
            len(b.document_ids), len(b.warnings), (b.sha256 or "")[:12]))
        + f'<td><a href="{API}/{b.id}/file">ダウンロード</a></td></tr>' for b in batches)
    head = "".join(f"<th>{h}</th>" for h in
                   ("ID", "日時", "形式", "出力者", "文書数", "警告", "SHA-256", ""))
    return ("<!doctype html><html lang=ja><head><meta charset=utf-8>"
            "<title>出力履歴 / exports</title><style>body{font-family:sans-serif;margin:2em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
            "</style></head><body><h1>出力履歴 / export batches</h1>"
            f"<p>{total} 件 · <a href=\"/\">文書 / documents</a></p>"
            f"<table><tr>{head}</tr>{rows}</table></body></html>")
