"""Faults the service must survive with nothing lost: the file store's disk fills up.
(Killed workers and a restarted Redis are in test_queue.py.)"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from core.settings import Settings
from ingest.store import FileStore
from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Document, Role
from tests import services
from tests.scans import receipt
from tests.test_queue import (FINAL, YOMITORI, completions, env, redis,  # noqa: F401
                              settings_of, start_worker, statuses, stop, submit, wait_until)

SETTLED = {"validated", "needs_review", "failed"}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 700 kB tmpfs: room for a few dozen small scans and little else."""
    mount = tmp_path / "disk"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(mount)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {run.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _settle(client: TestClient, ids: list[int], auth: dict, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        docs = {i: client.get(f"/api/v1/documents/{i}", headers=auth).json() for i in ids}
        if all(d["status"] in SETTLED for d in docs.values()):
            return docs
        time.sleep(0.5)
    raise TimeoutError(ids)


def test_a_full_disk_refuses_new_files_clearly_and_loses_none(small_disk: Path,
                                                              tmp_path: Path) -> None:
    settings = Settings(data_dir=small_disk / "var", ocr={"workers": 1},
                        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        auth = {"Authorization": f"Bearer {create_key(s, 'scanner', Role.UPLOADER)}"}
    accepted: dict[int, str] = {}
    refused = None
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for n in range(200):
            data = receipt(tmp_path / f"r{n}.png", 1000 + n).read_bytes()
            res = client.post("/api/v1/documents", headers=auth,
                              files=[("file", (f"r{n}.png", data, "image/png"))])
            if res.status_code == 202:
                accepted[res.json()["documents"][0]["id"]] = hashlib.sha256(data).hexdigest()
                continue
            refused = res
            break
        assert refused is not None and accepted, "the disk never filled"
        assert refused.status_code == 507
        assert refused.json()["detail"]["code"] == "disk_full"
        assert "空き容量" in refused.json()["detail"]["message"]
        assert client.get("/healthz").status_code == 200
        assert not list((settings.data_dir / "incoming").glob("*"))  # no half spool

        first = _settle(client, list(accepted), auth)
        failed = [i for i, d in first.items() if d["status"] == "failed"]
        for i in failed:  # visibly failed, with the reason, and retryable
            assert first[i]["error"]["code"] == "disk_full", first[i]
        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
        for i in failed:
            assert client.post(f"/api/v1/documents/{i}/retry", headers=auth).status_code == 202
        final = _settle(client, list(accepted), auth)
        assert all(d["status"] in ("validated", "needs_review") for d in final.values()), final
        for i in accepted:  # the page images the review screen shows were written too
            page = client.get(f"/documents/{i}/pages/1.png", headers=auth)
            assert page.status_code == 200 and page.content.startswith(b"\x89PNG"), i
    store = FileStore(settings.store_dir)
    with Database(settings.db_url).session() as s:
        stored = {d.id: d.sha256 for d in s.query(Document)}
    assert stored == accepted  # every accepted file has its row, and no other row exists
    for sha in accepted.values():
        assert store.problem(sha) is None  # and its original, byte for byte


def _serve(environ: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([YOMITORI, "serve", "--port", str(port)], env=environ,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)
    services.wait_port(port, 60)
    return proc


def test_the_api_killed_mid_batch_loses_nothing(env: dict, tmp_path: Path  # noqa: F811
                                                ) -> None:
    """A scanner sends 10 files; the API dies (SIGKILL) after the fourth answer; the
    scanner sends again what got no answer once the API is back. Each file ends as one
    document, processed once, by a worker on another process."""
    settings = settings_of(env)
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    with db.session() as s:
        auth = {"Authorization": f"Bearer {create_key(s, 'scanner', Role.UPLOADER)}"}
    scans = [receipt(tmp_path / f"r{i}.png", 300 + i).read_bytes() for i in range(10)]
    port = services.free_port()
    url = f"http://127.0.0.1:{port}/api/v1/documents"
    api = _serve(env, port, tmp_path / "api1.log")
    worker = start_worker(env, tmp_path / "w.log")
    answered: dict[int, int] = {}
    try:
        with httpx.Client(timeout=30) as http:
            for i, data in enumerate(scans):
                if i == 4:
                    api.send_signal(signal.SIGKILL)
                    api.wait(10)
                try:
                    res = http.post(url, headers=auth,
                                    files=[("file", (f"r{i}.png", data, "image/png"))])
                    answered[i] = res.json()["documents"][0]["id"]
                except httpx.TransportError:
                    continue  # no answer: the scanner keeps the file and sends it again
            assert len(answered) == 4
            api = _serve(env, port, tmp_path / "api2.log")
            for i, data in enumerate(scans):
                if i not in answered:
                    res = http.post(url, headers=auth,
                                    files=[("file", (f"r{i}.png", data, "image/png"))])
                    assert res.status_code == 202, res.text
                    answered[i] = res.json()["documents"][0]["id"]
        ids = sorted(set(answered.values()))
        assert len(ids) == len(scans)  # one document per file, no duplicates
        wait_until(lambda: all(s in FINAL for s in statuses(db, ids).values()), 300)
    finally:
        stop([api, worker])
    assert [completions(db, i) for i in ids] == [1] * len(ids)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == len(scans)


@pytest.fixture
def own_postgres() -> Iterator[services.PgCluster]:
    cluster = services.PgCluster()
    yield cluster
    cluster.close()


def test_postgres_restarted_under_load_loses_nothing(
        own_postgres: services.PgCluster, redis: services.RedisServer,  # noqa: F811
        tmp_path: Path) -> None:
    """Two workers are reading a batch when PostgreSQL goes down for three seconds and
    comes back: every document ends processed once (a job that lost its database is
    handed out again), none is lost or doubled."""
    url = services.create_database(own_postgres.url, "faults")
    environ = {**os.environ, "YOMITORI_DATABASE_URL": url, "YOMITORI_REDIS_URL": redis.url,
               "YOMITORI_DATA_DIR": str(tmp_path / "var"), "YOMITORI_QUEUE__LEASE_S": "6",
               "YOMITORI_QUEUE__RECONCILE_EVERY_S": "1", "YOMITORI_QUEUE__REQUEUE_GRACE_S": "2",
               "YOMITORI_OCR__WORKERS": "1", "YOMITORI_QUEUE__WORKER_PROCESSES": "1"}
    settings = settings_of(environ)
    ids = submit(settings, [receipt(tmp_path / f"r{i}.png", 500 + i) for i in range(8)])
    db = Database(settings.db_url)
    workers = [start_worker(environ, tmp_path / f"w{i}.log") for i in range(2)]
    try:
        wait_until(lambda: "processing" in statuses(db, ids).values(), 120)
        unfinished = [i for i, s in statuses(db, ids).items() if s not in FINAL]
        db.engine.dispose()
        own_postgres.stop("fast")  # every connection dies mid-transaction
        time.sleep(3)
        own_postgres.start()
        wait_until(lambda: all(s in FINAL for s in statuses(db, ids).values()), 300)
    finally:
        stop(workers)
    assert len(unfinished) >= 4  # the outage came in the middle of the batch
    assert [completions(db, i) for i in ids] == [1] * len(ids)


def _read_only(admin_url: str, name: str, on: bool) -> None:
    """Make a PostgreSQL database read-only (or writable again) for every connection."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = '
                          f'{"on" if on else "off"}'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    engine.dispose()


def test_a_briefly_read_only_database_refuses_clearly_and_loses_nothing(
        pg_admin_url: str, tmp_path: Path) -> None:
    name = f"ro{time.monotonic_ns()}"
    url = services.create_database(pg_admin_url, name)
    settings = Settings(data_dir=tmp_path / "var", database_url=url, ocr={"workers": 1})
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        auth = {"Authorization": f"Bearer {create_key(s, 'scanner', Role.UPLOADER)}"}
    scans = [receipt(tmp_path / f"r{i}.png", 700 + i).read_bytes() for i in range(6)]

    def send(client: TestClient, i: int):
        return client.post("/api/v1/documents", headers=auth,
                           files=[("file", (f"r{i}.png", scans[i], "image/png"))])

    accepted: dict[int, int] = {}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for i in range(3):
            accepted[i] = send(client, i).json()["documents"][0]["id"]
        _read_only(pg_admin_url, name, True)
        try:
            refused = [send(client, i) for i in range(3, 6)]
            assert client.get("/healthz").status_code == 200
        finally:
            _read_only(pg_admin_url, name, False)
        for res in refused:
            assert res.status_code == 503, res.text
            assert res.json()["detail"]["code"] == "database_unavailable"
            assert res.headers["retry-after"]
        for i in range(3, 6):  # the scanner sends them again
            res = send(client, i)
            assert res.status_code == 202, res.text
            accepted[i] = res.json()["documents"][0]["id"]
        ids = sorted(set(accepted.values()))
        assert len(ids) == 6
        final = _settle(client, ids, auth)
        assert all(d["status"] in FINAL for d in final.values()), final
    db = Database(settings.db_url)
    assert [completions(db, i) for i in ids] == [1] * len(ids)
    assert not list((settings.data_dir / "incoming").glob("*"))


class CrashingEngine:
    """A registered engine that dies on every second page: the seam a real engine plugs
    into, used here to inject the fault."""

    name = "crash-on-page-2"

    def __init__(self, settings) -> None:
        from ocr.engines import get_engine

        self.inner = get_engine("tesseract", settings)

    def recognize(self, image, *, page: int, dpi: int):
        if page == 2:
            raise RuntimeError("engine crashed")
        return self.inner.recognize(image, page=page, dpi=dpi)


def test_an_engine_crash_fails_that_document_alone(sqlite_settings: Settings,
                                                   tmp_path: Path) -> None:
    from ingest.executor import InlineExecutor
    from ingest.pipeline import Pipeline
    from ocr.engines import register_engine

    register_engine(CrashingEngine.name, CrashingEngine)
    settings = sqlite_settings.model_copy(update={
        "ocr": sqlite_settings.ocr.model_copy(update={"engine": CrashingEngine.name})})
    upgrade(settings.db_url)
    pipeline = Pipeline(settings, Database(settings.db_url), InlineExecutor())
    two_pages = pipeline.receive(receipt(tmp_path / "two.tiff", 901, pages=2)).document_id
    one_page = pipeline.receive(receipt(tmp_path / "one.png", 902)).document_id
    assert pipeline.process(two_pages) == "failed"
    assert pipeline.process(one_page) in FINAL  # the next document is read as usual
    with Database(settings.db_url).session() as s:
        failed = s.get_one(Document, two_pages)
        assert failed.error_code == "ocr_failed" and failed.error_message
