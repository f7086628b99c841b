"""弥生会計 弥生インポート形式 (仕訳日記帳): 25 columns, no header, cp932, CRLF.
A one-rate document is one `2000` row; a multi-rate one is a slip of rows flagged
`2110` (first), `2100` (middle) and `2101` (last). Amounts include tax and the 税区分
is the 内税 form, so Yayoi splits out 仮払消費税 itself (jp-accounting.md §1.1, §5)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest

from export.errors import Warn
from export.journal import JOURNAL_TYPES, ExportContext
from export.registry import register
from export.types import Cell, DocumentRecord, Entry, Line, Row, Side
from export.writer import FileSpec

COLUMNS = ("識別フラグ", "伝票No.", "決算", "取引日付", "借方勘定科目", "借方補助科目",
           "借方部門", "借方税区分", "借方金額", "借方税金額", "貸方勘定科目", "貸方補助科目",
           "貸方部門", "貸方税区分", "貸方金額", "貸方税金額", "摘要", "番号", "期日",
           "タイプ", "生成元", "仕訳メモ", "付箋1", "付箋2", "調整")
MAX_AMOUNT = 10**11 - 1  # 11 digits
NUMBER_LEN = 10


def flags(rows: int) -> list[str]:
    if rows == 1:
        return ["2000"]
    return ["2110", *["2100"] * (rows - 2), "2101"]


def _date(d) -> str:
    return d.strftime("%Y/%m/%d") if d else ""


class Yayoi:
    name = "yayoi"
    description = "弥生会計 弥生インポート形式 (25 columns, cp932)"
    doc_types = JOURNAL_TYPES
    spec = FileSpec(columns=COLUMNS, header=False, encodings=("cp932",), newline="\r\n")

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        for entry in ctx.entries(records):
            if entry.doc.total > MAX_AMOUNT:
                ctx.warn(Warn.TOO_LARGE, entry.doc.id, "弥生: amounts have at most 11 digits")
                continue
            yield from self._slip(entry, ctx)

    def _slip(self, entry: Entry, ctx: ExportContext) -> Iterator[Row]:
        doc = entry.doc
        pairs = list(zip_longest(entry.side(Side.DEBIT), entry.side(Side.CREDIT)))
        number = doc.invoice_number or ""
        number = number if number.isascii() and len(number) <= NUMBER_LEN else ""
        for flag, (debit, credit) in zip(flags(len(pairs)), pairs, strict=True):
            yield Row(doc.id, (flag, None, None, _date(doc.issue_date),
                               *self._side(debit, ctx, doc.id),
                               *self._side(credit, ctx, doc.id),
                               doc.memo, number, _date(doc.due_date),
                               "0", None, None, "0", "0", "no"))

    @staticmethod
    def _side(line: Line | None, ctx: ExportContext, document_id: int) -> tuple[Cell, ...]:
        if line is None:  # the side of a slip row with no account
            return (None, None, None, "対象外", 0, 0)
        name = ctx.tax_name("yayoi", line.treatment, document_id)
        return (line.account, None, None, name.category, line.amount, line.tax)


register(Yayoi())
