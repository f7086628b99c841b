"""Every hostile or broken input of tests/hostile.py, through each way in (the upload API,
the CLI, the hot folder), in one batch with a good scan: a clear error code for each bad
file, the good ones read, the service up, and every accepted original kept byte for
byte."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from ingest.executor import InlineExecutor
from ingest.hotfolder import HotFolder
from ingest.pipeline import Pipeline
from ingest.queue import InProcessQueue
from ingest.store import FileStore
from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Document, Role
from tests.hostile import CORPUS, write_corpus

READ = {"validated", "needs_review"}
YOMITORI = str(Path(sys.executable).parent / "yomitori")
EXPECTED = {item.name: item.codes for item in CORPUS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    scratch = tmp_path_factory.mktemp("scratch")
    return write_corpus(tmp_path_factory.mktemp("bad"), scratch)


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", ocr={"workers": 1})


def _settled(client: TestClient, url: str, auth: dict, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url, headers=auth).json()
        if body["status"] in READ | {"failed"}:
            return body
        time.sleep(0.3)
    raise TimeoutError(url)


def test_upload_api_answers_every_hostile_file(app_settings: Settings,
                                               corpus: dict[str, Path]) -> None:
    upgrade(app_settings.db_url)
    with Database(app_settings.db_url).session() as s:
        key = create_key(s, "scanner", Role.UPLOADER)
    auth = {"Authorization": f"Bearer {key}"}
    files = [("file", (name, path.read_bytes(), "application/octet-stream"))
             for name, path in corpus.items()]
    with TestClient(create_app(app_settings), raise_server_exceptions=False) as client:
        res = client.post("/api/v1/documents", files=files, headers=auth)
        assert res.status_code == 202, res.text
        answers = res.json()["documents"]
        assert len(answers) == len(CORPUS)
        refused: list[bytes] = []
        for item, answer in zip(CORPUS, answers, strict=True):
            if answer.get("id") is None:  # refused at intake, and kept for inspection
                assert answer["error"]["code"] in item.codes, (item.name, answer)
                assert answer["error"]["message"]
                refused.append(corpus[item.name].read_bytes())
                continue
            body = _settled(client, answer["status_url"], auth)
            if item.codes:
                assert body["status"] == "failed", (item.name, body)
                assert body["error"]["code"] in item.codes, (item.name, body)
            else:
                assert body["status"] in READ, (item.name, body)
            assert "/" not in answer["file"] and "\x00" not in answer["file"]
        assert client.get("/healthz").status_code == 200
    kept = sorted((app_settings.data_dir / "rejected").glob("*"))
    assert sorted(p.read_bytes() for p in kept if not p.name.endswith(".error.txt")) == \
        sorted(refused)
    reasons = [p.read_text(encoding="utf-8") for p in kept if p.name.endswith(".error.txt")]
    assert len(reasons) == len(refused) and all(r.split("\n")[0] for r in reasons)
    assert not list((app_settings.data_dir / "incoming").glob("*"))
    store = FileStore(app_settings.store_dir)
    with Database(app_settings.db_url).session() as s:
        for doc in s.query(Document):
            kept = store.original(doc.sha256).read_bytes()
            assert hashlib.sha256(kept).hexdigest() == doc.sha256


# runs a command and writes the peak RSS of it and its descendants to argv[1]
MEASURED = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
            "open(sys.argv[1], 'w').write(str(resource.getrusage("
            "resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(code)")


def test_cli_reports_each_bad_file_and_reads_the_rest(corpus: dict[str, Path],
                                                      tmp_path: Path) -> None:
    paths = list(corpus.values())
    peak = tmp_path / "peak-kb"
    run = subprocess.run([sys.executable, "-c", MEASURED, str(peak), YOMITORI, "extract",
                          "--workers", "2", *map(str, paths)],
                         capture_output=True, text=True, timeout=900,
                         env={"PATH": "/usr/bin:/bin", "YOMITORI_DATA_DIR": str(tmp_path)})
    assert run.returncode == 1  # some files failed: the Unix way to say so
    # memory stays bounded: the bomb and the giant page are refused or read small (the
    # largest process of this run, in kilobytes on Linux; measured in a process of its
    # own, as this test process's children include every earlier test's servers)
    assert int(peak.read_text()) < 1024 * 1024
    assert "Traceback" not in run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["file"] for line in lines] == list(map(str, paths))  # input order
    for item, line in zip(CORPUS, lines, strict=True):
        if item.codes:
            assert line["error"]["code"] in item.codes, (item.name, line)
        else:
            assert "error" not in line and line["pages"] >= 1, (item.name, line)


def test_hot_folder_sorts_every_hostile_file(sqlite_settings: Settings,
                                             corpus: dict[str, Path], tmp_path: Path) -> None:
    upgrade(sqlite_settings.db_url)
    db = Database(sqlite_settings.db_url)
    jobs = InProcessQueue(Pipeline(sqlite_settings, db, InlineExecutor()))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in corpus.values():
        (inbox / path.name).write_bytes(path.read_bytes())
    names = {path.name: name for name, path in corpus.items()}
    folder = HotFolder(inbox, Pipeline(sqlite_settings, db, None), jobs, stable_s=0.3)
    stop = threading.Event()
    runner = threading.Thread(target=folder.run, args=(stop,), daemon=True)
    runner.start()
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and (
                any(inbox.glob("*.*")) or not jobs.idle()):
            time.sleep(0.3)
    finally:
        stop.set()
        runner.join(10)
        jobs.stop()
    assert not [p for p in inbox.iterdir() if p.is_file()]  # nothing left behind
    failed = {p.name for p in (inbox / "failed").glob("*") if not p.name.endswith(".txt")}
    done = {p.name for p in (inbox / "done").glob("*")}
    with db.session() as s:
        status = {d.original_filename: d for d in s.query(Document)}
    for file, name in names.items():
        codes = EXPECTED[name]
        original = corpus[name].read_bytes()
        if file in failed:  # refused at intake, kept beside its reason
            reason = (inbox / "failed" / f"{file}.error.txt").read_text(encoding="utf-8")
            assert any(code in reason for code in codes), (name, reason)
            assert (inbox / "failed" / file).read_bytes() == original
        else:
            assert file in done, name
            assert (inbox / "done" / file).read_bytes() == original
            doc = status[file]
            if codes:
                assert doc.status == "failed" and doc.error_code in codes, (name, doc.status)
            else:
                assert doc.status in READ, (name, doc.status, doc.error_code)
