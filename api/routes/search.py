"""Search over REST: JSON pages with a cursor, and the CSV download a tax office may ask
for (電子帳簿保存法)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.auth import Permission, require
from api.deps import SessionDep
from models import search as s
from models.tables import Document

router = APIRouter(prefix="/api/v1/search", tags=["search"],
                   dependencies=[Depends(require(Permission.READ))])


class SearchParams(BaseModel):
    text: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    counterparty: str | None = None
    registration_number: str | None = None
    type: str | None = None
    status: str | None = None
    invoice_class: str | None = None
    has_findings: bool | None = None
    sort: str = "-date"
    limit: int = 50
    cursor: str | None = None

    def query(self) -> s.Query:
        data = self.model_dump()
        data["doc_type"] = data.pop("type")
        return s.Query(**data)


Params = Annotated[SearchParams, Query()]


class Hit(BaseModel):
    id: int
    file: str
    doc_type: str | None
    status: str
    deleted: bool
    issue_date: date | None
    total: Decimal | None
    counterparty: str | None
    registration_number: str | None
    fields: dict
    url: str


class Results(BaseModel):
    documents: list[Hit]
    next_cursor: str | None


def hit(doc: Document, request: Request) -> Hit:
    return Hit(id=doc.id, file=doc.original_filename, doc_type=doc.doc_type, status=doc.status,
               deleted=doc.deleted_at is not None, issue_date=doc.issue_date,
               total=doc.total_amount.normalize() if doc.total_amount is not None else None,
               counterparty=doc.counterparty, registration_number=doc.registration_number,
               fields={f.name: f.value for f in doc.fields},
               url=str(request.url_for("get_document", document_id=doc.id)))


@router.get("", response_model=Results)
def search_documents(params: Params, request: Request, session: SessionDep) -> Results:
    page = s.search(session, params.query())
    return Results(documents=[hit(d, request) for d in page.documents],
                   next_cursor=page.next_cursor)


CSV_COLUMNS = ("id", "file", "doc_type", "status", "deleted", "issue_date", "total",
               "counterparty", "registration_number")


@router.get(".csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def search_csv(params: Params, request: Request, session: SessionDep) -> Response:
    """Every match (all pages) as CSV, UTF-8 with BOM so that Excel opens it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    query = s.Query(**{**params.query().__dict__, "limit": 1000})
    while True:
        page = s.search(session, query)
        for doc in page.documents:
            h = hit(doc, request)
            writer.writerow([csv_cell(getattr(h, c)) for c in CSV_COLUMNS])
        if page.next_cursor is None:
            break
        query = s.Query(**{**query.__dict__, "cursor": page.next_cursor})
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="search.csv"'})


def csv_cell(value: object) -> str:
    """Text that a spreadsheet would run as a formula is neutralised; numbers stay."""
    if value is None:
        return ""
    if isinstance(value, (Decimal, int, bool, date)):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
