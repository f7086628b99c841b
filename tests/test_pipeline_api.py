"""A scan goes in, typed fields come out: stored, processed by real Tesseract, served
by the API; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from core.settings import Settings
from ingest.executor import InlineExecutor
from ingest.pipeline import Pipeline
from models.db import Database, upgrade
from models.apikeys import create_key
from models.tables import Document, Page, Role


def _first(generated: Path, doc_type: str) -> tuple[Path, dict]:
    for line in generated.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["doc_type"] == doc_type:
            return generated.parent / row["file"], row
    raise LookupError(doc_type)


def test_ingest_process_and_read_back(settings: Settings, generated: Path) -> None:
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    pipeline = Pipeline(settings, db, InlineExecutor())
    path, truth = _first(generated, "invoice")

    received = pipeline.receive(path)
    assert received.created
    status = pipeline.process(received.document_id)
    assert status in ("validated", "needs_review")
    again = pipeline.receive(path)  # same content: the existing document, no second copy
    assert again == type(again)(received.document_id, False)
    pipeline.process(received.document_id)  # idempotent: the same rows again

    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        pages = s.scalars(select(Page).where(Page.document_id == received.document_id)).all()
        assert [p.number for p in pages] == list(range(1, len(pages) + 1))
        assert all(Path(p.image_path).is_file() for p in pages)

    with db.session() as s:
        key = create_key(s, "reader", Role.VIEWER)
    with TestClient(create_app(settings, start_worker=False),
                    headers={"Authorization": f"Bearer {key}"}) as client:
        body = client.get(f"/api/v1/documents/{received.document_id}").json()
        assert body["doc_type"] == "invoice"
        assert body["file"] == path.name
        assert body["fields"]["total"] == truth["fields"]["total"]
        assert body["fields"]["issue_date"] == truth["fields"]["issue_date"]
        ev = body["evidence"]["total"]
        assert ev["page"] >= 1 and len(ev["bbox"]) == 4 and 0 < ev["confidence"] <= 1
        listing = client.get("/api/v1/documents").json()
        assert listing["total"] == 1
        assert listing["documents"][0]["id"] == received.document_id
        assert client.get("/api/v1/documents/999999").status_code == 404
        assert "請求書" in client.get("/").text


def test_original_is_stored_under_its_sha256(sqlite_settings: Settings, generated: Path
                                            ) -> None:
    upgrade(sqlite_settings.db_url)
    pipeline = Pipeline(sqlite_settings, Database(sqlite_settings.db_url), InlineExecutor())
    path, _ = _first(generated, "receipt")
    received = pipeline.receive(path)
    with pipeline.db.session() as s:
        doc = s.get_one(Document, received.document_id)
        stored = pipeline.store.original(doc.sha256)
    assert stored.read_bytes() == path.read_bytes()
    assert not stored.stat().st_mode & 0o222  # read-only


def test_failed_page_marks_the_document_failed(sqlite_settings: Settings,
                                               tmp_path: Path) -> None:
    upgrade(sqlite_settings.db_url)
    pipeline = Pipeline(sqlite_settings, Database(sqlite_settings.db_url), InlineExecutor())
    bad = tmp_path / "cut.tiff"
    bad.write_bytes(b"II*\x00" + b"\x08\x00\x00\x00" + b"\x00" * 30)
    doc_id = pipeline.receive(bad).document_id  # the magic bytes pass; the body is cut
    assert pipeline.process(doc_id) == "failed"
    with pipeline.db.session() as s:
        doc = s.get_one(Document, doc_id)
        assert doc.error_code == "corrupt_file"
        assert "壊れて" in doc.error_message
    assert pipeline.store.original(doc.sha256).read_bytes() == bad.read_bytes()
