"""SQLite's writers of one process queue on a lock (models.db.QueuedWriter) instead of
sleeping in SQLite's busy handler: every write goes through, the lock is handed on at
commit and at rollback, and reads never wait for it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models.db import Database, QueuedWriter, upgrade
from models.tables import ApiKey


def _lock(db: Database) -> threading.Lock:
    with db.engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert isinstance(dbapi, QueuedWriter)
        return dbapi.write_lock


@pytest.fixture
def db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(url)
    return Database(url)


def test_many_threads_write_at_once_and_each_write_lands(db: Database) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(16)

    def write(n: int) -> None:
        start.wait()
        try:
            for k in range(10):
                with db.session() as s:
                    s.add(ApiKey(name=f"k{n}-{k}", role="viewer", prefix=f"p{n}-{k}",
                                 key_hash=f"{n}-{k}"))
        except BaseException as exc:  # collected: the assertion names it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ApiKey)) == 160
    assert not _lock(db).locked()


def test_a_failed_write_hands_the_lock_on(db: Database) -> None:
    with db.session() as s:
        s.add(ApiKey(name="same", role="viewer", prefix="p1", key_hash="h1"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(ApiKey(name="same", role="viewer", prefix="p2", key_hash="h2"))
    assert not _lock(db).locked()
    with db.session() as s:  # the next writer is not kept waiting
        s.add(ApiKey(name="other", role="viewer", prefix="p3", key_hash="h3"))


def test_a_reader_does_not_wait_for_a_writer(db: Database) -> None:
    lock = _lock(db)
    with db.session() as writer:
        writer.add(ApiKey(name="w", role="viewer", prefix="pw", key_hash="hw"))
        writer.flush()  # the write is sent: the lock is held until commit
        assert lock.locked()
        done = threading.Event()

        def read() -> None:
            with db.session() as s:
                s.scalar(select(func.count()).select_from(ApiKey))
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert done.wait(5), "a read waited for the writer's lock"
        reader.join()
    assert not lock.locked()
