"""Tax per rate: the 8%対象 / 10%対象 rows, the 内税 rows, OCR's misreadings of %, the
rows whose label OCR lost (taken when the rate's tax confirms them), other countries'
single rates, and the rows that are not rate rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.amounts import extract_tax_breakdown, extract_tax_mode, extract_totals
from extract.schema import DocType, Extraction
from extract.tax import consistent, rate_of
from extract.view import DocView
from tests.ocrdoc import doc, receipt

D = Decimal


def tax_breakdown(*rows: str, doc_type: DocType = DocType.RECEIPT, maker=receipt):
    view = DocView(maker(*rows))
    result = Extraction(doc_type)
    for rule in (extract_totals, extract_tax_mode, extract_tax_breakdown):
        rule(view, result)
    return result.get("tax_breakdown")


BREAKDOWN_CASES = [
    (["合計 ¥1,378", "8%対象 1,260", "10%対象 118", "内税8% 93", "内税10% 11"],
     {"8": {"taxable_amount": D(1260), "tax": D(93)},
      "10": {"taxable_amount": D(118), "tax": D(11)}}),
    (["合計 ¥6,730", "軽減税率対象 780", "標準税率対象 5,950"],
     {"8": {"taxable_amount": D(780)}, "10": {"taxable_amount": D(5950)}}),
    (["10%対象 ¥657,100 消費税¥65,710", "8%対象 ¥12,546 消費税¥1,003"],
     {"10": {"taxable_amount": D(657100), "tax": D(65710)},
      "8": {"taxable_amount": D(12546), "tax": D(1003)}}),
    (["合計 ¥584", "(8%対象 ¥584)", "(内消費税等8% ¥43)"],
     {"8": {"taxable_amount": D(584), "tax": D(43)}}),
    # OCR dropped or misread the % before 対象
    (["合計 1,650", "8対象 1,470", "1096対象 180"],
     {"8": {"taxable_amount": D(1470)}, "10": {"taxable_amount": D(180)}}),
    (["合計 2,750", "89対象 1,410", "109%対象 1,340"],
     {"8": {"taxable_amount": D(1410)}, "10": {"taxable_amount": D(1340)}}),
    # a rate row whose label OCR garbled: the rightmost amount is the taxable one
    (["合計 2,797", "8% TIM 1,800", "10% 21 997"],
     {"8": {"taxable_amount": D(1800)}, "10": {"taxable_amount": D(997)}}),
    # the 8% taxable row lost its label: 内税8% 93 confirms 1,260
    (["小計 1,378", "S%ITR 1,260", "10% xt 118", "内税8% 93", "内税10% 11", "合計 1,378"],
     {"8": {"taxable_amount": D(1260), "tax": D(93)},
      "10": {"taxable_amount": D(118), "tax": D(11)}}),
    # the tax row lost its label: consistent with the taxable amount, so it is the tax
    (["合計 6,050", "8対象 720", "10%対象 5,330", "Ait 8% 53", "PIB 10% 485"],
     {"8": {"taxable_amount": D(720), "tax": D(53)},
      "10": {"taxable_amount": D(5330), "tax": D(485)}}),
    # one rate missing: on a tax-inclusive receipt it is the total less the other
    (["小計 2,750", "SUR 1,410", "109%対象 1,340", "合計 2,750", "お預り 3,000", "お釣り 250"],
     {"8": {"taxable_amount": D(1410)}, "10": {"taxable_amount": D(1340)}}),
    # both taxable rows lost their labels, the 内税 rows kept only the rate: each lone
    # amount of a rate row is the tax of an unlabelled amount above, not a taxable amount
    (["小計 2,797", "\t1,800", "\t997", "Prt 8% 133", "PY 10% 91", "合計 2,797"],
     {"8": {"taxable_amount": D(1800), "tax": D(133)},
      "10": {"taxable_amount": D(997), "tax": D(91)}}),
    # 8 read as B, 10 as 1O before the % sign
    (["合計 4,846", "B% IS 3,490", "1O%W ATM 1,356"],
     {"8": {"taxable_amount": D(3490)}, "10": {"taxable_amount": D(1356)}}),
    # the 8% row's rate garbled ("BUR"): its tax is 8% of its amount, and not 10%
    (["小計 ¥290,920", "消費税 ¥27,509", "合計 ¥318,429", "10%対象 ¥211,800 消費税 ¥21,180",
      "BUR ¥79,120 消費税 ¥6,329"],
     {"10": {"taxable_amount": D(211800), "tax": D(21180)},
      "8": {"taxable_amount": D(79120), "tax": D(6329)}}),
    # both rates misread before 対象 ("SW", "⑯") and a point for the thousands comma
    (["小計 3.620", "SW対象 1.480", "10⑯対象 2.140", "合計 3,620"],
     {"8": {"taxable_amount": D(1480)}, "10": {"taxable_amount": D(2140)}}),
    # a stray point after the comma of a yen tax: ¥194,.560 is 194,560
    (["合計 ¥2,238,915", "10% K ¥1,945,600 消費税 ¥194,.560", "8%対象 ¥91,440 消費税 ¥7,315"],
     {"10": {"taxable_amount": D(1945600), "tax": D(194560)},
      "8": {"taxable_amount": D(91440), "tax": D(7315)}}),
    # a space for the comma of a yen amount: ¥3 690 is 3,690, as 内税 ¥273 confirms
    (["合計 ¥4,608", "(10%対象 ¥918)", "(内税10% ¥83)", "(8%対象 ¥3 690)", "(内税8% ¥273)"],
     {"10": {"taxable_amount": D(918), "tax": D(83)},
      "8": {"taxable_amount": D(3690), "tax": D(273)}}),
]


@pytest.mark.parametrize(("rows", "want"), BREAKDOWN_CASES)
def test_breakdown(rows: list[str], want: dict) -> None:
    assert tax_breakdown(*rows) == want


def test_other_countries_single_rate_takes_the_subtotal_as_base() -> None:
    got = tax_breakdown("Subtotal €5,663.00", "VAT (20%) €1,132.60", "Total Due €6,795.60",
                        doc_type=DocType.INVOICE, maker=doc)
    assert got == {"20": {"taxable_amount": D("5663.00"), "tax": D("1132.60")}}


def test_decimal_rate_key() -> None:
    got = tax_breakdown("Subtotal $39.85", "Sales Tax 6.25% $2.49", "TOTAL $42.34")
    assert got == {"6.25": {"taxable_amount": D("39.85"), "tax": D("2.49")}}


NO_BREAKDOWN_CASES = [
    ["合計 ¥1,000", "お預り ¥1,000"],
    # an amount and a tax with no rate: not one when the tax is neither 8% nor 10% of it,
    # nor when the amount before the tax label has a label of its own
    ["合計 ¥318,429", "BUR ¥79,120 消費税 ¥6,900"],
    ["合計 ¥110,000", "小計 ¥100,000 消費税 ¥10,000"],
    ["SR @ 6% 6.60", "TOTAL 6.60"],  # a rate with no tax word is no tax row
    ["Disc 30, 00% -20.97", "TOTAL 48.95"],
]


@pytest.mark.parametrize("rows", NO_BREAKDOWN_CASES)
def test_no_breakdown(rows: list[str]) -> None:
    assert tax_breakdown(*rows) is None


def test_the_rest_is_no_second_rate_when_it_is_the_tax() -> None:
    got = tax_breakdown("小計 ¥4,052,830", "ABR ¥405,283", "合計 ¥4,458,113",
                        "10%対象 ¥4,052,830", doc_type=DocType.INVOICE, maker=doc)
    assert got == {"10": {"taxable_amount": D(4052830)}}


def test_the_marker_legend_is_no_rate_row() -> None:
    got = tax_breakdown("※は軽減税率(8%)対象品目です。", "合計 ¥1,100", "10%対象 ¥1,100")
    assert got == {"10": {"taxable_amount": D(1100)}}


def test_item_rates_above_the_totals_are_not_buckets() -> None:
    got = tax_breakdown("コーヒー 8% 300", "紅茶 8% 200", "合計 500", "8%対象 500")
    assert got == {"8": {"taxable_amount": D(500)}}


RATE_CASES = [
    ("8%対象", "8"), ("10％対象", "10"), ("(軽)8% 300", "8"), ("軽減税率対象", "8"),
    ("標準税率対象", "10"), ("89対象", "8"), ("VAT (20%)", "20"), ("Sales Tax 6.25%", "6.25"),
    ("8% off", None), ("2026-06-11", None),
    ("B% IS 3,490", "8"), ("1O%W 1,710", "10"), ("SUB% 3", None), ("B% off", None),
    ("10W 象 3,224", "10"),
    # before 対象, 8% read as "SW" and the % of 10% as a circled numeral
    ("SW対象 1.750", "8"), ("Sw対象", "8"), ("10⑯対象 2.760", "10"), ("S%ITR 1,260", "8"),
    ("S対象 1,750", None), ("SALES 対象", None), ("ROUNDS% 1", None),
]


@pytest.mark.parametrize(("text", "want"), RATE_CASES)
def test_rate_of(text: str, want: str | None) -> None:
    found = rate_of(text)
    assert (found[0] if found else None) == want


@pytest.mark.parametrize(("taxable", "tax", "rate", "ok"), [
    (D(1260), D(93), "8", True), (D(118), D(11), "10", True), (D(1000), D(100), "10", True),
    (D(1000), D(80), "10", False), (D(166), D(14), "10", False)])
def test_consistent(taxable: Decimal, tax: Decimal, rate: str, ok: bool) -> None:
    assert consistent(taxable, tax, rate) is ok


def test_a_dated_payment_row_is_not_a_rate_base() -> None:
    """"Betaald op 2 mei 2024 € 1.210,00" (paid on) under the tax row is the gross paid, not
    the tax-inclusive base of the 21% rate: the net above it is."""
    rows = ["Exclusief BTW € 1.000,00 Subtotaal € 1.210,00", "BTW 21% € 210,00",
            "Totaal € 1.210,00", "Betaald op 2 mei 2024 € 1.210,00"]
    got = tax_breakdown(*rows, doc_type=DocType.INVOICE, maker=doc)
    assert got == {"21": {"taxable_amount": D("1000.00"), "tax": D("210.00")}}


def test_a_rate_rows_lone_amount_is_taxable_when_nothing_confirms_it_as_a_tax() -> None:
    """"8% 1,000" under an unlabelled 11,000 that 1,000 is not the 8% tax of: taxable."""
    got = tax_breakdown("小計 12,000", "\t11,000", "8% 1,000", "10% 11,000", "合計 12,000")
    assert got == {"8": {"taxable_amount": D(1000)}, "10": {"taxable_amount": D(11000)}}


def test_a_rate_block_without_labels_still_gives_the_total() -> None:
    """No total, subtotal or tax label that OCR could read: the rate rows open the totals
    block, and the unlabelled amount under them that is their sum is the total."""
    view = DocView(receipt("駅ナカデイリー", "ボックスティッシュ 240", "カットサラダ 560",
                           "B% IS 3,490", "10% 1m 1,356", "at 4,846", "pen 5,000",
                           "お釣り 154"))
    result = Extraction(DocType.RECEIPT)
    extract_totals(view, result)
    assert result.get("total") == D(4846)


def test_one_rates_tax_is_the_tax_total_when_no_sum_is_printed() -> None:
    """外税 label garbled ("HRS (8%) ¥163"); the rate's tax is the document's tax, and
    total = subtotal + tax then says the prices exclude it."""
    view = DocView(receipt("スーパー若葉", "幕の内弁当※ ¥1,548", "牛乳1L※ ¥490",
                           "小計 ーー \" 半2.038", "8%対象 ¥2.038", "HRS (8%) ¥163",
                           "合計 ¥2,201", "クレジット _¥2,201"))
    result = Extraction(DocType.RECEIPT)
    for rule in (extract_totals, extract_tax_mode, extract_tax_breakdown):
        rule(view, result)
    assert result.get("tax_total") == D(163)
    assert result.get("amounts_include_tax") is False
    assert result.fields["tax_total"].evidence.source == "sum:rate-taxes"


def test_an_amount_whose_label_ocr_lost_needs_a_check_to_be_the_total() -> None:
    """Only the 10% row is read: its own amount is no check of itself, and nothing
    confirms "en 3,964" or the cash "4,000" under it, so there is no total (a wrong
    one would be worse)."""
    view = DocView(receipt("エキマエストア", "ミックスナッツ 320", "ウーボン -200", "\t940",
                           "10W 象 3,224", "en 3,964", "\t4,000"))
    result = Extraction(DocType.RECEIPT)
    extract_totals(view, result)
    assert result.get("total") is None
