"""Export batches (who exported which documents when, and the file's hash) and the
account rules reviewers taught."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.tables import Base, utcnow


class ExportBatch(Base):
    """One export: the file stays in the store so it can be downloaded again."""

    __tablename__ = "export_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    format: Mapped[str] = mapped_column(String(32), index=True)
    encoding: Mapped[str] = mapped_column(String(32))
    reexport: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    actor: Mapped[str] = mapped_column(String(128))
    document_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sha256: Mapped[str | None] = mapped_column(String(64))
    file_path: Mapped[str | None] = mapped_column(String(1024))  # relative to the store
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)


class AccountRule(Base):
    """A vendor's 勘定科目 as a reviewer chose it; the mapping tries these first."""

    __tablename__ = "account_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor: Mapped[str] = mapped_column(String(256))
    vendor_key: Mapped[str] = mapped_column(String(256), unique=True)  # folded vendor name
    account: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
