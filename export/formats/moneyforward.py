"""マネーフォワード クラウド会計 仕訳帳インポート: the 27-column template (A-AA) with
the インボイス column. Rows with the same 取引No and 取引日 whose sides balance are one
compound entry; 取引No counts 1, 2, 3 ... through the file (jp-accounting.md §1.3)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count, zip_longest

from export.journal import JOURNAL_TYPES, ExportContext
from export.registry import register
from export.types import Cell, DocumentRecord, Line, Row, Side
from export.writer import FileSpec

COLUMNS = ("取引No", "取引日", "借方勘定科目", "借方補助科目", "借方部門", "借方取引先",
           "借方税区分", "借方インボイス", "借方金額(円)", "借方税額", "貸方勘定科目",
           "貸方補助科目", "貸方部門", "貸方取引先", "貸方税区分", "貸方インボイス",
           "貸方金額(円)", "貸方税額", "摘要", "仕訳メモ", "タグ", "MF仕訳タイプ",
           "決算整理仕訳", "作成日時", "作成者", "最終更新日時", "最終更新者")


class MoneyForward:
    name = "moneyforward"
    description = "マネーフォワード クラウド会計 仕訳帳インポート (27 columns)"
    doc_types = JOURNAL_TYPES
    spec = FileSpec(columns=COLUMNS, header=True, encodings=("cp932", "utf-8-sig"),
                    newline="\r\n")

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        numbers = count(1)
        for entry in ctx.entries(records):
            doc, number = entry.doc, next(numbers)
            day = doc.issue_date.strftime("%Y/%m/%d")
            pairs = zip_longest(entry.side(Side.DEBIT), entry.side(Side.CREDIT))
            for debit, credit in pairs:
                yield Row(doc.id, (number, day, *self._side(debit, ctx, doc.id),
                                   *self._side(credit, ctx, doc.id), doc.memo,
                                   None, None, None, None, None, None, None, None))

    @staticmethod
    def _side(line: Line | None, ctx: ExportContext, document_id: int) -> tuple[Cell, ...]:
        if line is None:  # allowed blank on compound-entry rows
            return (None,) * 8
        name = ctx.tax_name("moneyforward", line.treatment, document_id)
        # 取引先 stays blank: MF matches it against registered partners [UNCONF]
        return (line.account, None, None, None, name.category, name.invoice or None,
                line.amount, line.tax)


register(MoneyForward())
