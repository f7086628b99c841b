"""Page images for the speed and memory runs: the generated documents' pages as
300 dpi PNG files, and a long PDF made by repeating them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageSequence

from bench.ocr import datasets

DPI = 300


def page_images(synth: Path, count: int, seed: int, out: Path) -> list[Path]:
    """Every page of the degraded generated set, one PNG each (made once)."""
    items = datasets.synth(synth, count, seed + 1, degraded=True)
    out.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    for item in items:
        done = sorted(out.glob(f"{item.path.stem}-*.png"))
        pages += done or _split(item.path, out)
    return pages


def _split(path: Path, out: Path) -> list[Path]:
    if path.suffix.lower() == ".pdf":
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path),
                        str(out / f"{path.stem}-")], check=True, timeout=600)
        found = sorted(out.glob(f"{path.stem}-*.png"))
        for page in found:  # pdftoppm writes no resolution; OCRmyPDF needs it
            with Image.open(page) as im:
                im.load()
                im.save(page, dpi=(DPI, DPI))
        return found
    written = []
    with Image.open(path) as im:
        dpi = im.info.get("dpi", (DPI, DPI))
        for i, frame in enumerate(ImageSequence.Iterator(im), start=1):
            target = out / f"{path.stem}-{i}.png"
            frame.convert("L").save(target, dpi=dpi)
            written.append(target)
    return written


def repeat_pdf(pages: list[Path], count: int, pdf: Path) -> Path:
    """A `count`-page scanned PDF: the page images over and over (made once)."""
    if not pdf.is_file():
        import img2pdf  # comes with ocrmypdf (a benchmark-only install)

        chosen = [str(pages[i % len(pages)]) for i in range(count)]
        pdf.write_bytes(img2pdf.convert(chosen))
    return pdf
