"""The hostile and broken inputs of the hardening work, made on demand (nothing binary is
committed): `python -m tests.hostile tests/data/bad` writes them to a folder.

Each entry says what yomitori must do with it: refuse it at intake with an error code,
accept it and fail it visibly with a code, or read it (odd but valid files)."""

from __future__ import annotations

import io
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter

from tests.scans import receipt


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name as the client sends it
    make: Callable[[Path], bytes]
    codes: frozenset[str]  # an acceptable error code; empty: the file must be read


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _pdf(pages: int = 1, size_pt: tuple[float, float] = (595, 842)) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(PageObject.create_blank_page(width=size_pt[0], height=size_pt[1]))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _encrypted(_: Path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _bomb(_: Path) -> bytes:
    """A 1-bit PNG of 40,000 x 40,000 pixels in a few hundred kilobytes: 1.6 G pixels once
    decoded. Written by hand so that making it costs no memory either."""
    width = height = 40_000
    row = b"\x00" + b"\xff" * (width // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    head = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def _tiff_frames(n: int) -> bytes:
    frames = [Image.new("L", (64, 48), 255) for _ in range(n)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def _mode(mode: str, fmt: str) -> Callable[[Path], bytes]:
    def make(tmp: Path) -> bytes:
        scan = Image.open(receipt(tmp / f"scan-{mode}.png", 4321)).convert("RGB")
        image = scan.convert("CMYK") if mode == "CMYK" else (
            scan.convert("I;16") if mode == "I;16" else scan.convert(mode))
        buf = io.BytesIO()
        image.save(buf, fmt)
        return buf.getvalue()
    return make


def _good(tmp: Path) -> bytes:
    return receipt(tmp / "good.png", 2750).read_bytes()


def _polyglot(tmp: Path) -> bytes:
    """A valid PNG with an HTML page and a ZIP header appended: read as the PNG it is,
    never served back as anything a browser would run."""
    return _good(tmp) + b"<html><script>alert(1)</script></html>PK\x03\x04" + b"\x00" * 64


CORPUS: list[Hostile] = [
    Hostile("empty.pdf", lambda _: b"", frozenset({"empty_file"})),
    Hostile("truncated.pdf", lambda _: _pdf()[:150], frozenset({"corrupt_file"})),
    Hostile("malformed.pdf", lambda _: b"%PDF-1.7\n" + b"\x13\x37garbage" * 500,
            frozenset({"corrupt_file"})),
    Hostile("encrypted.pdf", _encrypted, frozenset({"encrypted_pdf"})),
    Hostile("5000-pages.pdf", lambda _: _pdf(5000), frozenset({"too_many_pages"})),
    Hostile("giant-page.pdf", lambda _: _pdf(1, (14_400, 14_400)), frozenset()),
    Hostile("bomb.png", _bomb, frozenset({"image_too_large"})),
    Hostile("1000-frames.tiff", lambda _: _tiff_frames(1000), frozenset({"too_many_pages"})),
    Hostile("gray16.tiff", _mode("I;16", "TIFF"), frozenset()),
    Hostile("cmyk.jpg", _mode("CMYK", "JPEG"), frozenset()),
    Hostile("alpha.png", _mode("RGBA", "PNG"), frozenset()),
    Hostile("palette.png", _mode("P", "PNG"), frozenset()),
    Hostile("page.html.pdf", lambda _: b"<!doctype html><html><body>hi</body></html>",
            frozenset({"unsupported_type"})),
    Hostile("archive.zip.pdf", lambda _: b"PK\x03\x04" + b"\x00" * 200,
            frozenset({"unsupported_type"})),
    Hostile("polyglot.png", _polyglot, frozenset()),
    Hostile("../../etc/passwd.png", lambda t: _mode("L", "PNG")(t), frozenset()),
    Hostile("nul\x00byte.png", _mode("LA", "PNG"), frozenset()),
    Hostile("x" * 300 + ".png", _mode("1", "PNG"), frozenset()),
    Hostile("請求書😀.png", lambda t: _mode("RGB", "JPEG")(t), frozenset()),
]


def write_corpus(folder: Path, tmp: Path) -> dict[str, Path]:
    """The corpus as files (names made safe for a file system: the raw name is what a
    client sends, not what a disk can hold)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, item in enumerate(CORPUS):
        safe = "".join(c for c in item.name.replace("/", "_") if c.isprintable())[:120]
        path = folder / f"{i:02d}-{safe}"
        path.write_bytes(item.make(tmp))
        out[item.name] = path
    return out


if __name__ == "__main__":
    import tempfile

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/bad")
    with tempfile.TemporaryDirectory() as scratch:
        for path in write_corpus(target, Path(scratch)).values():
            print(f"{path.stat().st_size:>10,}  {path}")
