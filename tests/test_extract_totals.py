"""Total, subtotal and tax: labels in both languages, values right of or below the
label, and the cross-checks that pick among candidates. Documents are hand-made OCR
rows (tests/ocrdoc.py); a tab is a column gap."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from extract.amounts import extract_tax_mode, extract_totals
from extract.money import amounts, label_hits, money_in
from extract.registry import extract_document
from extract.schema import DocType, Extraction
from extract.view import DocView
from tests.ocrdoc import doc, receipt

D = Decimal


def totals(*rows: str, doc_type: DocType = DocType.RECEIPT, maker=receipt) -> Extraction:
    view = DocView(maker(*rows))
    result = Extraction(doc_type)
    extract_totals(view, result)
    extract_tax_mode(view, result)
    return result


TOTAL_CASES = [
    # (rows, expected total)
    (["小計 ¥1,000", "消費税 ¥100", "合計 ¥1,100"], D(1100)),
    (["ご請求金額 ¥110,000-"], D(110000)),
    (["Subtotal $39.85", "Sales Tax 6.25% $2.49", "TOTAL $42.34"], D("42.34")),
    (["Total Incl. GST@6% RM 5.90", "CASH RM 5.90"], D("5.90")),
    (["Total Sales (Excluding GST) 95.17", "Total GST 5.71",
      "Total Sales (Inclusive of GST) 100.88"], D("100.88")),
    # the label on its own line, the value under it
    (["TOTAL AMOUNT PAYABLE", "\tRM 41.95"], D("41.95")),
    # label and value in two columns that OCR returns as two lines
    (["Subtotal:\t$127.50", "Tax (0%):\t$0.00", "Total:\t$127.50"], D("127.50")),
    # the total label garbled by OCR: the amount that the arithmetic confirms wins
    (["小計 1,378", "8%対象 1,260", "10%対象 118", "AE 1,378", "お預り 2,000",
      "お釣り 622"], D(1378)),
    # a total misread by OCR loses to three checks that agree
    (["小計 2,750", "8%対象 1,410", "10%対象 1,340", "合計 2,730", "お預り 3,000",
      "お釣り 250"], D(2750)),
    # rounding: the rounded total, confirmed by cash - change
    (["Total RM Incl. of GST 49.39", "Rounding Adj 0.01", "Total RM 49.40", "Cash 50.00",
      "CHANGE 0.60"], D("49.40")),
    # a "Rounding" line that carries the rounded total
    (["Total Sales (Inclusive GST) RM 22.91", "Rounding RM 22.90", "CASH RM 50.00",
      "CHANGE RM 27.10"], D("22.90")),
    # a discount between subtotal and total
    (["小計 4,164", "クーポン値引 -200", "8%対象 940", "10%対象 3,224", "合計 3,964"], D(3964)),
    # net + tax = gross in one row
    (["Total facture 24.99 5.00 29.99"], D("29.99")),
    # paid by card, no change line
    (["Subtotal $53.13", "VISA ****6794 $57.51", "Sales Tax 8.25% $4.38"], D("57.51")),
    # a space after the decimal point
    (["Total RM Incl. of GST 49. 39", "Rounding Adj 0.01", "Total RM 49. 40"], D("49.40")),
    # words OCR cut apart between "Total" and the tax it includes
    (["Sub-tota 3.20", "Total Af ter Adj Incl GST 3,20", "3,30", "Change Amt 0.10"],
     D("3.20")),
    # a zero rounding row: the total above it stands, a misread rounded total under it
    # does not
    (["Total : 7.00", "Rour ding Adjustment ; 0.00", "Round: :d Total (RM): 7.80"],
     D("7.00")),
    (["Total Sales Inclusive GST @6% 18.00", "Total 12.00", "Round Adj 0.00",
      "CASH 20.60"], D("12.00")),
    # the first word of "TOTAL ROUNDED" lost to OCR
    (["TOTAL INCL .. GST RM", "ROUNDING ADJUSTMENT -RM 0.01", "JTAL ROUNDED RM 6.10",
      "CASK 2M 50.00"], D("6.10")),
]


@pytest.mark.parametrize(("rows", "want"), TOTAL_CASES)
def test_total(rows: list[str], want: Decimal) -> None:
    assert totals(*rows).get("total") == want


NOT_TOTAL_CASES = [
    # (rows, the amount that must not be the total)
    (["合計 ¥1,000", "お預り ¥5,000", "お釣り ¥4,000"], D(5000)),
    (["合計 ¥1,000", "お預かり ¥5,000"], D(5000)),
    (["前回ご請求額 ¥50,000", "ご入金額 ¥50,000", "今回ご請求額 ¥33,000"], D(50000)),
    (["TOTAL $42.34", "Cash $50.00", "Change $7.66"], D("50.00")),
    (["TOTAL TAX 3.12", "TOTAL 55.10"], D("3.12")),
    (["TOTAL INCLUDES 6% GST 1.44", "Total Rounded 25.40"], D("1.44")),
    (["Total Qty 2 52.00", "TOTAL 55.10"], D("52.00")),
    (["合計点数 3点", "合計 ¥900"], D(3)),
    # a total above a tax row is a subtotal: the zero rounding row confirms the last one
    (["Total 100.00", "GST 6.00", "Rounding 0.00", "Grand Total 106.00"], D("100.00")),
]


def test_a_tax_number_is_not_a_tax() -> None:
    """A GST ID that a tax label takes for an amount is larger than the subtotal: no
    total is derived from it."""
    result = totals("SUB-TOTAL 41.50", "GST 774411223388", "TOTAL INCL GST RM 41.20")
    assert result.get("total") == D("41.20")  # misread below the subtotal, still no sum


def test_id_gst_is_no_tax_label() -> None:
    result = totals("(NO. ID GST: 774411223388 )", "SUB-TOTAL 41.50", "Total GST 2.49",
                    "TOTAL INCL GST RM 43.99")
    assert result.get("tax_total") == D("2.49")
    assert result.get("total") == D("43.99")


@pytest.mark.parametrize(("rows", "wrong"), NOT_TOTAL_CASES)
def test_not_the_total(rows: list[str], wrong: Decimal) -> None:
    assert totals(*rows).get("total") != wrong


def test_no_total_without_amounts() -> None:
    assert totals("ひので薬局", "ありがとうございました").get("total") is None


def test_cash_alone_is_not_a_total() -> None:
    assert totals("お預り ¥1,000").get("total") is None


SUBTOTAL_TAX_CASES = [
    # (rows, subtotal, tax)
    (["小計 ¥669,646", "消費税 ¥66,713", "合計 ¥736,359", "10%対象 ¥657,100 消費税¥65,710",
      "8%対象 ¥12,546 消費税¥1,003"], D(669646), D(66713)),
    (["Subtotal\t$ 112.00", "Subtotal\t$ 150.90", "Subtotal\t$ 262.90",
      "Tax 15% on $ 112.90\t$ 16.94", "Total\t$ 279.84"], D("262.90"), D("16.94")),
    (["Exclusief BTW € 593,36 Subtotaal € 717,97", "BTW 21% € 124,61", "Totaal € 717,97"],
     D("593.36"), D("124.61")),
]


@pytest.mark.parametrize(("rows", "sub", "tax"), SUBTOTAL_TAX_CASES)
def test_subtotal_and_tax(rows: list[str], sub: Decimal, tax: Decimal) -> None:
    result = totals(*rows, doc_type=DocType.INVOICE, maker=doc)
    assert (result.get("subtotal"), result.get("tax_total")) == (sub, tax)


MODE_CASES = [
    (["小計 ¥1,000", "消費税 ¥100", "合計 ¥1,100"], DocType.INVOICE, False),
    (["合計 ¥1,100", "(内消費税等 ¥100)"], DocType.RECEIPT, True),
    (["小計 670", "消費税等 56", "合計 670"], DocType.INVOICE, True),
    (["小計 1,750", "合計 1,750", "お預り 2,000", "お釣り 250"], DocType.RECEIPT, True),  # 総額表示
    (["Subtotal $10.00", "Tax $1.00", "Total $11.00"], DocType.RECEIPT, False),
    (["Prices incl. VAT", "Total € 12,00"], DocType.RECEIPT, True),
]


@pytest.mark.parametrize(("rows", "doc_type", "want"), MODE_CASES)
def test_amounts_include_tax(rows: list[str], doc_type: DocType, want: bool) -> None:
    assert totals(*rows, doc_type=doc_type).get("amounts_include_tax") is want


def test_no_tax_mode_on_an_english_receipt_that_says_nothing() -> None:
    assert totals("TOTAL $5.00").get("amounts_include_tax") is None


def test_total_carries_evidence_of_its_checks() -> None:
    result = totals("小計 1,378", "AE 1,378", "お預り 2,000", "お釣り 622")
    evidence = result.fields["total"].evidence
    assert evidence is not None and "tendered-change" in evidence.source
    assert evidence.bbox[1] >= 40 + 45  # the "AE 1,378" row, not the subtotal row


# ---- the reading under the picks ----

LABEL_CASES = [
    ("合計金額（税込） ¥1,100", "total"),
    ("TotalExclofGST 45.00", "subtotal"),
    ("Tota! Incl. of GST 15.90", "total"),
    ("TOTAL (GST INCL) 38.37", "total"),
    ("Sub Total Before Discount RM 29.70", "subtotal"),
    ("内消費税等合計 ¥108", "tax_total"),
    ("Cashier: admin", None),  # Cash inside Cashier is no label
    ("GST Reg No. 001837511166", "ignore"),
    ("(NO. ID GST: 001837511166)", "ignore"),
    ("Total Af ter Adj Incl GST 1,75", "total"),
    ("Total Savings Incl GST 3.00", "discount"),  # not a total with words in between
    ("Total Items Incl GST 3", "count"),
    ("Rour ding Adjustment ; 0.00", "rounding"),
    ("JTAL ROUNDED RM 8.10", "total"),
]


@pytest.mark.parametrize(("text", "kind"), LABEL_CASES)
def test_first_label_kind(text: str, kind: str | None) -> None:
    hits = label_hits(text)
    assert (hits[0].kind if hits else None) == kind


def test_money_in_skips_counts_rates_and_unit_prices() -> None:
    view = DocView(doc("3点 x 100 ¥300 8% 2 @ 1.75"))
    assert [v for v, _, _ in money_in(view.lines[0])] == [D(300)]


def test_amounts_split_a_row_at_its_labels() -> None:
    view = DocView(doc("Total Saving 0.00 Total 77.20"))
    found = [(a.kind, a.value) for a in amounts(view)]
    assert found == [("discount", D("0.00")), ("total", D("77.20"))]


def test_whole_receipt_end_to_end() -> None:
    result = extract_document(receipt(
        "まるやまマート", "大阪府大阪市北区梅田5-11-11", "2025年9月9日(火) 15:07",
        "塩バターパン ※ ¥220", "ボールペン 黒 ¥160", "合計 ¥380", "(10%対象 ¥160)",
        "(内消費税等10% ¥14)", "(8%対象 ¥220)", "(内消費税等8% ¥16)", "お預り ¥1,000",
        "お釣り ¥620", big=(0,)))
    assert result.doc_type is DocType.RECEIPT
    assert result.get("total") == D(380)
    assert result.get("tax_total") == D(30)
    assert result.get("tax_breakdown") == {
        "10": {"taxable_amount": D(160), "tax": D(14)},
        "8": {"taxable_amount": D(220), "tax": D(16)}}


def test_subtotal_is_total_less_an_added_tax() -> None:
    result = totals("Sales Tax 6.25% $2.02", "TOTAL $34.27", "VISA $34.27")
    assert (result.get("subtotal"), result.get("tax_total")) == (D("32.25"), D("2.02"))
    assert result.fields["subtotal"].evidence.source == "derived:total-tax"


def test_net_tax_and_gross_of_one_row() -> None:
    result = totals("Montant EUR HT Montant TVA Montant EUR TTC",
                    "Total facture 24.99 5.00 29.99", doc_type=DocType.INVOICE, maker=doc)
    assert [result.get(n) for n in ("subtotal", "tax_total", "total")] == [
        D("24.99"), D("5.00"), D("29.99")]


def test_no_subtotal_derived_on_a_tax_inclusive_receipt() -> None:
    result = totals("合計 ¥1,100", "(内消費税等 ¥100)", "お預り ¥2,000")
    assert result.get("subtotal") is None


def test_a_total_below_the_subtotal_is_a_misread() -> None:
    result = totals("ご請求金額 ¥4,458, 1 13-", "小計 ¥4,052,830", "合計 ¥4,458,113",
                    doc_type=DocType.INVOICE, maker=doc)
    assert result.get("total") == D(4458113)


def test_a_subtotal_one_digit_off_is_mended_by_the_checks() -> None:
    """OCR read 24.90 as 24.96: the total is confirmed by cash - change, the tax by its
    rate on total - tax, so total - tax is the subtotal (and the evidence says so)."""
    result = totals("Paper Trail Books", "Bagel w/ Cream Cheese $4.15",
                    "Subtotal: - .$24.96", "Sales Tax 8.875% $2.21", "TOTAL $27.11",
                    "Cash $30.00", "Change $2.89")
    assert (result.get("total"), result.get("subtotal")) == (D("27.11"), D("24.90"))
    assert result.fields["subtotal"].evidence.source.endswith("cross-check:total-tax")


@pytest.mark.parametrize("rows", [
    # the total has no check of its own: the printed subtotal stays
    ["Subtotal $24.96", "Sales Tax 8.875% $2.21", "TOTAL $27.11"],
    # two digits off: not a misread digit
    ["Subtotal $24.16", "Sales Tax 8.875% $2.21", "TOTAL $27.11", "Cash $30.00",
     "Change $2.89"],
])
def test_a_subtotal_is_not_mended_without_both_checks(rows: list[str]) -> None:
    assert totals(*rows).get("subtotal") == D(rows[0].split("$")[1])


def test_the_tax_summary_gives_the_total_when_ocr_lost_its_amount() -> None:
    """The total's row kept its label but lost its amount: the GST summary under it
    (net 9.10, tax 0.55 = 6% of it) adds up to the total."""
    result = totals("POPULAR BOOK CO. (M) SDN BHD", "2pc @ 3,50", "R RING 500'S",
                    "Total RM Incl. of GST", "Cash", "CHANGE", "GST Summary Amount (RM)",
                    "T @ 6% 9.10 0.55", "Total Savings 0.00")
    assert result.get("total") == D("9.65")
    assert "tax-summary" in result.fields["total"].evidence.source


def test_the_tax_summary_confirms_a_weaker_label_against_a_misread_one() -> None:
    """"Total Sales Inclusive GST 16.00" is 10.00 misread; the summary (its tax 0:57
    with the point read as a colon) confirms "Total 10.00"."""
    rows = ["2 X 5.0000 10.00 SR", "Total Sales Inclusive GST @6% 16.00", "Discount 0.00",
            "Total 10.00", "CASH 20.60", "CHANGE 10.00", "GST Summary Amount(RM) Tax (RM)",
            "SR @ 6% 9.43 0:57,"]
    assert totals(*rows).get("total") == D("10.00")


def test_a_summary_row_whose_tax_is_not_its_rate_is_no_check() -> None:
    rows = ["Total Sales Inclusive GST @6% 16.00", "Total 10.00", "GST Summary",
            "SR @ 6% 9.43 0.80"]
    assert totals(*rows).get("total") == D("16.00")


def _unsure(document, token: str, confidence: float):
    """The document with `token` read less surely than the rest."""
    page = document.pages[0]
    words = tuple(replace(w, confidence=confidence) if w.text == token else w
                  for w in page.words)
    return replace(document, pages=(replace(page, words=words),))


MISREAD_TOTAL = ["Total Sales (Excluding GST): 47.15", "Total GST : 2.83", "Rounding : 0.02",
                 "Total Sales (Inclusive of GST) : 50.60"]


def test_a_total_one_digit_off_the_sum_it_read_less_surely_than_is_mended() -> None:
    """OCR read 50.00 as 50.60, unsure of it; 47.15 + 2.83 + 0.02 read surely."""
    view = DocView(_unsure(receipt(*MISREAD_TOTAL), "50.60", 0.55))
    result = Extraction(DocType.RECEIPT)
    extract_totals(view, result)
    assert result.get("total") == D("50.00")
    assert result.fields["total"].evidence.source.endswith("+mended:subtotal+tax")


def test_a_total_after_rounding_is_mended_to_the_rounded_sum() -> None:
    """75.88 + rounding 0.02 is 75.90; the printed 75.80 is one digit off both 75.88 and
    75.90, and the rounding row between the sum and the total says which it is."""
    rows = ["Total Excl. GST: 71.37", "Total GST : 4.51", "Rounding : 0.02",
            "Total Incl. GST : 75.80"]
    view = DocView(_unsure(receipt(*rows), "75.80", 0.55))
    result = Extraction(DocType.RECEIPT)
    extract_totals(view, result)
    assert result.get("total") == D("75.90")


@pytest.mark.parametrize(("rows", "token", "unsure"), [
    # the total read as surely as its parts: the parts may be the misread ones
    (MISREAD_TOTAL, "50.60", 0.95),
    # a part read less surely than the total
    (MISREAD_TOTAL, "47.15", 0.40),
    # two digits off: no single misread digit
    (MISREAD_TOTAL[:3] + ["Total Sales (Inclusive of GST) : 56.60"], "56.60", 0.55),
    # prices include the tax: 小計 + 内税 is no total
    (["小計 1,000", "内税 74", "合計 1,004"], "1,004", 0.55),
])
def test_a_total_is_not_mended_without_a_surer_sum(rows: list[str], token: str,
                                                   unsure: float) -> None:
    view = DocView(_unsure(receipt(*rows), token, unsure))
    result = Extraction(DocType.RECEIPT)
    extract_totals(view, result)
    assert result.get("total") == D(rows[-1].split(" ")[-1].replace(",", ""))


# Totals blocks whose labels OCR lost: shapes read from noisy receipt scans, labels
# garbled to Latin debris, the amounts and the rate rows still there.
LOST_LABELS = ["品名 金額", "クロワッサン 520", "カットサラダ 560", "ボックスティッシュ 480",
               "ant 1,560", "8%対象 1,080", "10%対象 480", "an 1,500", "PSS. 1a] 2,000",
               "xyz 500"]


def test_tendered_less_change_confirms_a_total_whose_labels_are_lost() -> None:
    result = totals(*LOST_LABELS)
    assert result.get("total") == D(1500)
    assert "cash-rows" in result.fields["total"].evidence.source


def test_no_total_from_unlabelled_cash_rows_that_do_not_add_up() -> None:
    rows = LOST_LABELS[:-1] + ["xyz 600"]
    assert totals(*rows).get("total") != D(1500)


def test_a_labelled_total_is_not_overruled_by_unlabelled_cash_rows() -> None:
    rows = LOST_LABELS[:7] + ["合計 1,560", "PSS. 1a] 2,000", "xyz 500"]
    assert totals(*rows).get("total") == D(1560)


def test_a_subtotal_whose_label_is_lost_is_the_sum_of_its_rate_rows() -> None:
    # the 小計 row read as "ant", a discount between it and a total below it
    assert totals(*LOST_LABELS).get("subtotal") == D(1560)


def test_the_total_is_the_rate_rows_less_a_discount_and_the_subtotal_adds_it_back() -> None:
    rows = ["品名 金額", "ミックスナッツ 320", "ミニサンド 440", "ウーボン -200", "8W 象 940",
            "10W 象 3,224", "en 3,964", "4,000"]
    result = totals(*rows)
    assert result.get("total") == D(3964)
    assert result.get("subtotal") == D(4164)


def test_one_rate_row_read_does_not_make_its_neighbours_parts_of_a_total() -> None:
    rows = ["品名 金額", "ミックスナッツ 320", "ミニサンド 440", "ウーボン -200", "940",
            "10W 象 3,224", "en 3,964", "4,000"]
    assert totals(*rows).get("total") is None


def test_no_subtotal_from_rate_rows_without_a_discount() -> None:
    rows = ["品名 金額", "ミックスナッツ 320", "ミニサンド 440", "940", "10W 象 3,224",
            "en 4,164", "5,000"]
    result = totals(*rows)
    assert result.get("subtotal") is None
