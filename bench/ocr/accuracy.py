"""Read benchmark items with plain Tesseract or with yomitori's page path (render,
prepare, Tesseract, clean-up: `ingest.pagejob.run_page`), and score the text."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from bench.ocr import metrics
from bench.ocr.datasets import Item
from core.settings import Settings


@dataclass(frozen=True)
class Reader:
    """How a page is read: 'tesseract' (the bare CLI, default options) or yomitori
    with these OCR settings."""

    name: str
    ocr: dict | None = None  # OcrSettings overrides; None = bare tesseract
    languages: str = "jpn+eng"


def read_text(reader: Reader, item: Item) -> tuple[str, float, tuple[str, ...]]:
    """(text, seconds, steps applied) for one file."""
    start = time.perf_counter()
    if reader.ocr is None:
        return _bare(item.path, reader.languages), time.perf_counter() - start, ()
    from ingest.pagejob import PageJob, run_page
    from ingest.pages import count_pages
    from ingest.sniff import sniff_path

    settings = Settings(ocr={"languages": reader.languages, **reader.ocr})
    mime = sniff_path(item.path)
    texts, applied = [], ()
    for n in range(1, count_pages(item.path, mime, settings.limits) + 1):
        page = run_page(PageJob(item.path, mime, n, settings))
        texts.append(page.text)
    return "\n".join(texts), time.perf_counter() - start, applied


def _bare(path: Path, languages: str) -> str:
    """Plain Tesseract, default options; a PDF is rendered at 300 dpi first."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        pages = [path]
        if path.suffix.lower() == ".pdf":
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(path),
                            f"{tmp}/page"], check=True, timeout=300)
            pages = sorted(Path(tmp).glob("page*.png"))
        texts = [subprocess.run(["tesseract", str(page), "-", "-l", languages],
                                capture_output=True, text=True, env=env,
                                timeout=600).stdout for page in pages]
    return "\n".join(texts)


def _job(args: tuple[Reader, str, Item]) -> tuple[str, str, Item, str, float]:
    reader, set_name, item = args
    try:
        text, seconds, _ = read_text(reader, item)
    except Exception as exc:  # a failed page scores as empty text
        text, seconds = "", 0.0
        print(f"  ! {reader.name} {item.name}: {type(exc).__name__}: {exc}")
    return reader.name, set_name, item, text, seconds


@dataclass
class Tally:
    edits: int = 0
    chars: int = 0
    line_edits: int = 0
    line_chars: int = 0
    matched: int = 0
    ref_tokens: int = 0
    hyp_tokens: int = 0
    found: int = 0
    keys: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, item: Item, text: str, seconds: float) -> None:
        self.seconds += seconds
        self.pages += 1
        if item.metric == "cer":
            e, n = metrics.cer(item.reference, text)
            self.edits, self.chars = self.edits + e, self.chars + n
            e, n = metrics.line_cer(item.reference, text)
            self.line_edits, self.line_chars = self.line_edits + e, self.line_chars + n
        elif item.metric == "bow":
            m, r, h = metrics.bow_f1(item.reference, text)
            self.matched, self.ref_tokens, self.hyp_tokens = (
                self.matched + m, self.ref_tokens + r, self.hyp_tokens + h)
        else:
            f, k = metrics.key_recall(list(item.keys), text)
            self.found, self.keys = self.found + f, self.keys + k

    def score(self, metric: str) -> float:
        if metric == "cer":
            return self.edits / max(1, self.chars)
        if metric == "line-cer":
            return self.line_edits / max(1, self.line_chars)
        if metric == "bow":
            return metrics.f1(self.matched, self.ref_tokens, self.hyp_tokens)
        return self.found / max(1, self.keys)


def evaluate(sets: dict[str, list[Item]], readers: Iterable[Reader], workers: int = 2,
             texts: dict | None = None) -> dict[tuple[str, str], Tally]:
    """Tally per (set, reader). `texts`, when given, collects every text read."""
    readers = list(readers)
    # Each job carries its set: file names repeat across sets (the generated sets all
    # start 0000_ja_invoice, 0001_ja_receipt ...), so a name alone would score a
    # reading against another set's reference.
    jobs = [(r, set_name, item) for set_name, items in sets.items() for item in items
            for r in readers]
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    # spawn, not fork: this process has used OpenCV's thread pool (degrade.py), and a
    # forked child inherits its locks held.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for reader_name, set_name, item, text, seconds in pool.map(_job, jobs):
            tallies[(set_name, reader_name)].add(item, text, seconds)
            if texts is not None:
                texts[(reader_name, set_name, item.name)] = text
    return tallies
