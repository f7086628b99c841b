"""Field accuracy on every benchmark set, yomitori beside the plain-Tesseract-plus-regex
baseline (bench/extract/baseline.py), both scored by the shared reference scorer.
Prints a markdown table per set and writes them all to bench/extract/RESULTS.md.

    .venv/bin/python -m bench.extract.run                       # all sets
    .venv/bin/python -m bench.extract.run --sets jomb sroie     # some of them

The sets are ../shared/benchmark/* and `generated`, the project's own degraded scans
(`python -m synth --degraded`, Japanese and English invoices, receipts and contracts)
made here with a seed that the tests do not use.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared" / "benchmark"
WORK = Path(os.environ.get("BENCH_EXTRACT_WORK", "/tmp/yomitori-bench-extract"))
SETS = ["generated", "jomb", "sroie", "invoice2data", "kleister_nda"]
YOMITORI = str(Path(sys.executable).parent / "yomitori")
LINE = re.compile(r"^(\S.*?)\s+(\d+)/(\d+)\s+([\d.]+)$")


def truth_of(name: str, seed: int, count: int) -> Path:
    if name != "generated":
        return SHARED / name / "truth.jsonl"
    out = WORK / f"generated-{seed}"
    if not (out / "truth.jsonl").exists():
        subprocess.run([sys.executable, "-m", "synth", str(out), "--count", str(count),
                        "--seed", str(seed), "--degraded"], check=True, cwd=ROOT)
    return out / "truth.jsonl"


def scores(truth: Path, predictions: Path) -> dict[str, str]:
    """Per-field lines of score.py as {field: 'ok/n acc'}, plus the overall figure."""
    out = subprocess.run([sys.executable, str(SHARED / "score.py"), str(truth),
                          str(predictions)], capture_output=True, text=True).stdout
    table: dict[str, str] = {}
    for line in out.splitlines():
        if m := LINE.match(line.strip()):
            table[m[1]] = m[4]
        elif line.startswith("line_items F1"):
            table["line_items F1"] = line.split()[-1]
        elif line.startswith("field accuracy:"):
            table["all fields"] = line.split()[2]
    return table


def run_set(name: str, seed: int, count: int, reuse_baseline: bool) -> str:
    truth = truth_of(name, seed, count)
    ours, base = WORK / f"{name}.yomitori.jsonl", WORK / f"{name}.baseline.jsonl"
    subprocess.run([YOMITORI, "eval", str(truth), "--save", str(ours)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    if not (reuse_baseline and base.exists()):  # the baseline does not change with us
        subprocess.run([sys.executable, "-m", "bench.extract.baseline", str(truth),
                        str(base)], check=True, cwd=ROOT)
    a, b = scores(truth, ours), scores(truth, base)
    rows = [f"| {name} | {key} | {b.get(key, '-')} | {a[key]} |" for key in a]
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="+", default=SETS, choices=SETS)
    ap.add_argument("--seed", type=int, default=23, help="seed of the generated set")
    ap.add_argument("--count", type=int, default=40, help="size of the generated set")
    ap.add_argument("--reuse-baseline", action="store_true",
                    help="keep baseline predictions from an earlier run in the work folder")
    a = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    head = "| set | field | plain Tesseract + regex | yomitori |\n|---|---|---|---|"
    print(head, flush=True)
    parts = [head]
    for name in a.sets:
        table = run_set(name, a.seed, a.count, a.reuse_baseline)
        print(table, flush=True)
        parts.append(table)
    (HERE / "RESULTS.md").write_text(
        "Command: `.venv/bin/python -m bench.extract.run " + " ".join(sys.argv[1:]) + "`\n\n"
        + "\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
