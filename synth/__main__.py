"""The command line: python -m synth OUT_DIR --count N --seed S [--degraded
[--upside-down]] [--kinds ja_invoice,...]"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from synth.errors import SynthError
from synth.generate import KINDS, generate_set


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m synth",
                                description="Generate synthetic document scans with truth.")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--count", type=int, default=12)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--degraded", action="store_true",
                   help="skew, blur, noise, uneven light, JPEG artefacts")
    p.add_argument("--upside-down", action="store_true",
                   help="with --degraded: now and then a page fed upside down")
    p.add_argument("--kinds", default="",
                   help=f"comma-separated, from: {', '.join(KINDS)} (default: all)")
    return p.parse_args(argv)


def summary(truth: Path, seconds: float) -> str:
    rows = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    files = [truth.parent / r["file"] for r in rows]
    kinds = Counter(f.stem.split("_", 1)[1] for f in files)
    formats = Counter(f.suffix.lstrip(".") for f in files)
    size = sum(f.stat().st_size for f in files)
    return (f"{len(rows)} documents in {seconds:.1f} s, {size / 1e6:.2f} MB -> {truth}\n"
            f"  kinds:   {', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}\n"
            f"  formats: {', '.join(f'{k} {n}' for k, n in sorted(formats.items()))}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] or None
    start = time.perf_counter()
    try:
        truth = generate_set(args.out_dir, args.count, args.seed, args.degraded, kinds,
                             upside_down=args.upside_down)
    except SynthError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(summary(truth, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
