"""A stored document -> one balanced journal entry: one debit line per tax rate (the
expense, tax included) and one credit line for the total (未払金, 現金, 買掛金 ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from export.accounts import AccountRules, choose
from export.amounts import rate_parts, to_yen
from export.errors import ExportCode, ExportError, ExportWarning, NotExportable, Warn
from export.taxes import Mark, TaxName, TaxTable
from export.types import (OUTSIDE, DocumentRecord, Entry, JournalDocument, Line, Side,
                          TaxTreatment)
from validate.types import InvoiceClass, to_decimal

JOURNAL_TYPES = frozenset({"invoice", "receipt"})
Warner = Callable[[Warn, int, str], None]


def _text(values: dict[str, Any], name: str) -> str | None:
    value = values.get(name)
    return str(value).strip() or None if value not in (None, "") else None


def _date(values: dict[str, Any], name: str) -> date | None:
    try:
        return date.fromisoformat(str(values[name])) if values.get(name) else None
    except ValueError:
        return None


def _invoice_class(record: DocumentRecord, warn: Warner) -> InvoiceClass:
    try:
        klass = InvoiceClass(record.invoice_class or "")
    except ValueError:
        klass = InvoiceClass.UNKNOWN
    if klass == InvoiceClass.UNKNOWN:
        warn(Warn.INVOICE_CLASS_UNKNOWN, record.id,
             "treated as not qualified: the transitional deduction applies")
    return klass


def _descriptions(values: dict[str, Any]) -> tuple[str, ...]:
    items = values.get("line_items")
    if not isinstance(items, list):
        return ()
    return tuple(str(i["description"]) for i in items
                 if isinstance(i, dict) and i.get("description"))


def _total(values: dict[str, Any]) -> int:
    currency = (_text(values, "currency") or "JPY").upper()
    if currency != "JPY":
        raise NotExportable(Warn.NOT_JPY, currency)
    total = to_decimal(values.get("total"))
    if total is None:
        raise NotExportable(Warn.NO_TOTAL)
    yen = to_yen(total, "total")
    if yen <= 0:
        raise NotExportable(Warn.NOT_POSITIVE, str(yen))
    return yen


def journal_document(record: DocumentRecord, warn: Warner) -> JournalDocument:
    """Raises NotExportable when the document cannot become an entry."""
    values = record.values
    if record.doc_type not in JOURNAL_TYPES:
        raise NotExportable(Warn.NOT_JOURNAL_TYPE, record.doc_type)
    issued = _date(values, "issue_date")
    if issued is None:
        raise NotExportable(Warn.NO_DATE)
    total = _total(values)
    parts, notes = rate_parts(values, total)
    for note in notes:
        warn(note, record.id, "booked as 対象外 (outside consumption tax)")
    return JournalDocument(
        id=record.id, doc_type=record.doc_type, vendor=_text(values, "vendor_name") or "",
        registration_number=_text(values, "vendor_registration_number"),
        issue_date=issued, due_date=_date(values, "due_date"),
        invoice_number=_text(values, "invoice_number"),
        invoice_class=_invoice_class(record, warn),
        payment_method=_text(values, "payment_method"), total=total, parts=parts,
        descriptions=_descriptions(values))


def build_entry(doc: JournalDocument, debit: str, credit: str, taxes: TaxTable) -> Entry:
    lines = [Line(Side.DEBIT, debit, part.gross,
                  taxes.treatment(part.rate, doc.issue_date, doc.invoice_class), part.tax)
             for part in doc.parts]
    lines.append(Line(Side.CREDIT, credit, doc.total, OUTSIDE, 0))
    entry = Entry(doc, tuple(lines))
    if entry.total(Side.DEBIT) != entry.total(Side.CREDIT):
        raise ExportError(ExportCode.UNBALANCED, f"document {doc.id}")
    return entry


@dataclass
class ExportContext:
    """What every exporter may use, and where it reports."""

    taxes: TaxTable
    accounts: AccountRules
    learned: Mapping[str, str] = field(default_factory=dict)
    warnings: list[ExportWarning] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)

    def warn(self, code: Warn, document_id: int | None, detail: str = "") -> None:
        warning = ExportWarning(code, document_id, detail)
        if warning not in self.warnings:
            self.warnings.append(warning)
        if warning.skipped and document_id is not None:
            self.skipped.add(document_id)

    def entries(self, records: list[DocumentRecord]) -> Iterator[Entry]:
        for record in records:
            try:
                doc = journal_document(record, self.warn)
            except NotExportable as exc:
                self.warn(exc.code, record.id, exc.detail)
                continue
            choice = choose(doc, self.accounts, self.learned)
            yield build_entry(doc, choice.debit, choice.credit, self.taxes)

    def tax_name(self, product: str, treatment: TaxTreatment, document_id: int) -> TaxName:
        name = self.taxes.name(product, treatment)
        if name.mark == Mark.UNCONFIRMED:
            self.warn(Warn.UNCONFIRMED_TAX_NAME, document_id,
                      f"{product}: {name.category} {name.invoice}".strip())
        return name
