"""Scale-out: real redis-server, real `yomitori worker` processes, PostgreSQL. A worker
killed with SIGKILL mid-job and a Redis restart lose nothing and process nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.settings import Settings
from ingest.pipeline import Pipeline
from ingest.queue import RqQueue
from models.db import Database, upgrade
from models.lifecycle import transition
from models.tables import Document, DocumentStatus, StatusEvent
from tests import services
from tests.scans import receipt

YOMITORI = str(Path(sys.executable).parent / "yomitori")
FINAL = ("validated", "needs_review")


@pytest.fixture
def redis() -> Iterator[services.RedisServer]:
    server = services.RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def env(tmp_path: Path, pg_admin_url: str, redis: services.RedisServer) -> dict[str, str]:
    url = services.create_database(pg_admin_url, f"q{os.getpid()}{time.monotonic_ns()}")
    return {**os.environ, "YOMITORI_DATABASE_URL": url, "YOMITORI_REDIS_URL": redis.url,
            "YOMITORI_DATA_DIR": str(tmp_path / "var"), "YOMITORI_QUEUE__LEASE_S": "6",
            "YOMITORI_QUEUE__RECONCILE_EVERY_S": "1", "YOMITORI_QUEUE__REQUEUE_GRACE_S": "2",
            "YOMITORI_OCR__WORKERS": "1", "YOMITORI_QUEUE__WORKER_PROCESSES": "1"}


def settings_of(env: dict[str, str]) -> Settings:
    return Settings(data_dir=Path(env["YOMITORI_DATA_DIR"]),
                    database_url=env["YOMITORI_DATABASE_URL"], redis_url=env["YOMITORI_REDIS_URL"])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([YOMITORI, "worker"], env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def submit(settings: Settings, paths: list[Path]) -> list[int]:
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    intake = Pipeline(settings, db, None)
    jobs = RqQueue(settings.redis_url, 600)
    ids = []
    for path in paths:
        doc_id = intake.receive(path).document_id
        with db.session() as s:
            transition(s, s.get_one(Document, doc_id), DocumentStatus.QUEUED, "test")
        jobs.enqueue(doc_id)
        ids.append(doc_id)
    return ids


def wait_until(check, timeout: float, workers: list[subprocess.Popen] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise TimeoutError("condition not met in time")


def statuses(db: Database, ids: list[int]) -> dict[int, str]:
    with db.session() as s:
        return dict(s.execute(select(Document.id, Document.status)
                              .where(Document.id.in_(ids))).all())


def completions(db: Database, doc_id: int) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(StatusEvent).where(
            StatusEvent.document_id == doc_id, StatusEvent.to_status.in_(FINAL))) or 0


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def test_two_workers_drain_the_queue_exactly_once(env: dict, tmp_path: Path) -> None:
    settings = settings_of(env)
    ids = submit(settings, [receipt(tmp_path / f"r{i}.png", 100 + i) for i in range(4)])
    workers = [start_worker(env, tmp_path / f"w{i}.log") for i in range(2)]
    db = Database(settings.db_url)
    try:
        wait_until(lambda: all(s in FINAL for s in statuses(db, ids).values()), 240)
    finally:
        stop(workers)
    assert [completions(db, i) for i in ids] == [1] * len(ids)


def test_a_worker_killed_mid_job_loses_nothing(env: dict, tmp_path: Path) -> None:
    settings = settings_of(env)
    [doc_id] = submit(settings, [receipt(tmp_path / "long.tiff", 777, pages=6)])
    db = Database(settings.db_url)
    first = start_worker(env, tmp_path / "w1.log")
    wait_until(lambda: statuses(db, [doc_id])[doc_id] == "processing", 120)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert statuses(db, [doc_id])[doc_id] == "processing"  # the job died with it
    second = start_worker(env, tmp_path / "w2.log")
    try:
        wait_until(lambda: statuses(db, [doc_id])[doc_id] in FINAL, 240)
    finally:
        stop([second])
    assert completions(db, doc_id) == 1
    with db.session() as s:
        events = s.scalars(select(StatusEvent.actor).where(
            StatusEvent.document_id == doc_id, StatusEvent.to_status == "queued")).all()
        assert "reconciler" in events  # handed out again after the lease expired


def test_redis_restart_under_load_loses_nothing(env: dict, tmp_path: Path,
                                                redis: services.RedisServer) -> None:
    settings = settings_of(env)
    ids = submit(settings, [receipt(tmp_path / f"r{i}.png", 200 + i) for i in range(5)])
    db = Database(settings.db_url)
    worker = start_worker(env, tmp_path / "w.log")
    workers = [worker]
    try:
        wait_until(lambda: any(s in FINAL for s in statuses(db, ids).values()), 180)
        redis.stop()  # every queued job is gone with it (no persistence)
        time.sleep(1)
        redis.start()

        def restarted_and_done() -> bool:
            if workers[-1].poll() is not None:  # as a supervisor would restart it
                workers.append(start_worker(env, tmp_path / f"w{len(workers)}.log"))
            return all(s in FINAL for s in statuses(db, ids).values())
        wait_until(restarted_and_done, 300)
    finally:
        stop(workers)
    assert [completions(db, i) for i in ids] == [1] * len(ids)
