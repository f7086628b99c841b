"""Files -> page images, one page at a time (a PDF is never rendered whole)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pdf2image
from pdf2image import exceptions as pdf_errors
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ErrorCode, InputError, ProcessingError
from core.settings import LimitSettings
from ingest.sniff import Mime

log = logging.getLogger(__name__)
DEFAULT_IMAGE_DPI = 200  # assumed when a scan does not say


def count_pages(path: Path, mime: Mime, limits: LimitSettings) -> int:
    counter = PAGE_COUNTERS[mime]
    n = counter(path, limits)
    if n < 1:
        raise InputError(ErrorCode.CORRUPT_FILE, "no pages")
    if n > limits.max_pages:
        raise InputError(ErrorCode.TOO_MANY_PAGES, f"{n} > {limits.max_pages}")
    return n


def render_page(path: Path, mime: Mime, number: int, dpi: int, limits: LimitSettings
                ) -> tuple[np.ndarray, int]:
    """Page `number` (1-based) as an 8-bit grayscale array, and its dpi."""
    image, page_dpi = PAGE_RENDERERS[mime](path, number, dpi, limits)
    return to_gray(image), page_dpi


def to_gray(image: Image.Image) -> np.ndarray:
    """Any mode (16-bit, CMYK, alpha, palette) to 8-bit gray on a white background."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return (arr * (255.0 / top)).clip(0, 255).astype(np.uint8)
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return np.asarray(image.convert("L"), dtype=np.uint8)


# --- PDF --------------------------------------------------------------------

def _pdf_info(path: Path, limits: LimitSettings) -> dict:
    try:
        return pdf2image.pdfinfo_from_path(str(path), timeout=limits.rasterize_timeout_s)
    except pdf_errors.PDFPageCountError as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise InputError(ErrorCode.ENCRYPTED_PDF) from exc
        raise InputError(ErrorCode.CORRUPT_FILE, "pdf") from exc
    except pdf_errors.PDFPopplerTimeoutError as exc:
        raise ProcessingError(ErrorCode.RASTERIZE_TIMEOUT, "pdfinfo") from exc


def _count_pdf(path: Path, limits: LimitSettings) -> int:
    info = _pdf_info(path, limits)
    return int(info.get("Pages", 0))


def _render_pdf(path: Path, number: int, dpi: int, limits: LimitSettings
                ) -> tuple[Image.Image, int]:
    dpi = _safe_dpi(path, dpi, limits)
    try:
        images = pdf2image.convert_from_path(
            str(path), dpi=dpi, first_page=number, last_page=number, grayscale=True,
            timeout=limits.rasterize_timeout_s,
        )
    except pdf_errors.PDFPopplerTimeoutError as exc:
        raise ProcessingError(ErrorCode.RASTERIZE_TIMEOUT, f"page {number}") from exc
    except (pdf_errors.PDFPageCountError, pdf_errors.PDFSyntaxError) as exc:
        raise InputError(ErrorCode.CORRUPT_FILE, f"page {number}") from exc
    if not images:
        raise InputError(ErrorCode.CORRUPT_FILE, f"page {number} rendered nothing")
    return images[0], dpi


def _safe_dpi(path: Path, dpi: int, limits: LimitSettings) -> int:
    """Lower the dpi of a page whose size would exceed the pixel limit."""
    info = _pdf_info(path, limits)
    try:
        w_pt, h_pt = (float(v) for v in str(info.get("Page size", "")).split()[0:3:2])
    except ValueError:
        return dpi
    pixels = (w_pt / 72 * dpi) * (h_pt / 72 * dpi)
    if pixels <= limits.max_page_pixels:
        return dpi
    scaled = int(dpi * (limits.max_page_pixels / pixels) ** 0.5)
    if scaled < 50:
        raise InputError(ErrorCode.IMAGE_TOO_LARGE, f"page of {w_pt:.0f}x{h_pt:.0f} pt")
    log.info("page of %s at %d dpi would exceed the pixel limit; using %d dpi",
             path.name, dpi, scaled)
    return scaled


# --- images -----------------------------------------------------------------

def _open_image(path: Path, limits: LimitSettings) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise InputError(ErrorCode.IMAGE_TOO_LARGE) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(ErrorCode.CORRUPT_FILE, "image") from exc


def _count_image(path: Path, limits: LimitSettings) -> int:
    with _open_image(path, limits) as im:
        return int(getattr(im, "n_frames", 1))


def _render_image(path: Path, number: int, dpi: int, limits: LimitSettings
                  ) -> tuple[Image.Image, int]:
    im = _open_image(path, limits)
    try:
        im.seek(number - 1)
        if im.width * im.height > limits.max_page_pixels:
            raise InputError(ErrorCode.IMAGE_TOO_LARGE, f"{im.width}x{im.height}")
        im.load()
        frame = ImageOps.exif_transpose(im.copy()) or im.copy()
    except InputError:
        raise
    except Image.DecompressionBombError as exc:
        raise InputError(ErrorCode.IMAGE_TOO_LARGE) from exc
    except (OSError, EOFError, SyntaxError, ValueError) as exc:
        raise InputError(ErrorCode.CORRUPT_FILE, f"frame {number}") from exc
    finally:
        im.close()
    page_dpi = _image_dpi(frame)
    return frame, page_dpi


def _image_dpi(image: Image.Image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else 0
    except (TypeError, ValueError):
        value = 0
    return value if 70 <= value <= 1200 else DEFAULT_IMAGE_DPI


Counter = Callable[[Path, LimitSettings], int]
Renderer = Callable[[Path, int, int, LimitSettings], tuple[Image.Image, int]]

PAGE_COUNTERS: dict[Mime, Counter] = {
    Mime.PDF: _count_pdf, Mime.TIFF: _count_image, Mime.JPEG: _count_image,
    Mime.PNG: _count_image,
}
PAGE_RENDERERS: dict[Mime, Renderer] = {
    Mime.PDF: _render_pdf, Mime.TIFF: _render_image, Mime.JPEG: _render_image,
    Mime.PNG: _render_image,
}
