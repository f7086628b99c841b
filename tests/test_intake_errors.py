"""Broken and hostile files get a clear error code, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from core.errors import ErrorCode, YomitoriError
from core.settings import Settings
from ingest.pages import count_pages, render_page
from ingest.sniff import Mime, sniff_path


def _pdf_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buf, "PDF", resolution=100)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _read(path: Path, settings: Settings) -> None:
    mime = sniff_path(path)
    n = count_pages(path, mime, settings.limits)
    for i in range(1, n + 1):
        render_page(path, mime, i, 100, settings.limits)


CASES: dict[str, tuple[bytes, ErrorCode]] = {
    "empty.pdf": (b"", ErrorCode.EMPTY_FILE),
    "page.html.pdf": (b"<!doctype html><html><body>hi</body></html>", ErrorCode.UNSUPPORTED_TYPE),
    "archive.zip.pdf": (b"PK\x03\x04" + b"\x00" * 100, ErrorCode.UNSUPPORTED_TYPE),
    "truncated.pdf": (_pdf_bytes()[:200], ErrorCode.CORRUPT_FILE),
    "locked.pdf": (_encrypted_pdf(), ErrorCode.ENCRYPTED_PDF),
    "truncated.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, ErrorCode.CORRUPT_FILE),
    "garbage.jpg": (b"\xff\xd8\xff\xe0" + b"\x13" * 500, ErrorCode.CORRUPT_FILE),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_gets_a_clear_code(name: str, tmp_path: Path,
                                       sqlite_settings: Settings) -> None:
    data, code = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(YomitoriError) as info:
        _read(path, sqlite_settings)
    assert info.value.code == code
    assert info.value.message_ja and info.value.message_en


def test_extension_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    Image.new("L", (10, 10), 255).save(path, "PNG")
    assert sniff_path(path) is Mime.PNG


def test_image_over_the_pixel_limit(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, limits={"max_page_pixels": 500 * 500})
    path = tmp_path / "big.png"
    Image.new("1", (2000, 2000), 1).save(path)
    with pytest.raises(YomitoriError) as info:
        _read(path, settings)
    assert info.value.code == ErrorCode.IMAGE_TOO_LARGE


def test_pdf_page_over_the_pixel_limit_is_rendered_at_a_lower_dpi(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, limits={"max_page_pixels": 300 * 300})
    path = tmp_path / "a4.pdf"
    path.write_bytes(_pdf_bytes())  # 4 x 3 inches
    gray, dpi = render_page(path, Mime.PDF, 1, 300, settings.limits)
    assert dpi < 300
    assert gray.shape[0] * gray.shape[1] <= 300 * 300


@pytest.mark.parametrize("mode", ["I;16", "CMYK", "RGBA", "P", "LA", "1"])
def test_unusual_image_modes_become_8_bit_gray(mode: str, tmp_path: Path,
                                               sqlite_settings: Settings) -> None:
    path = tmp_path / f"mode.{'tiff' if mode in ('I;16', 'CMYK') else 'png'}"
    Image.new(mode, (64, 32)).save(path)
    gray, _ = render_page(path, sniff_path(path), 1, 200, sqlite_settings.limits)
    assert gray.dtype.name == "uint8" and gray.shape == (32, 64)


def test_multi_page_tiff_counts_every_frame(tmp_path: Path, sqlite_settings: Settings) -> None:
    path = tmp_path / "three.tiff"
    frames = [Image.new("L", (50, 40), v) for v in (0, 128, 255)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert count_pages(path, Mime.TIFF, sqlite_settings.limits) == 3
    gray, _ = render_page(path, Mime.TIFF, 3, 200, sqlite_settings.limits)
    assert gray.mean() == 255


def test_too_many_pages(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, limits={"max_pages": 2})
    path = tmp_path / "three.tiff"
    frames = [Image.new("L", (50, 40), v) for v in (0, 128, 255)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with pytest.raises(YomitoriError) as info:
        count_pages(path, Mime.TIFF, settings.limits)
    assert info.value.code == ErrorCode.TOO_MANY_PAGES
