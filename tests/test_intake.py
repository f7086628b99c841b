"""Intake: the upload endpoint with API keys, and the hot folder."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from ingest.hotfolder import HotFolder
from ingest.pipeline import Pipeline
from ingest.queue import InProcessQueue
from ingest.executor import InlineExecutor
from models.apikeys import create_key, revoke_key
from models.db import Database, upgrade
from models.tables import Document, Role
from tests.scans import receipt

DONE = {"validated", "needs_review", "failed"}


def _key(settings: Settings, name: str, role: Role) -> str:
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        return create_key(s, name, role)


def _wait(client: TestClient, url: str, headers: dict, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url, headers=headers).json()
        if body["status"] in DONE:
            return body
        time.sleep(0.3)
    raise TimeoutError(url)


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", ocr={"workers": 1},
                    limits={"max_file_bytes": 2_000_000})


def test_upload_queues_processes_and_answers_duplicates(app_settings: Settings,
                                                        tmp_path: Path) -> None:
    key = _key(app_settings, "scanner-1", Role.UPLOADER)
    auth = {"Authorization": f"Bearer {key}"}
    scan = receipt(tmp_path / "r.png", 1220)
    with TestClient(create_app(app_settings)) as client:
        files = [("file", ("../../etc/r.png", scan.read_bytes(), "image/png")),
                 ("file", ("empty.pdf", b"", "application/pdf"))]
        started = time.monotonic()
        res = client.post("/api/v1/documents", files=files, headers=auth)
        assert time.monotonic() - started < 5  # answers before the OCR is done
        assert res.status_code == 202, res.text
        first, empty = res.json()["documents"]
        assert first["file"] == "r.png" and first["status"] == "queued"
        assert empty["error"]["code"] == "empty_file" and empty["id"] is None
        body = _wait(client, first["status_url"], auth)
        assert body["fields"]["total"] == "1220"
        again = client.post("/api/v1/documents", headers=auth,
                            files=[("file", ("copy.png", scan.read_bytes(), "image/png"))])
        assert again.json()["documents"][0]["id"] == first["id"]
        assert again.json()["documents"][0]["duplicate"] is True
    with Database(app_settings.db_url).session() as s:
        docs = s.query(Document).all()
        assert len(docs) == 1 and docs[0].uploaded_by == "scanner-1"


@pytest.mark.parametrize(("data", "name", "status", "code"), [
    (b"<html>hi</html>", "x.pdf", 415, "unsupported_type"),
    (b"", "x.png", 400, "empty_file"),
    (b"%PDF-1.4" + b"0" * 2_100_000, "big.pdf", 413, "too_large"),
])
def test_upload_refuses_bad_files_with_a_clear_code(app_settings: Settings, data: bytes,
                                                    name: str, status: int, code: str) -> None:
    key = _key(app_settings, "scanner", Role.UPLOADER)
    with TestClient(create_app(app_settings, start_worker=False)) as client:
        res = client.post("/api/v1/documents", headers={"Authorization": f"Bearer {key}"},
                          files=[("file", (name, data, "application/octet-stream"))])
        assert res.status_code == status
        assert res.json()["detail"]["code"] == code
        assert client.get("/healthz").status_code == 200  # the service stays up
    assert not list((app_settings.data_dir / "incoming").glob("*"))  # no spool left


def test_upload_needs_a_valid_key_of_a_role_that_may_upload(app_settings: Settings,
                                                            tmp_path: Path) -> None:
    viewer = _key(app_settings, "reader", Role.VIEWER)
    uploader = _key(app_settings, "old-scanner", Role.UPLOADER)
    with Database(app_settings.db_url).session() as s:
        revoke_key(s, "old-scanner")
    files = [("file", ("r.png", receipt(tmp_path / "r.png", 5).read_bytes(), "image/png"))]
    with TestClient(create_app(app_settings, start_worker=False)) as client:
        assert client.post("/api/v1/documents", files=files).status_code == 401
        for key, status in (("ymt_nonsense", 401), (uploader, 401), (viewer, 403)):
            res = client.post("/api/v1/documents", files=files,
                              headers={"Authorization": f"Bearer {key}"})
            assert res.status_code == status, key
            assert res.json()["detail"]["code"] in ("unauthenticated", "forbidden")



def test_a_key_records_its_last_use_without_writing_on_every_request(
        app_settings: Settings) -> None:
    """last_used_at is kept to the minute: an upload is not slowed by a second write."""
    from datetime import timedelta

    from models.apikeys import USE_RESOLUTION, check_key
    from models.tables import ApiKey, aware, utcnow

    key = _key(app_settings, "scanner-3F", Role.UPLOADER)
    db = Database(app_settings.db_url)

    def last_used():
        with db.session() as s:
            row = s.query(ApiKey).filter_by(name="scanner-3F").one()
            return aware(row.last_used_at) if row.last_used_at else None

    assert last_used() is None
    with db.session() as s:
        assert check_key(s, key).name == "scanner-3F"
    first = last_used()
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    with db.session() as s:
        check_key(s, key)
        assert not s.dirty  # nothing to write
    assert last_used() == first
    with db.session() as s:
        s.query(ApiKey).filter_by(name="scanner-3F").one().last_used_at = (
            first - USE_RESOLUTION - timedelta(seconds=1))
    with db.session() as s:
        check_key(s, key)
    assert last_used() > first - timedelta(seconds=1)


@pytest.mark.parametrize(("raw", "shown"), [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\x\\scan.pdf", "scan.pdf"),
    ("a\x00b\x1f.png", "ab.png"), ("", "upload"), ("..", "upload"),
    ("請求書😀.pdf", "請求書😀.pdf"),
    ("x" * 300 + ".pdf", "x" * 255),
])
def test_file_names_are_cleaned_for_display(raw: str, shown: str) -> None:
    from api.routes.upload import clean_name

    assert clean_name(raw) == shown


def test_hot_folder_moves_files_to_done_or_failed(sqlite_settings: Settings,
                                                  tmp_path: Path) -> None:
    upgrade(sqlite_settings.db_url)
    db = Database(sqlite_settings.db_url)
    jobs = InProcessQueue(Pipeline(sqlite_settings, db, InlineExecutor()))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    folder = HotFolder(inbox, Pipeline(sqlite_settings, db, None), jobs, stable_s=0.5)
    stop = threading.Event()
    runner = threading.Thread(target=folder.run, args=(stop,), daemon=True)
    runner.start()
    try:
        good = receipt(tmp_path / "scan.png", 980)
        partial = inbox / "scan.png.part"
        partial.write_bytes(good.read_bytes()[:100])  # a scanner still writing ...
        time.sleep(0.2)
        partial.write_bytes(good.read_bytes())
        partial.rename(inbox / "scan.png")  # ... then done
        (inbox / "notes.pdf").write_bytes(b"PK\x03\x04 not a pdf")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                (inbox / "done" / "scan.png").exists()
                and (inbox / "failed" / "notes.pdf.error.txt").exists() and jobs.idle()):
            time.sleep(0.2)
    finally:
        stop.set()
        runner.join(10)
        jobs.stop()
    assert (inbox / "done" / "scan.png").read_bytes() == good.read_bytes()
    assert (inbox / "failed" / "notes.pdf").exists()
    assert "unsupported_type" in (inbox / "failed" / "notes.pdf.error.txt").read_text()
    with db.session() as s:
        docs = s.query(Document).all()
        assert [d.original_filename for d in docs] == ["scan.png"]
        assert docs[0].status in ("validated", "needs_review")
