"""The file store: original bytes kept immutably under their sha256."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from core.errors import ErrorCode, ProcessingError, disk_space

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def original(self, sha256: str) -> Path:
        return self.root / "originals" / sha256[:2] / sha256

    def checked(self, sha256: str) -> Path:
        """The original, after checking that its bytes still hash to `sha256`."""
        if problem := self.problem(sha256):
            raise ProcessingError(ErrorCode.STORE_DAMAGED, f"{sha256[:12]}: {problem}")
        return self.original(sha256)

    def problem(self, sha256: str) -> str | None:
        """What is wrong with a stored original: 'missing', 'altered', or None."""
        path = self.original(sha256)
        if not path.is_file():
            return "missing"
        return None if sha256_file(path) == sha256 else "altered"

    def page_dir(self, sha256: str) -> Path:
        return self.root / "pages" / sha256[:2] / sha256

    def put(self, src: Path) -> str:
        """Copy `src` in (write to a temporary file, fsync, rename) and return its sha256.
        Storing the same content twice keeps the first copy."""
        sha = sha256_file(src)
        dest = self.original(sha)
        if dest.exists():
            return sha
        with disk_space("originals"):
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
                    shutil.copyfileobj(inp, out, CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(tmp, 0o444)
                os.replace(tmp, dest)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return sha
