"""The same bytes uploaded by several clients at the same moment become one document:
every caller gets its id, none gets an error (found by bench/load: two clients sending
one scan at once got a 500 from the unique index)."""

from __future__ import annotations

import threading
from pathlib import Path

from core.settings import Settings
from ingest.pipeline import Pipeline
from models.db import Database, upgrade
from models.tables import Document
from tests.scans import receipt


def test_simultaneous_uploads_of_one_scan_make_one_document(settings: Settings,
                                                            tmp_path: Path) -> None:
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    scan = receipt(tmp_path / "r.png", 4100)
    start = threading.Barrier(8)
    answers: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def send(n: int) -> None:
        copy = tmp_path / f"copy{n}.png"
        copy.write_bytes(scan.read_bytes())
        pipeline = Pipeline(settings, db, None)
        start.wait()
        try:
            got = pipeline.receive(copy, f"scan{n}.png")
            answers.append((got.document_id, got.created))
        except BaseException as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len({doc_id for doc_id, _ in answers}) == 1 and len(answers) == 8
    assert sum(created for _, created in answers) == 1
    with db.session() as s:
        assert s.query(Document).count() == 1


def test_forty_clients_at_once_all_get_an_answer(tmp_path: Path) -> None:
    """More simultaneous uploads than database connections: each request holds at most
    one at a time, so none waits for the pool (found by bench/load: with the caller's
    key check holding a connection for the whole request, 50 clients starved the pool
    and every upload timed out after 30 s)."""
    import asyncio
    import os
    import signal
    import subprocess
    import sys

    import httpx

    from models.apikeys import create_key
    from models.tables import Role
    from tests.services import free_port, wait_port

    settings = Settings(data_dir=tmp_path / "var")
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        auth = {"Authorization": f"Bearer {create_key(s, 'scanner', Role.UPLOADER)}"}
    scans = [receipt(tmp_path / f"r{i}.png", 5000 + i).read_bytes() for i in range(4)]
    port = free_port()
    env = {**os.environ, "YOMITORI_DATA_DIR": str(settings.data_dir),
           "YOMITORI_OCR__WORKERS": "1"}
    yomitori = str(Path(sys.executable).parent / "yomitori")
    server = subprocess.Popen([yomitori, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, 60)

        async def one(http: httpx.AsyncClient, n: int) -> int:
            res = await http.post(f"http://127.0.0.1:{port}/api/v1/documents", headers=auth,
                                  files=[("file", (f"s{n}.png", scans[n % 4], "image/png"))])
            return res.status_code

        async def all_at_once() -> list[int]:
            async with httpx.AsyncClient(timeout=20) as http:
                return await asyncio.gather(*(one(http, n) for n in range(40)))

        assert asyncio.run(all_at_once()) == [202] * 40
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    with Database(settings.db_url).session() as s:
        assert s.query(Document).count() == 4


def test_two_api_processes_on_one_port_take_uploads_and_process_each_once(
        tmp_path: Path) -> None:
    """`yomitori serve --workers 2`: both processes answer on the one port; each upload
    is queued in the same transaction that stores it and processed exactly once."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx
    from sqlalchemy import func, select

    from models.apikeys import create_key
    from models.tables import Role, StatusEvent
    from tests.services import free_port, wait_port

    settings = Settings(data_dir=tmp_path / "var")
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        auth = {"Authorization": f"Bearer {create_key(s, 'scanner', Role.UPLOADER)}"}
    port = free_port()
    env = {**os.environ, "YOMITORI_DATA_DIR": str(settings.data_dir),
           "YOMITORI_OCR__WORKERS": "1"}
    env.pop("YOMITORI_REDIS_URL", None)
    yomitori = str(Path(sys.executable).parent / "yomitori")
    server = subprocess.Popen([yomitori, "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, 60)
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                  text=True).stdout.split()
        assert len(children) >= 2
        ids = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=auth,
                          timeout=30) as http:
            for n in range(4):
                scan = receipt(tmp_path / f"p{n}.png", 6100 + n).read_bytes()
                res = http.post("/api/v1/documents",
                                files=[("file", (f"p{n}.png", scan, "image/png"))])
                assert res.status_code == 202, res.text
                doc = res.json()["documents"][0]
                assert doc["status"] == "queued" and not doc["duplicate"]
                ids.append(doc["id"])
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                states = {http.get(f"/api/v1/documents/{i}").json()["status"] for i in ids}
                if states <= {"validated", "needs_review"}:
                    break
                time.sleep(1)
            assert states <= {"validated", "needs_review"}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)
    with Database(settings.db_url).session() as s:
        done = dict(s.execute(select(StatusEvent.document_id, func.count()).where(
            StatusEvent.to_status.in_(("validated", "needs_review"))).group_by(
            StatusEvent.document_id)).all())
        queued = dict(s.execute(select(StatusEvent.document_id, func.count()).where(
            StatusEvent.from_status == "received", StatusEvent.to_status == "queued"
        ).group_by(StatusEvent.document_id)).all())
    assert done == {i: 1 for i in ids}
    assert queued == {i: 1 for i in ids}


def test_the_api_opens_its_connections_before_the_first_request(settings: Settings) -> None:
    """A scanner's first burst finds the pool full (found by bench/load: 50 clients
    starting together waited up to 2 s while the connections were opened), and the
    garbage collector's full passes skip what start-up made (~115 ms a pass before)."""
    import gc

    from fastapi.testclient import TestClient

    from api.app import create_app
    from models.db import POOL_SIZE

    upgrade(settings.db_url)
    app = create_app(settings, start_worker=False)
    with TestClient(app):
        assert app.state.db.engine.pool.checkedin() == POOL_SIZE
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0  # collectable again once the app stops


def test_an_upload_is_queued_with_its_event_in_one_write(settings: Settings,
                                                         tmp_path: Path) -> None:
    """The row is written queued, with the received -> queued event beside it; the same
    content again finds it without an error or a second row."""
    from sqlalchemy import select

    from models.tables import StatusEvent

    upgrade(settings.db_url)
    db = Database(settings.db_url)
    pipeline = Pipeline(settings, db, None)
    scan = receipt(tmp_path / "q.png", 4200)
    first = pipeline.receive(scan, "q.png", uploaded_by="scanner", queued_by="upload:scanner")
    again = pipeline.receive(scan, "again.png", queued_by="upload:other")
    assert first.created and not again.created and again.document_id == first.document_id
    with db.session() as s:
        doc = s.get_one(Document, first.document_id)
        assert (doc.status, doc.original_filename, doc.uploaded_by) == (
            "queued", "q.png", "scanner")
        events = s.execute(select(StatusEvent.from_status, StatusEvent.to_status,
                                  StatusEvent.actor)).all()
        assert [tuple(e) for e in events] == [("received", "queued", "upload:scanner")]
        assert doc.received_at is not None and doc.sort_date is not None
