"""Export rules: account mapping (remembered choices, vendor and keyword rules, the
credit side), the dated deduction schedule and each product's tax names, and the cell
safety rules (formula injection, characters cp932 lacks)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from core.settings import Settings
from export.accounts import load_account_rules
from export.learned import remember_account
from export.taxes import load_tax_table
from export.types import Row
from export.writer import FileSpec, fit, neutralise, write
from tests.test_export import (AOBA_INVOICE, MIXED_RECEIPT, TAXI_RECEIPT, balanced_entries,
                               export, journal_entries, stored)
from validate.types import InvoiceClass

# ---- account mapping ---------------------------------------------------------------

def test_accounts_by_vendor_keyword_type_and_payment(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT, TAXI_RECEIPT)
    _, data = export(db, settings, "journal")
    accounts = {e["ref"]: [(r["account"], r["debit"], r["credit"]) for r in e["rows"]]
                for e in journal_entries(data)}
    assert accounts["yomitori#1"] == [("外注費", "110000", ""), ("未払金", "", "110000")]
    assert accounts["yomitori#2"] == [("消耗品費", "1100", ""), ("消耗品費", "540", ""),
                                      ("現金", "", "1640")]
    assert accounts["yomitori#3"] == [("旅費交通費", "2400", ""), ("未払金", "", "2400")]


def test_a_remembered_choice_comes_first(settings: Settings) -> None:
    db = stored(settings, MIXED_RECEIPT)
    with db.session() as s:
        remember_account(s, "ﾌｧﾐﾘｰﾏｰﾄ  新宿三丁目店", "会議費", actor="reviewer")
        remember_account(s, "ファミリーマート 新宿三丁目店", "福利厚生費")  # replaces
    _, data = export(db, settings, "journal")
    [entry] = journal_entries(data)
    assert [r["account"] for r in entry["rows"]] == ["福利厚生費", "福利厚生費", "現金"]


def test_accounts_file_from_settings(settings: Settings, tmp_path) -> None:
    rules = tmp_path / "accounts.yaml"
    rules.write_text("vendors:\n  - {match: 青葉, account: 支払手数料}\n"
                     "credit:\n  invoice: 買掛金\n", encoding="utf-8")
    custom = settings.model_copy(update={"accounts_file": rules})
    db = stored(custom, AOBA_INVOICE)
    _, data = export(db, custom, "journal")
    [entry] = journal_entries(data)
    assert [r["account"] for r in entry["rows"]] == ["支払手数料", "買掛金"]
    assert load_account_rules(rules).default == "雑費"


def test_payable_for_goods_bought_for_resale() -> None:
    from export.accounts import AccountRules, choose
    from export.journal import journal_document
    from export.types import DocumentRecord

    rules = AccountRules.model_validate({"vendors": [{"match": "青葉", "account": "仕入高"}]})
    record = DocumentRecord(1, "a.pdf", "invoice", "qualified", AOBA_INVOICE["fields"])
    doc = journal_document(record, lambda *a: None)
    assert choose(doc, rules, {}).credit == "買掛金"


# ---- tax categories ----------------------------------------------------------------

@pytest.mark.parametrize(("day", "klass", "expected"), [
    ("2023-09-30", "not_qualified", 100),  # before インボイス制度
    ("2023-10-01", "not_qualified", 80),
    ("2026-09-30", "not_qualified", 80),
    ("2026-10-01", "not_qualified", 70),
    ("2028-10-01", "unknown", 50),
    ("2030-10-01", "not_qualified", 30),
    ("2031-10-01", "not_qualified", 0),
    ("2026-10-01", "qualified", 100),
    ("2026-10-01", "simplified", 100),
])
def test_deduction_schedule(day: str, klass: str, expected: int) -> None:
    table = load_tax_table()
    assert table.deduction(date.fromisoformat(day), InvoiceClass(klass)) == expected


def test_every_product_names_every_case() -> None:
    from export.types import TaxTreatment

    table = load_tax_table()
    assert table.name("yayoi", TaxTreatment(10, 80)).category == "課対仕入内10%区分80%"
    assert table.name("yayoi", TaxTreatment(8, 100)).category == "課対仕入内軽減8%適格"
    assert table.name("freee", TaxTreatment(10, 80)).category == "課対仕入(控80)10%"
    mf = table.name("moneyforward", TaxTreatment(8, 70))
    assert (mf.category, mf.invoice) == ("課税仕入 (軽)8%", "70%控除")


# ---- cells -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx", "＝1"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == ("'" + text, True)


def test_cp932_keeps_twins_and_replaces_the_rest() -> None:
    assert fit("〜−", "cp932") == ("～－", "")
    assert fit("𠮷野家 髙島屋 ①", "cp932") == ("〓野家 髙島屋 ①", "𠮷")


def test_writer_neutralises_text_but_not_numbers() -> None:
    spec = FileSpec(columns=("text", "amount"), header=False, encodings=("cp932",),
                    newline="\r\n")
    out = write([Row(1, ("=HYPERLINK(\"x\")", -500)), Row(2, ("𠮷\n野", Decimal("1.50")))],
                spec, "cp932")
    assert out.data.decode("cp932") == "\"'=HYPERLINK(\"\"x\"\")\",-500\r\n〓 野,1.50\r\n"
    assert [(w.code, w.document_id) for w in out.warnings] == [
        ("formula_neutralised", 1), ("characters_replaced", 2)]


def test_injection_and_unencodable_names_in_a_real_batch(settings: Settings) -> None:
    db = stored(settings, {**TAXI_RECEIPT, "fields": {
        **TAXI_RECEIPT["fields"], "vendor_name": "=cmd|' /C calc'!A0 𠮷田タクシー"}})
    batch, data = export(db, settings, "yayoi")
    [entry] = balanced_entries("yayoi", data)
    memo = entry["rows"][0][16]
    assert memo == "yomitori#1 =cmd|' /C calc'!A0 〓田タクシー"  # starts with y: safe
    replaced = [w for w in batch.warnings if w["code"] == "characters_replaced"]
    assert replaced == [{"code": "characters_replaced", "document_id": 1, "skipped": False,
                         "detail": "摘要: 𠮷 -> 〓"}]
    _, csv_data = export(db, settings, "csv", reexport=True)
    row = next(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig"))))
    assert row["vendor_name"] == "'=cmd|' /C calc'!A0 𠮷田タクシー"
    assert row["total"] == "2400"


# ---- odd stored values: left out with a reason, never a crash ------------------------

@pytest.mark.parametrize(("changes", "code"), [
    ({"total": "Infinity"}, "fractional_yen"),
    ({"total": "NaN"}, "fractional_yen"),
    ({"total": "1640.5"}, "fractional_yen"),
    ({"total": "-1640"}, "not_positive"),
    ({"total": "abc"}, "no_total"),
    ({"issue_date": "令和7年5月12日"}, "no_date"),
    ({"currency": "USD"}, "not_jpy"),
    ({"total": "1000"}, "amounts_inconsistent"),  # the breakdown says 1640
])
def test_values_that_cannot_become_an_entry(changes: dict, code: str) -> None:
    from export.errors import NotExportable
    from export.journal import journal_document
    from export.types import DocumentRecord

    values = {**MIXED_RECEIPT["fields"], **changes}
    with pytest.raises(NotExportable) as info:
        journal_document(DocumentRecord(1, "r.jpg", "receipt", "simplified", values),
                         lambda *a: None)
    assert info.value.code == code


@pytest.mark.parametrize(("changes", "parts", "notes"), [
    ({}, [(10, 1100, 100), (8, 540, 40)], []),
    ({"amounts_include_tax": None}, [(10, 1100, 100), (8, 540, 40)], []),
    ({"tax_breakdown": None}, [(10, 1100, 100), (8, 540, 40)], []),  # from line items
    ({"tax_breakdown": None, "line_items": [{"amount": "x"}], "tax_total": None},
     [(None, 1640, 0)], ["no_tax_rate"]),
    ({"tax_breakdown": {"8": {"taxable_amount": "540", "tax": "40"}}, "line_items": None,
      "tax_total": None}, [(8, 540, 40), (None, 1100, 0)], ["untaxed_remainder"]),
    ({"tax_breakdown": None, "line_items": None, "tax_total": "0"},
     [(None, 1640, 0)], ["no_tax_rate"]),
])
def test_rate_parts(changes: dict, parts: list, notes: list) -> None:
    from export.amounts import rate_parts

    values = {**MIXED_RECEIPT["fields"], **changes}
    got, warned = rate_parts(values, 1640)
    assert [(p.rate, p.gross, p.tax) for p in got] == parts
    assert [str(w) for w in warned] == notes
