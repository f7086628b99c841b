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
