"""Response shapes of the REST API, apart from the ORM tables."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel

# a row id in a path: bounded, so no number reaches the database that it cannot hold
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PageNumber = Annotated[int, Path(ge=1, le=100_000)]


class FieldOut(BaseModel):
    value: Any
    page: int | None = None
    bbox: list[int] | None = None
    confidence: float | None = None
    source: str | None = None


class PageOut(BaseModel):
    number: int
    width: int
    height: int
    dpi: int


class PartOut(BaseModel):
    """A document split off a scanner batch, as its parent lists it."""

    id: int
    page_range: list[int]  # [first, last] pages of the original file
    status: str
    doc_type: str | None
    url: str


class DocumentSummary(BaseModel):
    id: int
    file: str
    status: str
    doc_type: str | None
    page_count: int | None
    received_at: datetime
    processed_at: datetime | None
    url: str
    parent_id: int | None = None  # a part of a batch: the upload it was split from
    page_range: list[int] | None = None  # [first, last] pages of the original; None: all


class DocumentOut(DocumentSummary):
    sha256: str
    mime_type: str
    size_bytes: int
    error: dict[str, str] | None = None
    invoice_class: str | None = None
    findings: list[dict[str, Any]] = []
    fields: dict[str, Any]
    evidence: dict[str, FieldOut]
    pages: list[PageOut]
    split: str = "none"  # how the upload was split: none, blank or auto
    parts: list[PartOut] = []  # the further documents split off this upload, in page order


class DocumentList(BaseModel):
    documents: list[DocumentSummary]
    total: int
    limit: int
    offset: int


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    """Every error yomitori raises on purpose: a code for programs, a message for people
    (Japanese / English)."""

    detail: ErrorBody


class ValidationItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(BaseModel):
    """FastAPI's own answer to a request that does not match the schema."""

    detail: list[ValidationItem]
