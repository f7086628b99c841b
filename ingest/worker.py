"""The in-process worker of the embedded default: one thread that processes document
ids from a queue. On start it picks up documents left unfinished (the database is the
source of truth, so nothing accepted is lost across restarts)."""

from __future__ import annotations

import logging
import queue
import threading

from sqlalchemy import select

from ingest.pipeline import Pipeline
from models.tables import Document, DocumentStatus

log = logging.getLogger(__name__)
UNFINISHED = (DocumentStatus.RECEIVED, DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


class InProcessWorker:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="yomitori-worker", daemon=True)

    def start(self) -> None:
        with self.pipeline.db.session() as s:
            pending = s.scalars(select(Document.id).where(Document.status.in_(UNFINISHED))
                                .order_by(Document.id)).all()
        for doc_id in pending:
            self._queue.put(doc_id)
        if pending:
            log.info("resuming %d unfinished documents", len(pending))
        self._thread.start()

    def submit(self, document_id: int) -> None:
        self._queue.put(document_id)

    def stop(self, timeout: float = 30.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (doc_id := self._queue.get()) is not None:
            try:
                self.pipeline.process(doc_id)
            except Exception:  # one bad document must not stop the worker
                log.exception("document %d: unexpected failure", doc_id)
                self.pipeline.fail_unexpected(doc_id)
