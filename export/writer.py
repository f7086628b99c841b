"""Rows -> file bytes. Text cells are made safe for spreadsheets (formula injection)
and for the file's encoding (characters it cannot hold become 〓 and are reported);
number cells are written as they are."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from export.errors import ExportWarning, Warn
from export.types import Cell, Row
from extract.schema import format_decimal

FORMULA_START = tuple("=+-@\t\r") + tuple("＝＋－＠")  # full-width too: Excel reads them
CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
SUBSTITUTE = "〓"  # 下駄記号: in cp932 and visible
# Characters that differ between JIS and cp932 only by code point: map, don't lose.
CP932_TWINS = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225",
                             "\u00a2": "\uffe0", "\u00a3": "\uffe1", "\u00ac": "\uffe2",
                             "\u2014": "\u2015"})


@dataclass(frozen=True)
class FileSpec:
    columns: tuple[str, ...]
    header: bool
    encodings: tuple[str, ...]  # the first is the default
    newline: str
    extension: str = "csv"

    def media_type(self, encoding: str) -> str:
        charset = "shift_jis" if encoding == "cp932" else "utf-8"
        return f"text/csv; charset={charset}"


@dataclass(frozen=True)
class Written:
    data: bytes
    rows: int
    warnings: list[ExportWarning]


def neutralise(text: str) -> tuple[str, bool]:
    """A leading ' keeps a spreadsheet from reading the cell as a formula."""
    if text.startswith(FORMULA_START):
        return "'" + text, True
    return text, False


def fit(text: str, encoding: str) -> tuple[str, str]:
    """The text as the encoding can hold it, and the characters that were replaced."""
    if encoding == "cp932":
        text = text.translate(CP932_TWINS)
    try:
        text.encode(encoding)
        return text, ""
    except UnicodeEncodeError:
        pass
    kept, lost = [], []
    for ch in text:
        try:
            ch.encode(encoding)
            kept.append(ch)
        except UnicodeEncodeError:
            kept.append(SUBSTITUTE)
            lost.append(ch)
    return "".join(kept), "".join(lost)


def _number(value: int | Decimal) -> str:
    return format_decimal(value) if isinstance(value, Decimal) else str(value)


class _Cells:
    def __init__(self, spec: FileSpec, encoding: str) -> None:
        self.spec, self.encoding = spec, encoding
        self.warnings: list[ExportWarning] = []

    def cell(self, value: Cell, column: int, document_id: int) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):  # never a number in these files
            value = "true" if value else "false"
        if isinstance(value, (int, Decimal)):
            return _number(value)
        text, changed = neutralise(value)
        text = CONTROLS.sub(" ", text)  # one entry per line, whatever the importer
        text, lost = fit(text, self.encoding)
        name = self.spec.columns[column]
        if changed:
            self._warn(Warn.FORMULA_NEUTRALISED, document_id, name)
        if lost:
            self._warn(Warn.CHARACTERS_REPLACED, document_id,
                       f"{name}: {lost} -> {SUBSTITUTE}")
        return text

    def _warn(self, code: Warn, document_id: int, detail: str) -> None:
        warning = ExportWarning(code, document_id, detail)
        if warning not in self.warnings:
            self.warnings.append(warning)


def write(rows: Iterable[Row], spec: FileSpec, encoding: str) -> Written:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=spec.newline, quoting=csv.QUOTE_MINIMAL)
    if spec.header:
        writer.writerow(spec.columns)
    cells = _Cells(spec, encoding)
    count = 0
    for row in rows:
        if len(row.cells) != len(spec.columns):
            raise ValueError(f"{len(row.cells)} cells for {len(spec.columns)} columns")
        writer.writerow([cells.cell(v, i, row.document_id) for i, v in enumerate(row.cells)])
        count += 1
    return Written(out.getvalue().encode(encoding), count, cells.warnings)
