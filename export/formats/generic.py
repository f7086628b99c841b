"""yomitori's own formats: `csv`, one row per document with every header field (UTF-8
with BOM so Excel opens it), and `journal`, balanced double-entry lines (UTF-8), the
pivot the product formats are built from (jp-accounting.md §1.5)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from export.journal import JOURNAL_TYPES, ExportContext
from export.registry import register
from export.types import Cell, DocumentRecord, Entry, Line, Row, Side
from export.writer import FileSpec
from extract.schema import ALL_FIELDS, AMOUNT_FIELDS
from validate.types import to_decimal

FIELDS = tuple(f for f in ALL_FIELDS if f not in ("tax_breakdown", "line_items"))
RATE_COLUMNS = ("taxable_10", "tax_10", "taxable_8", "tax_8")


def _field(name: str, value: Any) -> Cell:
    if value is None or value == "":
        return None
    if name in AMOUNT_FIELDS and to_decimal(value) is not None:
        return to_decimal(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _rates(values: dict[str, Any]) -> list[Cell]:
    raw = values.get("tax_breakdown")
    raw = raw if isinstance(raw, dict) else {}
    out: list[Cell] = []
    for rate in ("10", "8"):
        entry = raw.get(rate) if isinstance(raw.get(rate), dict) else {}
        out += [to_decimal(entry.get("taxable_amount")), to_decimal(entry.get("tax"))]
    return out


class DocumentsCsv:
    name = "csv"
    description = "every header field, one row per document (UTF-8 with BOM)"
    doc_types = None
    spec = FileSpec(columns=("document_id", "document_ref", "file", "doc_type",
                             "invoice_class", *FIELDS, *RATE_COLUMNS, "line_item_count"),
                    header=True, encodings=("utf-8-sig", "cp932"), newline="\r\n")

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        for r in records:
            items = r.values.get("line_items")
            yield Row(r.id, (r.id, r.ref, r.file, r.doc_type, r.invoice_class,
                             *(_field(f, r.values.get(f)) for f in FIELDS),
                             *_rates(r.values),
                             len(items) if isinstance(items, list) else 0))


class JournalCsv:
    name = "journal"
    description = "balanced double-entry lines, one entry per document (UTF-8)"
    doc_types = JOURNAL_TYPES
    spec = FileSpec(columns=("entry_id", "date", "line_no", "account", "sub_account",
                             "department", "debit", "credit", "tax_code", "tax_amount",
                             "invoice_class", "deduction_percent", "partner",
                             "registration_no", "description", "document_ref"),
                    header=True, encodings=("utf-8",), newline="\n")

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        for entry in ctx.entries(records):
            for number, line in enumerate(entry.lines, start=1):
                yield Row(entry.doc.id, self._cells(entry, number, line, ctx))

    @staticmethod
    def _cells(entry: Entry, number: int, line: Line, ctx: ExportContext) -> tuple[Cell, ...]:
        doc = entry.doc
        name = ctx.tax_name("journal", line.treatment, doc.id)
        debit = line.amount if line.side == Side.DEBIT else None
        credit = line.amount if line.side == Side.CREDIT else None
        deduction = None if line.treatment.outside else line.treatment.deduction
        return (doc.id, doc.issue_date.isoformat(), number, line.account, "", "", debit,
                credit, name.category, line.tax, str(doc.invoice_class), deduction,
                doc.vendor, doc.registration_number, doc.memo, doc.ref)


register(DocumentsCsv())
register(JournalCsv())
