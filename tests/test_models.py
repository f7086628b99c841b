"""The tables and migrations on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import inspect, select

from core.settings import Settings
from models.db import Database, upgrade
from models.tables import Correction, Document, DocumentStatus, ExtractedField


def test_migrations_create_every_table_and_run_twice(settings: Settings) -> None:
    upgrade(settings.db_url)
    upgrade(settings.db_url)  # a second start changes nothing
    db = Database(settings.db_url)
    names = set(inspect(db.engine).get_table_names())
    assert {"documents", "pages", "extracted_fields", "corrections",
            "alembic_version"} <= names


def test_document_with_fields_round_trips(settings: Settings) -> None:
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    with db.session() as s:
        doc = Document(sha256="a" * 64, original_filename="請求書_青葉.pdf",
                       mime_type="application/pdf", size_bytes=1234)
        s.add(doc)
        s.flush()
        s.add(ExtractedField(document_id=doc.id, name="total", value=str(Decimal("174862")),
                             page=1, bbox=[1, 2, 3, 4], confidence=0.93, source="label:合計"))
        s.add(Correction(document_id=doc.id, field_name="total", old_value="174862",
                         new_value="174863", reason="読み違い", actor="tester"))
        doc_id = doc.id
    with db.session() as s:
        doc = s.get_one(Document, doc_id)
        assert doc.status == DocumentStatus.RECEIVED
        assert doc.original_filename == "請求書_青葉.pdf"
        assert [(f.name, f.value, f.bbox) for f in doc.fields] == [
            ("total", "174862", [1, 2, 3, 4])]
        history = s.scalars(select(Correction).where(Correction.document_id == doc_id)).all()
        assert [c.new_value for c in history] == ["174863"]
        assert doc.received_at is not None
