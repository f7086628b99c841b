"""Export batches: only approved documents, twice gives nothing new, files kept with
their hash, corrections applied, exact amounts, two exports at once. Documents are
built as rows directly: no OCR needed. The documents and the file readers here are
shared by the other test_export*.py modules."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from export.batches import batch_file, create_batch, current_values
from export.errors import ExportError, ExportInputError, NothingToExport
from models.db import Database, upgrade
from models.export_tables import ExportBatch
from models.search import Query
from models.tables import Correction, Document, ExtractedField, StatusEvent

# ---- documents as the pipeline and a reviewer leave them ---------------------------

AOBA_INVOICE: dict[str, Any] = {
    "file": "aoba-invoice.pdf", "doc_type": "invoice", "invoice_class": "qualified",
    "fields": {
        "vendor_name": "株式会社青葉企画", "vendor_registration_number": "T7123456789012",
        "customer_name": "株式会社よみとり", "issue_date": "2025-06-30",
        "due_date": "2025-07-31", "invoice_number": "A-2025-0630", "currency": "JPY",
        "amounts_include_tax": False, "subtotal": "100000", "tax_total": "10000",
        "total": "110000",
        "tax_breakdown": {"10": {"taxable_amount": "100000", "tax": "10000"}},
        "line_items": [{"description": "Webサイト デザイン制作", "quantity": "1",
                        "unit_price": "100000", "amount": "100000", "tax_rate": 10}],
        "payment_method": "bank_transfer"}}

MIXED_RECEIPT: dict[str, Any] = {
    "file": "famima-receipt.jpg", "doc_type": "receipt", "invoice_class": "simplified",
    "fields": {
        "vendor_name": "ファミリーマート 新宿三丁目店",
        "vendor_registration_number": "T4011001098993", "issue_date": "2025-05-12",
        "currency": "JPY", "amounts_include_tax": True, "tax_total": "140", "total": "1640",
        "tax_breakdown": {"8": {"taxable_amount": "540", "tax": "40"},
                          "10": {"taxable_amount": "1100", "tax": "100"}},
        "line_items": [
            {"description": "幕の内弁当 ※", "quantity": "1", "unit_price": "540",
             "amount": "540", "tax_rate": 8},
            {"description": "コピー用紙 A4", "quantity": "1", "unit_price": "1100",
             "amount": "1100", "tax_rate": 10}],
        "payment_method": "cash"}}

YAMADA_INVOICE: dict[str, Any] = {  # no registration number, dated in the 70% period
    "file": "yamada.pdf", "doc_type": "invoice", "invoice_class": "not_qualified",
    "fields": {
        "vendor_name": "山田デザイン事務所", "issue_date": "2026-11-10",
        "due_date": "2026-11-30", "invoice_number": "2026-118", "currency": "JPY",
        "amounts_include_tax": False, "subtotal": "50000", "tax_total": "5000",
        "total": "55000", "tax_breakdown": {"10": {"taxable_amount": "50000", "tax": "5000"}},
        "line_items": [{"description": "ロゴ制作", "amount": "50000", "tax_rate": 10}]}}

TAXI_RECEIPT: dict[str, Any] = {  # no breakdown: the rate comes from the tax total
    "file": "taxi.png", "doc_type": "receipt", "invoice_class": "not_qualified",
    "fields": {
        "vendor_name": "個人タクシー 佐藤", "issue_date": "2025-03-01", "currency": "JPY",
        "amounts_include_tax": True, "tax_total": "218", "total": "2400",
        "payment_method": "credit_card"}}

CONTRACT: dict[str, Any] = {
    "file": "contract.pdf", "doc_type": "contract", "invoice_class": None,
    "fields": {"contract_title": "業務委託契約書", "parties": ["株式会社よみとり", "山田太郎"],
               "contract_date": "2025-04-01", "contract_amount": "1200000",
               "auto_renewal": True}}

GOLDEN_SET = (AOBA_INVOICE, MIXED_RECEIPT, YAMADA_INVOICE, TAXI_RECEIPT, CONTRACT)


def add_document(session: Session, spec: dict[str, Any], status: str = "approved",
                 **changes: Any) -> Document:
    fields = {**spec["fields"], **changes}
    total = fields.get("total")
    issued = date.fromisoformat(fields["issue_date"]) if fields.get("issue_date") else None
    doc = Document(
        sha256=hashlib.sha256(f"{spec['file']}{sorted(changes.items())}{status}".encode())
        .hexdigest(), original_filename=spec["file"], mime_type="application/pdf",
        size_bytes=1, status=status, doc_type=spec["doc_type"],
        invoice_class=spec["invoice_class"],
        issue_date=issued, **({"sort_date": issued} if issued else {}),  # as indexing does
        total_amount=Decimal(total) if total and len(total) < 14 else None,  # Numeric(18,4)
        counterparty=fields.get("vendor_name"),
        registration_number=fields.get("vendor_registration_number"))
    session.add(doc)
    session.flush()
    for name, value in fields.items():
        session.add(ExtractedField(document_id=doc.id, name=name, value=value,
                                   confidence=0.99, source="test"))
    session.flush()
    return doc


def database(settings: Settings) -> Database:
    upgrade(settings.db_url)
    return Database(settings.db_url)


def stored(settings: Settings, *specs: dict[str, Any], status: str = "approved") -> Database:
    db = database(settings)
    with db.session() as s:
        for spec in specs:
            add_document(s, spec, status)
    return db


def export(db: Database, settings: Settings, fmt: str, **kw: Any) -> tuple[ExportBatch, bytes]:
    with db.session() as s:
        batch = create_batch(s, settings, fmt, "tester", **kw)
    return batch, batch_file(settings, batch)


# ---- a reader for each produced file, by its column specification -----------------

def read_csv(data: bytes, encoding: str, newline: str) -> list[list[str]]:
    if encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode(encoding)  # strict: a character the encoding lacks fails here
    assert text.endswith(newline)
    if newline == "\r\n":
        assert "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def yen(cell: str) -> int:
    assert cell == "" or cell.lstrip("-").isdigit(), cell  # integers, never 1.0 or 1e3
    return int(cell or 0)


def yayoi_entries(data: bytes) -> Iterator[dict[str, Any]]:
    """弥生: 25 columns, no header; 2000 alone, or 2110 (2100 ...) 2101 as one slip."""
    rows = read_csv(data, "cp932", "\r\n")
    slip: list[list[str]] = []
    for row in rows:
        assert len(row) == 25 and row[24] == "no" and row[19] == "0", row
        flag = row[0]
        assert (flag in ("2000", "2110")) == (not slip), f"slip out of order at {flag}"
        slip.append(row)
        if flag in ("2000", "2101"):
            yield {"ref": slip[0][16].split()[0], "date": slip[0][3], "rows": slip,
                   "debit": sum(yen(r[8]) for r in slip),
                   "credit": sum(yen(r[14]) for r in slip),
                   "tax_categories": [r[7] for r in slip if r[4]]}
            slip = []
    assert not slip, "unfinished slip"


MF_HEADER = ["取引No", "取引日", "借方勘定科目", "借方補助科目", "借方部門", "借方取引先",
             "借方税区分", "借方インボイス", "借方金額(円)", "借方税額", "貸方勘定科目",
             "貸方補助科目", "貸方部門", "貸方取引先", "貸方税区分", "貸方インボイス",
             "貸方金額(円)", "貸方税額", "摘要", "仕訳メモ", "タグ", "MF仕訳タイプ",
             "決算整理仕訳", "作成日時", "作成者", "最終更新日時", "最終更新者"]


def mf_entries(data: bytes, encoding: str = "cp932") -> Iterator[dict[str, Any]]:
    """MF: rows with the same 取引No and 取引日 are one entry; numbers count up."""
    rows = read_csv(data, encoding, "\r\n")
    assert rows[0] == MF_HEADER
    groups: dict[tuple[str, str], list[list[str]]] = {}
    for row in rows[1:]:
        assert len(row) == 27
        groups.setdefault((row[0], row[1]), []).append(row)
    assert [int(k[0]) for k in groups] == list(range(1, len(groups) + 1))
    for (_, day), group in groups.items():
        yield {"ref": group[0][18].split()[0], "date": day, "rows": group,
               "debit": sum(yen(r[8]) for r in group),
               "credit": sum(yen(r[16]) for r in group),
               "tax_categories": [(r[6], r[7]) for r in group if r[2]]}


FREEE_HEADER = ["収支区分", "管理番号", "発生日", "決済期日", "取引先コード", "取引先",
                "勘定科目", "税区分", "金額", "税計算区分", "税額", "備考", "品目", "部門",
                "メモタグ（複数指定可、カンマ区切り）", "セグメント1", "セグメント2",
                "セグメント3", "決済日", "決済口座", "決済金額"]


def freee_entries(data: bytes) -> Iterator[dict[str, Any]]:
    """freee: a 支出 row starts a 取引, rows with a blank 収支区分 add 明細 to it. The
    credit side is 決済金額 when settled, else freee's 未払金 for the whole 取引."""
    rows = read_csv(data, "utf-8-sig", "\r\n")
    assert rows[0] == FREEE_HEADER
    deals: list[list[list[str]]] = []
    for row in rows[1:]:
        assert len(row) == 21
        assert row[0] in ("支出", ""), row[0]
        if row[0]:
            deals.append([row])
        else:
            assert deals and not any(row[18:21]), "settlement only on the first row"
            deals[-1].append(row)
    for deal in deals:
        debit = sum(yen(r[8]) for r in deal)
        settled = bool(deal[0][20])
        yield {"ref": deal[0][1], "date": deal[0][2], "rows": deal, "debit": debit,
               "credit": yen(deal[0][20]) if settled else debit, "settled": settled,
               "tax_categories": [r[7] for r in deal]}


def journal_entries(data: bytes) -> Iterator[dict[str, Any]]:
    rows = read_csv(data, "utf-8", "\n")
    header, body = rows[0], rows[1:]
    assert header[:10] == ["entry_id", "date", "line_no", "account", "sub_account",
                           "department", "debit", "credit", "tax_code", "tax_amount"]
    groups: dict[str, list[dict[str, str]]] = {}
    for row in body:
        assert len(row) == len(header)
        groups.setdefault(row[0], []).append(dict(zip(header, row, strict=True)))
    for group in groups.values():
        yield {"ref": group[0]["document_ref"], "date": group[0]["date"], "rows": group,
               "debit": sum(yen(r["debit"]) for r in group),
               "credit": sum(yen(r["credit"]) for r in group),
               "tax_categories": [(r["tax_code"], r["deduction_percent"])
                                  for r in group if r["debit"]]}


READERS = {"yayoi": yayoi_entries, "moneyforward": mf_entries, "freee": freee_entries,
           "journal": journal_entries}
JOURNAL_FORMATS = tuple(READERS)


def balanced_entries(fmt: str, data: bytes) -> list[dict[str, Any]]:
    entries = list(READERS[fmt](data))
    for entry in entries:
        assert entry["debit"] == entry["credit"] > 0, entry
    return entries


# ---- batches -----------------------------------------------------------------------

def test_second_export_gives_nothing_new(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT)
    first, _ = export(db, settings, "yayoi")
    assert first.document_ids == [2, 1]  # by transaction date
    with pytest.raises(NothingToExport) as info, db.session() as s:
        create_batch(s, settings, "yayoi", "tester")
    assert "already" not in info.value.detail  # nothing asked by id: nothing to say
    with pytest.raises(NothingToExport) as info, db.session() as s:
        create_batch(s, settings, "moneyforward", "tester", document_ids=[1, 2])
    assert "already_exported: 2" in info.value.detail
    with db.session() as s:
        assert [b.id for b in s.scalars(select(ExportBatch))] == [first.id]
        assert {d.status for d in s.scalars(select(Document))} == {"exported"}
        events = s.scalars(select(StatusEvent).where(StatusEvent.to_status == "exported"))
        assert {(e.actor, e.reason) for e in events} == {("tester", "export batch 1 (yayoi)")}


def test_reexport_only_when_asked(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT)
    first, data = export(db, settings, "yayoi")
    again, data2 = export(db, settings, "yayoi", document_ids=[1], reexport=True)
    assert again.document_ids == [1] and again.reexport
    assert data2 != data and [e["ref"] for e in yayoi_entries(data2)] == ["yomitori#1"]
    with db.session() as s:
        assert s.get_one(Document, 1).status == "exported"


def test_only_approved_documents(settings: Settings) -> None:
    db = database(settings)
    with db.session() as s:
        approved = add_document(s, AOBA_INVOICE).id
        waiting = add_document(s, MIXED_RECEIPT, status="needs_review").id
        deleted = add_document(s, TAXI_RECEIPT)
        deleted.deleted_at, deleted_id = deleted.received_at, deleted.id
    batch, data = export(db, settings, "journal", document_ids=[approved, waiting,
                                                                   deleted_id, 99])
    assert batch.document_ids == [approved]
    assert {e["ref"] for e in journal_entries(data)} == {f"yomitori#{approved}"}
    skipped = {w["document_id"]: w["code"] for w in batch.warnings if w["skipped"]}
    assert skipped == {waiting: "not_approved", deleted_id: "deleted", 99: "not_found"}
    with db.session() as s:
        assert s.get_one(Document, waiting).status == "needs_review"


def test_batch_is_recorded_and_its_file_kept(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE)
    batch, data = export(db, settings, "freee")
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert batch.actor == "tester" and batch.created_at is not None
    assert (settings.store_dir / batch.file_path).read_bytes() == data
    assert batch.row_count == 1 and batch.encoding == "utf-8-sig"
    (settings.store_dir / batch.file_path).write_bytes(data + b"x")
    with pytest.raises(ExportError) as info:
        batch_file(settings, batch)
    assert info.value.code == "export_file_changed"


def test_filters_and_unknown_format(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT, YAMADA_INVOICE)
    batch, _ = export(db, settings, "csv", filters=Query(date_from=date(2025, 6, 1),
                                                          date_to=date(2025, 12, 31)))
    assert batch.document_ids == [1]
    with pytest.raises(ExportInputError), db.session() as s:
        create_batch(s, settings, "quickbooks", "tester")
    with pytest.raises(ExportInputError), db.session() as s:
        create_batch(s, settings, "yayoi", "tester", encoding="utf-8")


def test_documents_that_cannot_be_entries_are_left_out_and_said(settings: Settings) -> None:
    db = database(settings)
    with db.session() as s:
        good = add_document(s, TAXI_RECEIPT).id
        no_total = add_document(s, AOBA_INVOICE, total=None).id
        dollars = add_document(s, MIXED_RECEIPT, currency="USD").id
    batch, data = export(db, settings, "moneyforward")
    assert batch.document_ids == [good]
    codes = {w["document_id"]: w["code"] for w in batch.warnings if w["skipped"]}
    assert codes == {no_total: "no_total", dollars: "not_jpy"}
    with db.session() as s:  # still waiting to be exported once fixed
        assert s.get_one(Document, no_total).status == "approved"


def test_corrections_are_what_is_exported(settings: Settings) -> None:
    db = stored(settings, TAXI_RECEIPT)
    with db.session() as s:
        s.add(Correction(document_id=1, field_name="total", old_value="2400",
                         new_value="3300", actor="clerk"))
        s.add(Correction(document_id=1, field_name="tax_total", old_value="218",
                         new_value="300", actor="clerk"))
    with db.session() as s:
        assert current_values(s, [1])[1]["total"] == "3300"
    _, data = export(db, settings, "journal")
    assert [e["debit"] for e in journal_entries(data)] == [3300]


def test_amounts_stay_exact_decimals_never_floats(settings: Settings) -> None:
    big = "9007199254740993"  # 2**53 + 1: a float would print ...992
    db = stored(settings, {**AOBA_INVOICE, "fields": {
        **AOBA_INVOICE["fields"], "subtotal": "8188362958855448", "tax_total":
        "818836295885545", "total": big, "tax_breakdown": {"10": {
            "taxable_amount": "8188362958855448", "tax": "818836295885545"}}}})
    _, data = export(db, settings, "journal")
    [entry] = journal_entries(data)
    assert entry["debit"] == entry["credit"] == int(big)
    assert f",{big}," in data.decode()
    _, csv_data = export(db, settings, "csv", reexport=True)
    assert f",{big}," in csv_data.decode("utf-8-sig")
    with pytest.raises(NothingToExport), db.session() as s:  # 弥生 takes 11 digits
        create_batch(s, settings, "yayoi", "tester", reexport=True)


def test_two_exports_at_once_never_share_a_document(settings: Settings) -> None:
    """The second export waits for the first (SQLite write lock, PostgreSQL FOR UPDATE)
    and then finds nothing left."""
    import threading
    import time

    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT)
    results: dict[str, object] = {}

    def second() -> None:
        try:
            with db.session() as s:
                results["second"] = create_batch(s, settings, "yayoi", "b").document_ids
        except NothingToExport:
            results["second"] = "nothing"

    with db.session() as s:
        results["first"] = create_batch(s, settings, "yayoi", "a").document_ids
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second one is now waiting on this transaction
    thread.join(timeout=60)
    assert results == {"first": [2, 1], "second": "nothing"}
