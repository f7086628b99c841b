"""What page preparation costs, step by step: milliseconds per page for each step of
`OcrSettings.steps` on the speed run's page images (one process, after one page of
warm-up), and the page rendering before it.

    .venv/bin/python -m bench.ocr.prepcost             # all 32 pages
    .venv/bin/python -m bench.ocr.prepcost --only contract   # the contracts' pages"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from bench.ocr.pages import page_images
from bench.ocr.run import WORK
from core.settings import Settings


def step_costs(pages: list[Path], settings: Settings) -> dict[str, float]:
    """Seconds per page for rendering, the first blank check and each step."""
    from ingest.pages import render_page
    from ingest.sniff import sniff_path
    from ocr import borders
    from ocr.prepared import Prepared, get_step
    from ocr.preprocess import to_gray8

    totals: dict[str, float] = defaultdict(float)
    for i, path in enumerate([pages[0], *pages]):
        clock = time.perf_counter()
        gray, dpi = render_page(path, sniff_path(path), 1, settings.ocr.dpi, settings.limits)
        lap = {"render": time.perf_counter() - clock}
        clock = time.perf_counter()
        page = Prepared(to_gray8(gray), dpi)
        borders.is_blank(page.image)
        lap["gray + blank check"] = time.perf_counter() - clock
        for name in settings.ocr.steps:
            clock = time.perf_counter()
            page = get_step(name)(page, settings.ocr)
            lap[name] = time.perf_counter() - clock
        if i:  # the first reading only warms up imports and caches
            for name, seconds in lap.items():
                totals[name] += seconds
    return {name: seconds / len(pages) for name, seconds in totals.items()}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=24)
    p.add_argument("--seed", type=int, default=20261124)
    p.add_argument("--only", default="", help="pages whose file name holds this")
    args = p.parse_args(argv)
    pages = [page for page in page_images(WORK / "synth", args.count, args.seed,
                                          WORK / "pages") if args.only in page.name]
    costs = step_costs(pages, Settings())
    print(f"| step | ms per page ({len(pages)} pages) |\n|---|---|")
    for name, seconds in costs.items():
        print(f"| {name} | {1000 * seconds:.0f} |")
    preparation = sum(s for name, s in costs.items() if name != "render")
    print(f"| preparation in all | {1000 * preparation:.0f} |")


if __name__ == "__main__":
    main()
