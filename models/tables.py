"""Typed tables. The same code runs on SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer,
                        Numeric, String, Text, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(at: datetime) -> datetime:
    """A stored time with its zone: SQLite gives times back naive; they were written in
    UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    QUEUED = "queued"
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    VALIDATED = "validated"
    APPROVED = "approved"
    EXPORTED = "exported"
    FAILED = "failed"
    REJECTED = "rejected"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the original's; the parts of a split batch share it (one copy of the bytes)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_filename: Mapped[str] = mapped_column(String(512))
    mime_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32), index=True,
                                        default=DocumentStatus.RECEIVED)
    doc_type: Mapped[str | None] = mapped_column(String(16), index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    type_scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    invoice_class: Mapped[str | None] = mapped_column(String(16), index=True)
    # 電子帳簿保存法 search keys, kept in step with the fields (pipeline, corrections)
    issue_date: Mapped[date | None] = mapped_column(Date, index=True)
    # what search sorts by: the issue date, or the day received while none is known
    sort_date: Mapped[date] = mapped_column(Date, default=lambda: utcnow().date())
    total_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), index=True)
    counterparty: Mapped[str | None] = mapped_column(String(256))
    counterparty_folded: Mapped[str | None] = mapped_column(String(256))
    registration_number: Mapped[str | None] = mapped_column(String(14), index=True)
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[list[Any] | None] = mapped_column(JSON)
    image_hash: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # queue: whoever processes the document holds a lease it renews; an expired lease
    # means the worker died and the reconciler queues the document again
    uploaded_by: Mapped[str | None] = mapped_column(String(128), index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[str | None] = mapped_column(String(128))
    delete_reason: Mapped[str | None] = mapped_column(Text)
    # scanner batches (ingest.split): a part is a document of its own, made from pages
    # page_from..page_to of its parent's original; the parent keeps the first part
    split_mode: Mapped[str | None] = mapped_column(String(8))  # None: none
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    page_from: Mapped[int | None] = mapped_column(Integer)  # None: every page
    page_to: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_documents_sort_date_id", "sort_date", "id"),
        # one document per uploaded content; its parts share the sha256
        Index("uq_documents_original_sha256", "sha256", unique=True,
              sqlite_where=text("parent_id IS NULL"),
              postgresql_where=text("parent_id IS NULL")),
    )

    pages: Mapped[list[Page]] = relationship(back_populates="document",
                                             cascade="all, delete-orphan",
                                             order_by="Page.number")
    fields: Mapped[list[ExtractedField]] = relationship(back_populates="document",
                                                        cascade="all, delete-orphan")
    parts: Mapped[list[Document]] = relationship(order_by="Document.page_from",
                                                 foreign_keys=[parent_id])


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[int] = mapped_column(Integer)
    rotated: Mapped[int] = mapped_column(Integer, default=0)
    image_path: Mapped[str | None] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[list[Any]] = mapped_column(JSON, default=list)

    document: Mapped[Document] = relationship(back_populates="pages")


class ExtractedField(Base):
    """A field as extraction produced it. Corrections never overwrite this row."""

    __tablename__ = "extracted_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON)
    confidence: Mapped[float | None]
    source: Mapped[str | None] = mapped_column(String(128))

    document: Mapped[Document] = relationship(back_populates="fields")


class Correction(Base):
    """Append-only history of field corrections (who, when, old, new, why)."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    field_name: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StatusEvent(Base):
    """Every lifecycle transition: from, to, who or what, when, why."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchIndex(Base):
    """Folded text of a document (OCR text and field values) for full-text search.
    The dialect-specific indexes over it are made by the migrations."""

    __tablename__ = "search_index"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    grams: Mapped[str | None] = mapped_column(Text)  # models.searchtext.gram_tokens


class Role(StrEnum):
    VIEWER = "viewer"
    UPLOADER = "uploader"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    ADMIN = "admin"


class ApiKey(Base):
    """A scanner's or an integration's key. Only its hash is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who signs in to the review UI. Only the password's argon2 hash is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PageRotation(Base):
    """A page a person turned, and read again: who, when, by how much, and what the new
    reading changed in the extraction (field -> [old, new]); append-only, for the audit."""

    __tablename__ = "page_rotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    degrees: Mapped[int] = mapped_column(Integer)  # clockwise, as the reviewer asked
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
