"""The row of an uploaded original. A new upload is one INSERT that does nothing when
the same content is already there: no look first (a round trip per upload), and no
failed INSERT on a duplicate (an error in the database's log, a rolled-back
transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.tables import Document

INSERTS: dict[str, Callable[[Any], Any]] = {"postgresql": postgresql.insert,
                                            "sqlite": sqlite.insert}


def insert_original(session: Session, **values: Any) -> int | None:
    """The new document's id, or None when a document of this content exists."""
    stmt = (INSERTS[session.get_bind().dialect.name](Document).values(**values)
            .on_conflict_do_nothing(index_elements=[Document.sha256],
                                    index_where=Document.parent_id.is_(None))
            .returning(Document.id))
    return session.scalar(stmt)


def original_of(session: Session, sha256: str) -> int | None:
    return session.scalar(select(Document.id).where(Document.sha256 == sha256,
                                                    Document.parent_id.is_(None)))
