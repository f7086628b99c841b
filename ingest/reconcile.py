"""The database is the source of truth: documents whose job was lost (a worker killed,
Redis restarted) are found here and queued again."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import select

from core.settings import QueueSettings
from ingest.queue import JobQueue
from models.db import Database
from models.lifecycle import transition
from models.tables import Document, DocumentStatus, utcnow

log = logging.getLogger(__name__)
ACTOR = "reconciler"
WAITING = (DocumentStatus.RECEIVED, DocumentStatus.QUEUED)


def reconcile(db: Database, jobs: JobQueue, cfg: QueueSettings) -> list[int]:
    """Queue again what should be queued; returns the ids handed out."""
    now = utcnow()
    handed: list[int] = []
    with db.session() as s:
        dead = s.scalars(select(Document).where(
            Document.status == DocumentStatus.PROCESSING, Document.lease_until < now)).all()
        for doc in dead:
            log.warning("document %d: lease of %s expired; queued again", doc.id,
                        doc.lease_owner)
            transition(s, doc, DocumentStatus.QUEUED, ACTOR, f"lease of {doc.lease_owner} expired")
            doc.lease_owner = doc.lease_until = None
            handed.append(doc.id)
        cutoff = now - timedelta(seconds=cfg.requeue_grace_s)
        waiting = s.scalars(select(Document.id).where(
            Document.status.in_(WAITING), Document.received_at < cutoff)).all()
    for doc_id in handed:
        jobs.enqueue(doc_id, replace=True)  # its old job died with the worker
    for doc_id in waiting:
        if doc_id not in handed and not jobs.active(doc_id):
            jobs.enqueue(doc_id)
            handed.append(doc_id)
    return handed


class Reconciler:
    """Runs `reconcile` every few seconds in a background thread."""

    def __init__(self, db: Database, jobs: JobQueue, cfg: QueueSettings) -> None:
        self.db, self.jobs, self.cfg = db, jobs, cfg
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="reconciler")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.wait(self.cfg.reconcile_every_s):
            try:
                reconcile(self.db, self.jobs, self.cfg)
            except Exception:  # the database or Redis may be briefly away
                log.exception("reconcile failed; trying again later")
