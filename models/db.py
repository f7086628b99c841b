"""Engines, sessions and migrations."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# the API answers from a pool of 40 threads; each holds at most one connection at a time
POOL_SIZE, MAX_OVERFLOW = 10, 30
SQLITE_BUSY_S = 30
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_write_locks: dict[str, threading.Lock] = {}  # one per SQLite file in this process


class QueuedWriter(sqlite3.Connection):
    """SQLite lets one writer in at a time. A connection that finds the file locked sleeps
    in SQLite's busy handler, up to 100 ms at a time, so under many writers some waited
    seconds while others went first (bench/load: p99 4.4 s at 50 clients). The writers
    of one process queue on a lock instead, taken at a transaction's first write and
    handed on the moment it commits or rolls back; other processes still meet SQLite's
    busy handler."""

    write_lock: threading.Lock
    holds = False

    def take(self) -> None:
        if not self.holds:
            if not self.write_lock.acquire(timeout=SQLITE_BUSY_S):
                raise sqlite3.OperationalError("database is locked")
            self.holds = True

    def _hand_on(self) -> None:
        if self.holds:
            self.holds = False
            self.write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._hand_on()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._hand_on()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._hand_on()


def _queued_writer(path: str) -> type[QueuedWriter]:
    lock = _write_locks.setdefault(str(Path(path).resolve()), threading.Lock())
    return type("QueuedWriter", (QueuedWriter,), {"write_lock": lock})


def _take_write_lock(conn, cursor, statement: str, *_args) -> None:
    dbapi = conn.connection.dbapi_connection
    if isinstance(dbapi, QueuedWriter) and statement.lstrip()[:7].upper().startswith(WRITES):
        dbapi.take()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict = {"check_same_thread": False, "timeout": SQLITE_BUSY_S}
        if path and path != ":memory:":
            connect_args["factory"] = _queued_writer(path)
        engine = create_engine(url, connect_args=connect_args,
                               pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _take_write_lock)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                         max_overflow=MAX_OVERFLOW)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_S * 1000}")
    cursor.close()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "heads") -> None:
    """Apply the migrations; safe to call at every start."""
    make_engine(url).dispose()  # creates the SQLite folder
    logging.getLogger("alembic").setLevel(logging.WARNING)
    command.upgrade(alembic_config(url), revision)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
