"""Sets of generated scans with their truth: the kind registry, the per-document plan
(kind, format, degradation) drawn from the seed, and truth.jsonl."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synth.contract import en_contract, ja_contract
from synth.degrade import Degradation, binarize, degrade, draw_degradation
from synth.document import Document
from synth.errors import UnknownKind
from synth.invoice import en_invoice, ja_invoice
from synth.output import MULTIPAGE, Format, save
from synth.receipt import en_receipt, ja_receipt
from synth.render import render

Kind = Callable[[random.Random], Document]

KINDS: dict[str, Kind] = {
    "ja_invoice": ja_invoice,
    "ja_receipt": ja_receipt,
    "ja_contract": ja_contract,
    "en_invoice": en_invoice,
    "en_receipt": en_receipt,
    "en_contract": en_contract,
}
FORMAT_CYCLE = (Format.PNG, Format.JPEG, Format.PDF, Format.TIFF)
# A page of several pages cannot be a PNG or a JPEG; these take its place.
MULTIPAGE_FOR = {Format.PNG: Format.TIFF, Format.JPEG: Format.PDF}
CLEAN_JPEG_QUALITY = 85
UPSIDE_DOWN_RATE = 0.1  # of degraded pages, when upside-down feeding is asked for


@dataclass(frozen=True, slots=True)
class Generated:
    path: Path
    document: Document
    fmt: Format
    degradation: Degradation | None

    def truth(self, root: Path) -> dict[str, object]:
        return {"file": self.path.relative_to(root).as_posix(),
                "doc_type": self.document.doc_type, "fields": self.document.fields,
                "ocr_text": self.document.text}


def resolve_kinds(kinds: list[str] | None) -> list[str]:
    names = list(kinds) if kinds else list(KINDS)
    for name in names:
        if name not in KINDS:
            raise UnknownKind(name, list(KINDS))
    return names


def plan_format(seed: int, index: int, document: Document) -> Format:
    """Formats rotate through the set (so every set mixes all four), offset by the seed."""
    fmt = FORMAT_CYCLE[(seed + index) % len(FORMAT_CYCLE)]
    if len(document.pages) > 1 and fmt not in MULTIPAGE:
        return MULTIPAGE_FOR[fmt]
    return fmt


def generate_one(out_dir: Path, index: int, kind: str, seed: int, *, degraded: bool,
                 upside_down_rate: float = 0.0) -> Generated:
    rng = random.Random(f"yomitori-synth/{seed}/{index}")
    document = KINDS[kind](rng)
    fmt = plan_format(seed, index, document)
    gen = np.random.default_rng(rng.getrandbits(64))
    images = [render(page, document.dpi) for page in document.pages]
    # Black and white as office scanners send it: TIFF always; PDF when clean, PNG when
    # degraded (so both kinds of PDF and PNG occur).
    bilevel = fmt is Format.TIFF or fmt is (Format.PNG if degraded else Format.PDF)
    degradation = draw_degradation(rng, upside_down_rate) if degraded else None
    if degradation is not None:
        images = [degrade(img, degradation, document.dpi, gen, bilevel=bilevel)
                  for img in images]
    elif bilevel:
        images = [binarize(img) for img in images]
    path = out_dir / f"{index:04d}_{kind}.{fmt.value}"
    save(images, path, fmt, document.dpi,
         quality=degradation.jpeg_quality if degradation else CLEAN_JPEG_QUALITY)
    return Generated(path, document, fmt, degradation)


def generate_set(out_dir: Path, count: int, seed: int, degraded: bool,
                 kinds: list[str] | None = None, upside_down: bool = False) -> Path:
    """Write count documents (kinds in turn) and truth.jsonl into out_dir; the truth's path.

    The same seed gives the same documents and the same truth. upside_down: some degraded
    pages are fed upside down (never unless asked for)."""
    rate = UPSIDE_DOWN_RATE if upside_down else 0.0
    names = resolve_kinds(kinds)
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = out_dir / "truth.jsonl"
    with truth.open("w", encoding="utf-8") as f:
        for index in range(count):
            made = generate_one(out_dir, index, names[index % len(names)], seed,
                                degraded=degraded, upside_down_rate=rate)
            f.write(json.dumps(made.truth(out_dir), ensure_ascii=False) + "\n")
    return truth
