"""Refused uploads are kept with their reason, the newest few only."""

from __future__ import annotations

from pathlib import Path

from core.errors import ErrorCode, InputError
from ingest.quarantine import keep_rejected


def test_refused_files_are_kept_with_their_reason_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "rejected"
    for n in range(5):
        spool = tmp_path / f"upload-{n}"
        spool.write_bytes(f"<html>{n}</html>".encode())
        kept = keep_rejected(spool, f"scan{n}.pdf", InputError(ErrorCode.UNSUPPORTED_TYPE),
                             folder, keep=3)
        assert kept is not None and not spool.exists()
        reason = kept.with_name(kept.name + ".error.txt").read_text(encoding="utf-8")
        assert reason.startswith("unsupported_type\n") and "PDF" in reason
    files = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".txt"))
    assert [name.rsplit("-", 1)[1] for name in files] == ["scan2.pdf", "scan3.pdf",
                                                          "scan4.pdf"]
    assert len(list(folder.glob("*.error.txt"))) == 3


def test_keeping_can_be_turned_off(tmp_path: Path) -> None:
    spool = tmp_path / "upload"
    spool.write_bytes(b"x")
    assert keep_rejected(spool, "x.pdf", InputError(ErrorCode.EMPTY_FILE), tmp_path / "r",
                         keep=0) is None
    assert spool.exists() and not (tmp_path / "r").exists()
