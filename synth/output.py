"""Scanned pages to files: PNG, JPEG, multi-page TIFF, and image-only PDF."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

from PIL import Image

from synth.errors import SynthError

# A fixed date in PDF metadata keeps generated files byte-for-byte reproducible.
PDF_DATE = time.strptime("2026-01-05", "%Y-%m-%d")


class Format(StrEnum):
    PNG = "png"
    JPEG = "jpg"
    TIFF = "tiff"
    PDF = "pdf"


MULTIPAGE = frozenset({Format.TIFF, Format.PDF})


def save(pages: list[Image.Image], path: Path, fmt: Format, dpi: int, *, quality: int
         ) -> None:
    """Pages in mode "L" or "1". Black-and-white pages stay so in PNG, TIFF (Group 4) and
    PDF (CCITT); JPEG holds greyscale only."""
    if len(pages) > 1 and fmt not in MULTIPAGE:
        raise SynthError(f"{fmt} holds one page, got {len(pages)}")
    first, rest = pages[0], pages[1:]
    if fmt is Format.PNG:
        first.save(path, "PNG", dpi=(dpi, dpi))
    elif fmt is Format.JPEG:
        first.convert("L").save(path, "JPEG", dpi=(dpi, dpi), quality=quality)
    elif fmt is Format.TIFF:
        first.save(path, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi),
                   compression="group4" if first.mode == "1" else "tiff_adobe_deflate")
    else:
        # Black-and-white pages go in as CCITT G4, where a JPEG quality must not be given.
        jpeg = {} if first.mode == "1" else {"quality": quality}
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi),
                   creationDate=PDF_DATE, modDate=PDF_DATE, **jpeg)
