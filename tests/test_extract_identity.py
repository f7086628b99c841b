"""Dates (labelled, first, two-digit years by locale), currency, invoice number,
customer, registration number, and the document type by score."""

from __future__ import annotations

from datetime import date

import pytest

from extract.doctype import classify, score_types
from extract.identity import (
    dates_in,
    extract_bank_account,
    extract_currency,
    extract_customer,
    extract_dates,
    extract_invoice_number,
    extract_payment_method,
    extract_registration,
)
from extract.regional import DateOrder, currency, date_order, is_japanese
from extract.schema import DocType, Extraction
from extract.view import DocView
from tests.ocrdoc import doc, receipt


def run(rule, *rows: str, doc_type: DocType = DocType.INVOICE, maker=doc) -> Extraction:
    result = Extraction(doc_type)
    rule(DocView(maker(*rows)), result)
    return result


DATE_CASES = [
    # (rows, issue date)
    (["請求番号:20260509-622", "請求日:2026年5月9日", "お支払期限:2026年6月8日"], date(2026, 5, 9)),
    (["お支払期限:令和7年1月31日", "請求日:令和6年12月24日"], date(2024, 12, 24)),
    (["Invoice Date:\tDue Date:", "03/20/2023\t04/04/2023", "Total $5.00"], date(2023, 3, 20)),
    (["Order Date: 15-10-2015", "Invoice Date: 20-10-2015"], date(2015, 10, 20)),
    (["Date : 25/12/2018 8:13:39 PM", "Total RM 9.00"], date(2018, 12, 25)),
    # two-digit years: day first with ringgit, month first with dollars
    (["RM 5.00", "01/03/18 19:14 Slip No.: 0010104733"], date(2018, 3, 1)),
    (["$5.00", "01/03/18 19:14"], date(2018, 1, 3)),
    (["RM 5.00", "18-10- 17 15:16 SHO1"], date(2017, 10, 18)),
    # dollar signs on a Malaysian till receipt: still day first
    (["KEDAI MAWAR SDN BHD", "Jalan Dua, Johor", "03/04/18 18:40", "Total $5.00",
      "Cash $5.00"], date(2018, 4, 3)),
    (["Facture n°562044 du 02 Juillet 2015"], date(2015, 7, 2)),
    (["Rechnungsdatum 7. Mai 2014"], date(2014, 5, 7)),
    # a street number is not a date; the full date further down is
    (["東京都千代田区神田錦町1-12-21", "2024年10月16日(水) 15:11"], date(2024, 10, 16)),
]


@pytest.mark.parametrize(("rows", "want"), DATE_CASES)
def test_issue_date(rows: list[str], want: date) -> None:
    assert run(extract_dates, *rows).get("issue_date") == want


def test_due_date_is_not_the_issue_date() -> None:
    result = run(extract_dates, "Due Date: 12 June 2024", "Payment terms: 30 days")
    assert result.get("due_date") == date(2024, 6, 12)
    assert result.get("issue_date") is None


def test_no_date_in_an_address_alone() -> None:
    assert run(extract_dates, "神奈川県横浜市西区みなとみらい1-7-8").get("issue_date") is None


@pytest.mark.parametrize(("text", "order", "want"), [
    ("12/03/18", DateOrder.DMY, date(2018, 3, 12)),
    ("12/03/18", DateOrder.MDY, date(2018, 12, 3)),
    ("24/05/31(金)", DateOrder.YMD, date(2024, 5, 31)),
    ("2024/05/31", DateOrder.MDY, date(2024, 5, 31)),
])
def test_dates_in(text: str, order: DateOrder, want: date) -> None:
    assert dates_in(text, order)[0][0] == want


CURRENCY_CASES = [
    (["Total RM 5.90"], "MYR"),
    (["合計 ¥1,000", "ありがとうございました"], "JPY"),
    (["お買上げありがとうございました", "合計 1,000"], "JPY"),  # no sign: Japanese text
    (["Total € 56,02"], "EUR"),
    (["Grand Total Rs 1939"], "INR"),
    (["Total $4.11"], "USD"),
    # a dollar sign read off a Malaysian receipt: the country words outvote it
    (["UNIHAKKA INTERNATIONAL SDN BHD", "Jalan Tampoi, Johor", "Total $8.20"], "MYR"),
    # ... however many dollar signs the till prints
    (["MAWAR ENTERPRISE SDN BHD", "$6.60 1 $6.60", "Total Amount: $6.60", "CASH $10.00"],
     "MYR"),
    (["Coffee $3.50", "Muffin $2.75", "Total $6.25", "Cash $10.00"], "USD"),
    (["Total US$ 6.25"], "USD"),
]


@pytest.mark.parametrize(("rows", "want"), CURRENCY_CASES)
def test_currency(rows: list[str], want: str) -> None:
    assert run(extract_currency, *rows).get("currency") == want


def test_no_currency_without_signs() -> None:
    assert currency(DocView(doc("hello world"))) is None


def test_date_order_by_currency() -> None:
    assert [date_order(c) for c in ("JPY", "USD", "MYR", None)] == [
        DateOrder.YMD, DateOrder.MDY, DateOrder.DMY, DateOrder.DMY]


def test_katakana_noise_does_not_make_english_japanese() -> None:
    view = DocView(doc("GOODS SOLD ARE NOT RETURNABLE THANK YOU", "ポニ ーー", "TOTAL 5.00"))
    assert not is_japanese(view)


INVOICE_NUMBER_CASES = [
    (["請求番号:20260509-622"], "20260509-622"),
    (["Invoice #: 235707"], "235707"),
    (["Facture n° 2022089083"], "2022089083"),
    (["Factuurnummer: 993548900"], "993548900"),
    (["Invoice No : # BLR_WFLD20151000982590"], "BLR_WFLD20151000982590"),
    (["Invoice Number:", "42183017"], "42183017"),
]


@pytest.mark.parametrize(("rows", "want"), INVOICE_NUMBER_CASES)
def test_invoice_number(rows: list[str], want: str) -> None:
    assert run(extract_invoice_number, *rows).get("invoice_number") == want


def test_a_date_is_not_an_invoice_number() -> None:
    assert run(extract_invoice_number, "No. 2024/05/31").get("invoice_number") is None


def test_customer_without_honorific() -> None:
    result = run(extract_customer, "株式会社北斗企画 御中\t株式会社山田デザイン")
    assert result.get("customer_name") == "株式会社北斗企画"


def test_registration_number() -> None:
    result = run(extract_registration, "登録 番号T8120102552951")
    assert result.get("vendor_registration_number") == "T8120102552951"


DOCTYPE_CASES = [
    (doc("御請求書", "請求日:2026年5月9日", "ご請求金額 ¥736,359-"), DocType.INVOICE),
    (doc("Facture n° 2022089083", "Total TTC : 56,02 €"), DocType.INVOICE),
    # a till receipt by its shape and its totals, even with the title lost
    (receipt("まるやまマート", "塩バターパン ¥220", "小計 ¥220", "合計 ¥220"), DocType.RECEIPT),
    (doc("Subtotal $53.13", "Sales Tax 8.25% $4.38", "TOTAL $57.51", "VISA ****6794"),
     DocType.RECEIPT),
    (doc("業務委託契約書", "第1条 (目的)", "甲と乙は以下のとおり契約を締結する。"),
     DocType.CONTRACT),
    (doc("hello world"), DocType.OTHER),
]


@pytest.mark.parametrize(("ocr", "want"), DOCTYPE_CASES)
def test_doc_type(ocr, want: DocType) -> None:
    assert classify(score_types(DocView(ocr))) is want


def test_labels_survive_ocr_spaces_between_japanese_characters() -> None:
    result = run(extract_invoice_number, "請求 番号:20231024-053")
    assert result.get("invoice_number") == "20231024-053"
    assert run(extract_dates, "お支払 期限:2021/04/30").get("due_date") == date(2021, 4, 30)


def test_customer_under_bill_to() -> None:
    result = run(extract_customer, "Summit Software Inc.", "Bill To:", "Ironbridge Supply Co.",
                 "83 Riverside Road")
    assert result.get("customer_name") == "Ironbridge Supply Co."


def test_bank_account() -> None:
    result = run(extract_bank_account, "【お振込先】", "三井住友銀行 名古屋支店 当座 3748290",
                 "口座名義: 株式会社山田デザイン")
    assert result.get("bank_account") == "三井住友銀行 名古屋支店 当座 3748290"


def test_no_bank_account_without_account_number() -> None:
    assert run(extract_bank_account, "三井住友銀行 名古屋支店").get("bank_account") is None


@pytest.mark.parametrize(("rows", "want"), [
    (["合計 ¥584", "お預り ¥1,000", "お釣り ¥416"], "cash"),
    (["合計 ¥1,622", "クレジット ¥1,622"], "credit_card"),
    (["合計 ¥2,420", "電子マネー ¥2,420"], "electronic_money"),
    (["TOTAL $57.51", "VISA ****6794 $57.51"], "credit_card"),
    (["ご請求金額 ¥736,359-", "【お振込先】 三井住友銀行"], "bank_transfer"),
    (["合計 ¥584"], None),
])
def test_payment_method(rows: list[str], want: str | None) -> None:
    assert run(extract_payment_method, *rows).get("payment_method") == want
