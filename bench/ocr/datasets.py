"""The page sets the OCR benchmark reads, each item with what its text is scored by:
`reference` (the full text: CER or bag-of-words F1) or `keys` (strings that must be
read: vendor, item names, amounts).

- synth:   the project's generated scans (`python -m synth`), clean and degraded; CER.
- sroie:   ../shared/benchmark/sroie, scanned receipts with line transcripts; BoW F1.
- jomb:    ../shared/benchmark/jomb, Japanese receipts (clean and noisy); key recall.
- jomb-*:  the clean JOMB receipts put through one degradation (bench/ocr/degrade.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmark"


@dataclass(frozen=True)
class Item:
    name: str
    path: Path
    reference: str = ""
    keys: tuple[str, ...] = ()
    metric: str = "cer"  # cer | bow | keys
    extra: dict = field(default_factory=dict)


def _rows(truth: Path) -> list[dict]:
    return [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def sroie(limit: int | None = None) -> list[Item]:
    truth = SHARED / "sroie" / "truth.jsonl"
    rows = _rows(truth)[:limit]
    return [Item(r["file"], truth.parent / r["file"], r["ocr_text"], metric="bow")
            for r in rows]


def jomb_keys(fields: dict) -> tuple[str, ...]:
    keys = [fields.get("vendor_name", "")]
    for item in fields.get("line_items", []):
        keys.append(item["description"])
        keys.append(f"{item['amount']:,}")
    keys.append(f"{fields['total']:,}")
    return tuple(k for k in keys if k)


def jomb(limit: int | None = None, variant: str = "") -> list[Item]:
    """The JOMB receipts; `variant` 'clean' or 'noisy' keeps only those."""
    truth = SHARED / "jomb" / "truth.jsonl"
    rows = [r for r in _rows(truth) if variant in r["file"]][:limit]
    return [Item(r["file"], truth.parent / r["file"], keys=jomb_keys(r["fields"]),
                 metric="keys") for r in rows]


def synth(out: Path, count: int, seed: int, degraded: bool, upside_down: bool = False
          ) -> list[Item]:
    """Generate (once) and load the project's own scans."""
    flags = ["--degraded"] * degraded + ["--upside-down"] * upside_down
    folder = out / f"synth-{count}-{seed}{''.join(flags) or '-clean'}"
    truth = folder / "truth.jsonl"
    if not truth.is_file():
        args = [sys.executable, "-m", "synth", str(folder), "--count", str(count),
                "--seed", str(seed), *flags]
        subprocess.run(args, check=True, cwd=Path(__file__).resolve().parents[2])
    rows = _rows(truth)
    return [Item(r["file"], folder / r["file"], r["ocr_text"], metric="cer") for r in rows]
