"""Uploads refused at intake are kept for inspection: the bytes as received and, beside
them, why they were refused. Only the newest `keep` are kept, so a client sending
garbage in a loop cannot fill the disk."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from core.errors import YomitoriError
from ingest.store import sha256_file

log = logging.getLogger(__name__)


def keep_rejected(path: Path, name: str, error: YomitoriError, folder: Path,
                  keep: int) -> Path | None:
    """Move `path` into `folder` with its reason; returns where it went (None when
    keeping is off or the disk refuses: the refusal itself is answered either way)."""
    if keep <= 0 or not path.is_file():
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{stamp}-{sha256_file(path)[:12]}-{name}"
        shutil.move(str(path), target)
        target.with_name(target.name + ".error.txt").write_text(
            f"{error.code}\n{error.message}\n", encoding="utf-8")
        _prune(folder, keep)
        log.info("refused upload %s kept as %s (%s)", name, target.name, error.code)
        return target
    except OSError:
        log.warning("could not keep the refused upload %s", name, exc_info=True)
        return None


def _prune(folder: Path, keep: int) -> None:
    kept = sorted(p for p in folder.iterdir() if not p.name.endswith(".error.txt"))
    for old in kept[:-keep]:
        old.unlink(missing_ok=True)
        old.with_name(old.name + ".error.txt").unlink(missing_ok=True)
