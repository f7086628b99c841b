"""freee会計 取引インポート: 21 columns with a header, 収支区分 `支出`. A 取引 has no
credit account: a receipt paid from a freee 口座 (accounts file: freee_settle) is
settled with 決済日/決済口座/決済金額; anything else is left unsettled, which freee
books as 未払金. Each tax rate is one 明細 row; rows after the first leave 収支区分
blank and so continue the same 取引 (jp-accounting.md §1.4)."""

from __future__ import annotations

from collections.abc import Iterator

from export.journal import JOURNAL_TYPES, ExportContext
from export.registry import register
from export.types import Cell, DocumentRecord, Entry, Line, Row, Side
from export.writer import FileSpec

COLUMNS = ("収支区分", "管理番号", "発生日", "決済期日", "取引先コード", "取引先", "勘定科目",
           "税区分", "金額", "税計算区分", "税額", "備考", "品目", "部門",
           "メモタグ（複数指定可、カンマ区切り）", "セグメント1", "セグメント2", "セグメント3",
           "決済日", "決済口座", "決済金額")


def _date(d) -> str | None:
    return d.strftime("%Y/%m/%d") if d else None


class Freee:
    name = "freee"
    description = "freee会計 取引インポート (21 columns)"
    doc_types = JOURNAL_TYPES
    spec = FileSpec(columns=COLUMNS, header=True, encodings=("utf-8-sig", "cp932"),
                    newline="\r\n")

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        for entry in ctx.entries(records):
            yield from self._deal(entry, ctx)

    def _deal(self, entry: Entry, ctx: ExportContext) -> Iterator[Row]:
        doc = entry.doc
        credit = entry.side(Side.CREDIT)[0]
        wallet = ctx.accounts.freee_settle.get(credit.account)
        settled = (_date(doc.issue_date), wallet, doc.total) if wallet else (None,) * 3
        due = None if wallet else _date(doc.due_date)
        for i, line in enumerate(entry.side(Side.DEBIT)):
            first = i == 0
            yield Row(doc.id, ("支出" if first else None, doc.ref if first else None,
                               _date(doc.issue_date), due, None, None,
                               *self._detail(line, ctx, doc.id), doc.memo,
                               None, None, None, None, None, None,
                               *(settled if first else (None,) * 3)))

    @staticmethod
    def _detail(line: Line, ctx: ExportContext, document_id: int) -> tuple[Cell, ...]:
        name = ctx.tax_name("freee", line.treatment, document_id)
        # 税計算区分 left to freee's default (its values are unconfirmed)
        return (line.account, name.category, line.amount, None, line.tax)


register(Freee())
