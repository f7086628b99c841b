"""The file store checks what it hands out: an original whose bytes no longer hash to the
recorded sha256, or that is gone, is reported (`yomitori verify`) and never served."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ErrorCode, YomitoriError
from core.settings import Settings
from ingest.pipeline import Pipeline
from ingest.store import FileStore
from models.db import Database, upgrade
from models.lifecycle import transition
from models.tables import Document, DocumentStatus
from tests.scans import receipt

YOMITORI = str(Path(sys.executable).parent / "yomitori")


def _verify(settings: Settings) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "YOMITORI_DATA_DIR": str(settings.data_dir),
           "YOMITORI_DATABASE_URL": settings.db_url}
    return subprocess.run([YOMITORI, "verify", "--json"], capture_output=True, text=True,
                          env=env, timeout=120)


def test_verify_reports_altered_and_missing_originals(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    upgrade(settings.db_url)
    pipeline = Pipeline(settings, Database(settings.db_url), None)
    ids = [pipeline.receive(receipt(tmp_path / f"r{n}.png", n), f"r{n}.png").document_id
           for n in (100, 200, 300)]
    ok = _verify(settings)
    assert ok.returncode == 0 and ok.stdout == "", ok.stderr
    assert "3 originals of 3 documents" in ok.stderr

    store = FileStore(settings.store_dir)
    with Database(settings.db_url).session() as s:
        shas = [s.get_one(Document, i).sha256 for i in ids]
    altered = store.original(shas[0])
    os.chmod(altered, 0o644)
    altered.write_bytes(altered.read_bytes()[:-1] + b"\x00")
    store.original(shas[2]).unlink()

    bad = _verify(settings)
    assert bad.returncode == 1
    problems = {row["id"]: row["problem"] for row in map(json.loads, bad.stdout.splitlines())}
    assert problems == {ids[0]: "altered", ids[2]: "missing"}
    assert "Traceback" not in bad.stderr
    for sha in (shas[0], shas[2]):
        with pytest.raises(YomitoriError) as info:
            store.checked(sha)
        assert info.value.code == ErrorCode.STORE_DAMAGED
    assert store.checked(shas[1]) == store.original(shas[1])
    with Database(settings.db_url).session() as s:  # processing refuses it visibly
        transition(s, s.get_one(Document, ids[0]), DocumentStatus.QUEUED, "test")
    assert pipeline.process(ids[0]) == "failed"
    with Database(settings.db_url).session() as s:
        assert s.get_one(Document, ids[0]).error_code == "store_damaged"
