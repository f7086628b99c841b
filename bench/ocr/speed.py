"""Pages per minute on the same pages, side by side, and peak memory.

(a) bare `tesseract` over the page images, `workers` at a time (the floor: no
    rendering, no preparation, no extraction);
(b) OCRmyPDF (`--deskew --rotate-pages -l jpn+eng`) on one PDF holding the same
    images at their own resolution (img2pdf, lossless), `-j workers`;
(c) `yomitori extract` over the page images (OCR and extraction), `--workers`.
Peak memory is the largest sum of resident memory over a process and all its
children, sampled every 0.1 s from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Run:
    name: str
    pages: int
    seconds: float
    peak_rss_mb: float
    ok: bool = True

    @property
    def pages_per_minute(self) -> float:
        return 60.0 * self.pages / self.seconds if self.seconds else 0.0


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as f:
                total += next((int(line.split()[1]) for line in f
                               if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
        todo.extend(_children(current))
    return total


def measure(name: str, args: list[str], pages: int, env: dict | None = None) -> Run:
    """Run a command; wall time and peak memory of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env or dict(os.environ, OMP_THREAD_LIMIT="1"))
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # yomitori exits 1 when one file failed
        err = proc.stderr.read().decode(errors="replace")[-600:] if proc.stderr else ""
        print(f"  ! {name} exited {proc.returncode}: {err}", file=sys.stderr)
    return Run(name, pages, seconds, peak / 1024, proc.returncode in (0, 1))


def bare_tesseract(images: list[Path], workers: int, out: Path, lang: str,
                   tessdata_dir: str | None = None, name: str = "") -> Run:
    out.mkdir(parents=True, exist_ok=True)
    models = ["--tessdata-dir", tessdata_dir] if tessdata_dir else []
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    peak = [0]

    def one(image: Path) -> None:
        subprocess.run(["tesseract", str(image), str(out / image.stem), "-l", lang,
                        *models], capture_output=True, env=env, timeout=600)

    def sample(stop: threading.Event) -> None:
        me = os.getpid()
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(me))
            time.sleep(0.1)

    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(stop,), daemon=True)
    sampler.start()
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    return Run(name or f"bare tesseract, {workers} in parallel", len(images), seconds,
               peak[0] / 1024)


def images_to_pdf(images: list[Path], pdf: Path) -> Path:
    import img2pdf  # comes with ocrmypdf (a benchmark-only install)

    pdf.write_bytes(img2pdf.convert([str(p) for p in images]))
    return pdf


def ocrmypdf(pdf: Path, pages: int, workers: int, out: Path, lang: str) -> Run:
    exe = BIN / "ocrmypdf"
    args = [str(exe), "--deskew", "--rotate-pages", "-l", lang, "-j", str(workers),
            "--output-type", "pdf", "--optimize", "0", "--force-ocr", "-q",
            str(pdf), str(out)]
    run = measure("OCRmyPDF --deskew --rotate-pages", args, pages)
    return run


def yomitori(paths: list[Path], pages: int, workers: int, lang: str,
             name: str = "yomitori extract") -> Run:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", YOMITORI_OCR__LANGUAGES=lang)
    args = [str(BIN / "yomitori"), "extract", "--workers", str(workers), *map(str, paths)]
    return measure(name, args, pages, env=env)
