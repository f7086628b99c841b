"""The real type of a file, from its magic bytes; the extension is never trusted."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from core.errors import ErrorCode, InputError


class Mime(StrEnum):
    PDF = "application/pdf"
    TIFF = "image/tiff"
    JPEG = "image/jpeg"
    PNG = "image/png"


# PDF readers accept the header anywhere in the first kilobyte.
MAGIC: dict[Mime, Callable[[bytes], bool]] = {
    Mime.PDF: lambda head: b"%PDF-" in head[:1024],
    Mime.TIFF: lambda head: head[:4] in (b"II*\x00", b"MM\x00*"),
    Mime.JPEG: lambda head: head[:3] == b"\xff\xd8\xff",
    Mime.PNG: lambda head: head[:8] == b"\x89PNG\r\n\x1a\n",
}


def sniff_bytes(head: bytes) -> Mime:
    if not head:
        raise InputError(ErrorCode.EMPTY_FILE)
    for mime, matches in MAGIC.items():
        if matches(head):
            return mime
    raise InputError(ErrorCode.UNSUPPORTED_TYPE)


def sniff_path(path: Path) -> Mime:
    try:
        with path.open("rb") as fh:
            return sniff_bytes(fh.read(1024))
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise InputError(ErrorCode.NOT_FOUND, path.name) from exc
