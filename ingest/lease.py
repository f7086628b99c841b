"""Leases on documents being processed: the holder renews it; an expired lease means
the holder died, and the reconciler hands the document out again."""

from __future__ import annotations

import os
import socket
import threading
from datetime import timedelta

from sqlalchemy import update

from models.db import Database
from models.tables import Document, utcnow

def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


class Lease:
    """Renews a document's lease in a background thread while the work runs."""

    def __init__(self, db: Database, document_id: int, holder: str, seconds: float) -> None:
        self.db, self.document_id, self.holder, self.seconds = db, document_id, holder, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="lease")

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            with self.db.session() as s:
                s.execute(update(Document)
                          .where(Document.id == self.document_id,
                                 Document.lease_owner == self.holder)
                          .values(lease_until=utcnow() + timedelta(seconds=self.seconds)))
