"""Response shapes of the REST API, apart from the ORM tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


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


class DocumentSummary(BaseModel):
    id: int
    file: str
    status: str
    doc_type: str | None
    page_count: int | None
    received_at: datetime
    processed_at: datetime | None
    url: str


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


class DocumentList(BaseModel):
    documents: list[DocumentSummary]
    total: int
    limit: int
    offset: int
