"""The hot folder: scanners drop files in a folder; each file, once completely
written, is stored, queued and moved to `done/`, or moved to `failed/` with a
`.error.txt` beside it. An original is never removed before it is stored."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from watchfiles import watch

from core.errors import YomitoriError
from core.settings import SplitMode
from ingest.pipeline import Pipeline
from ingest.queue import JobQueue

log = logging.getLogger(__name__)
DONE, FAILED = "done", "failed"


@dataclass
class HotFolder:
    folder: Path
    intake: Pipeline
    jobs: JobQueue
    stable_s: float = 2.0  # a file unchanged this long is taken as completely written
    split: SplitMode = SplitMode.NONE  # how multi-page scans are cut into documents
    _seen: dict[Path, tuple[int, float, float]] = field(default_factory=dict)

    def run(self, stop: threading.Event) -> None:
        for sub in (DONE, FAILED):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        self.scan()
        for _ in watch(self.folder, stop_event=stop, recursive=False, yield_on_timeout=True,
                       rust_timeout=500, debounce=200):
            self.scan()

    def scan(self) -> None:
        now = time.monotonic()
        for path in sorted(self.folder.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            size, mtime, since = self._seen.get(path, (-1, -1.0, now))
            if (stat.st_size, stat.st_mtime) != (size, mtime):
                self._seen[path] = (stat.st_size, stat.st_mtime, now)
            elif now - since >= self.stable_s:
                self._seen.pop(path, None)
                self.take(path)

    def take(self, path: Path) -> None:
        try:
            received = self.intake.receive(path, path.name, uploaded_by="hotfolder",
                                           split=self.split, queued_by="hotfolder")
        except YomitoriError as exc:
            log.warning("%s: %s", path.name, exc)
            target = _move(path, self.folder / FAILED)
            target.with_name(target.name + ".error.txt").write_text(
                f"{exc.code}\n{exc.message}\n", encoding="utf-8")
            return
        except Exception:  # the database may be away: leave the file, try again later
            log.exception("%s: could not be stored; it stays for the next attempt", path.name)
            return
        if received.created:
            self.jobs.enqueue(received.document_id)
        _move(path, self.folder / DONE)
        log.info("%s: document %d%s", path.name, received.document_id,
                 "" if received.created else " (already stored)")


def _move(path: Path, folder: Path) -> Path:
    """Move without overwriting: a second file of the same name gets a suffix."""
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), target)
    return target
