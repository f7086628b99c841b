"""Line items from the rows of the item table: description left, numbers right,
quantity rows under their item, reduced-rate markers, and the rows that are no items
(header, legend, totals, cash, the register number)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.line_items import extract_line_items, read_items
from extract.schema import DocType, Extraction
from extract.view import DocView
from tests.ocrdoc import doc, receipt

D = Decimal


def items(*rows: str, maker=receipt) -> list[tuple]:
    return [(i.description, i.quantity, i.unit_price, i.amount, i.reduced)
            for i in read_items(DocView(maker(*rows)))]


ITEM_CASES = [
    # a plain receipt under a header
    (["オーブンテラス", "品名 金額", "ギフト箱 100", "アイスカフェラテ M 300", "小計 400"],
     [("ギフト箱", D(1), D(100), D(100), False),
      ("アイスカフェラテ M", D(1), D(300), D(300), False)]),
    # quantity, unit price and amount columns; a marker makes the item reduced-rate
    (["品名 数量 単価 金額", "システム開発費\t1 552,700 552,700", "菓子詰合せ ※\t3 2,738 8,214",
      "コピー用紙 A4 500枚\t1 700 700", "※は軽減税率(8%)対象品目です。", "小計 ¥561,614"],
     [("システム開発費", D(1), D(552700), D(552700), False),
      ("菓子詰合せ", D(3), D(2738), D(8214), True),
      ("コピー用紙 A4 500枚", D(1), D(700), D(700), False)]),
    # the quantity row under its item
    (["2026年6月11日 15:57", "ケーキセット 1,900", "2点x 950", "お茶 300", "合計 2,200"],
     [("ケーキセット", D(2), D(950), D(1900), False), ("お茶", D(1), D(300), D(300), False)]),
    (["2024/10/16(水) 15:11", "おにぎり 鮭 ※", "3点 × @132 ¥396", "合計 ¥396"],
     [("おにぎり 鮭", D(3), D(132), D(396), True)]),
    (["2024-09-06 1:24 PM", "AA Batteries 4pk", "2 @ $8.11 $16.22", "Coffee Large $4.35",
      "Subtotal $20.57"],
     [("AA Batteries 4pk", D(2), D("8.11"), D("16.22"), False),
      ("Coffee Large", D(1), D("4.35"), D("4.35"), False)]),
    # a count before the name; a unit price on the next row
    (["品名 金額", "3点 塩バターパン 600", "単価200", "小計 600"],
     [("塩バターパン", D(3), D(200), D(600), False)]),
    # numbers that belong to the name: 150ml, 3本, and a digit set close after it
    (["品名 金額", "乾電池単 4\t460", "小計 460"], [("乾電池単 4", D(1), D(460), D(460), False)]),
    (["品名 金額", "保湿ローション 150ml 2,050", "栄養ドリンク 3本 580", "小計 2,630"],
     [("保湿ローション 150ml", D(1), D(2050), D(2050), False),
      ("栄養ドリンク 3本", D(1), D(580), D(580), False)]),
    (["Description Qty Unit Price Amount", "Software license (annual)\t4 €601.00 €2,404.00",
      "Subtotal €2,404.00"],
     [("Software license (annual)", D(4), D("601.00"), D("2404.00"), False)]),
]


@pytest.mark.parametrize(("rows", "want"), ITEM_CASES)
def test_items(rows: list[str], want: list[tuple]) -> None:
    assert items(*rows) == want


NO_ITEM_CASES = [
    # header block, totals and cash rows are no items
    ["ひので薬局", "TEL 03-3813-9018", "レジ697 No.1867", "合計 ¥584", "お預り ¥1,000",
     "お釣り ¥416"],
    # the legend of the marker is no item
    ["品名 金額", "※印は軽減税率(8%)適用商品", "合計 ¥0"],
]


@pytest.mark.parametrize("rows", NO_ITEM_CASES)
def test_no_items(rows: list[str]) -> None:
    assert items(*rows) == []


def test_rates_from_markers_on_a_japanese_receipt() -> None:
    result = Extraction(DocType.RECEIPT)
    extract_line_items(DocView(receipt("品名 金額", "牛乳 1L ※ ¥188", "ボールペン 黒 ¥160",
                                       "合計 ¥348")), result)
    assert [(i["description"], i["tax_rate"]) for i in result.get("line_items")] == [
        ("牛乳 1L", "8"), ("ボールペン 黒", "10")]
    assert result.fields["line_items"].evidence.source == "layout:item-table"


def test_a_totals_row_that_lost_its_label_is_no_item() -> None:
    result = Extraction(DocType.RECEIPT)
    result.set("total", D(396), None)
    extract_line_items(DocView(receipt("品名 金額", "おにぎり 鮭 ¥179", "サンドイッチ ¥217",
                                       "G at ¥396")), result)
    assert [i["amount"] for i in result.get("line_items")] == [D(179), D(217)]


def test_an_amount_out_of_the_amount_column_is_no_item() -> None:
    rows = ["Wilmington, DE 19865", "品名 金額", "A 100", "B 200", "C 300"]
    found = read_items(DocView(doc(*rows)))
    assert [i.amount for i in found] == [D(100), D(200), D(300)]


def _extracted(*rows: str, total: Decimal | None = None,
               subtotal: Decimal | None = None, kind: DocType = DocType.RECEIPT
               ) -> list[tuple[str, Decimal]]:
    result = Extraction(kind)
    if total is not None:
        result.set("total", total, None)
    if subtotal is not None:
        result.set("subtotal", subtotal, None)
    extract_line_items(DocView(receipt(*rows)), result)
    return [(i["description"], i["amount"]) for i in result.get("line_items") or []]


def test_totals_rows_whose_labels_are_lost_end_the_table() -> None:
    # 小計, the rate rows, 合計 and お預り with labels garbled, under the items
    rows = ["品名 金額", "ボールペン黒 180", "カットサラダ 560", "クロワッサン 360",
            "ant 1,100", "B% IS 920", "10% 1m 180", "at 1,100", "pen 2,000"]
    assert _extracted(*rows, total=D(1100)) == [
        ("ボールペン黒", D(180)), ("カットサラダ", D(560)), ("クロワッサン", D(360))]


def test_the_subtotal_row_ends_the_table_when_the_total_is_not_known() -> None:
    rows = ["品名 金額", "ボールペン黒 180", "カットサラダ 560", "ant 740", "FUR Sw 55"]
    assert _extracted(*rows, subtotal=D(740)) == [("ボールペン黒", D(180)),
                                                  ("カットサラダ", D(560))]


def test_a_discount_row_whose_label_is_lost_is_no_item() -> None:
    rows = ["品名 金額", "ミニサンド 440", "ノート A5 140", "ウーボン -200"]
    assert _extracted(*rows) == [("ミニサンド", D(440)), ("ノート A5", D(140))]


def test_an_invoice_keeps_its_discount_as_an_item() -> None:
    """A 請求書 lists 値引 as an item of its own, negative: its items still add up to the
    subtotal (only a receipt's negative row under its items is a discount row)."""
    rows = ["品名 数量 単価 金額", "保守作業\t1 50,000 50,000", "出精値引\t1 -5,000 -5,000"]
    assert _extracted(*rows, kind=DocType.INVOICE) == [("保守作業", D(50000)),
                                                       ("出精値引", D(-5000))]


def test_a_rate_row_is_no_item() -> None:
    rows = ["品名 金額", "ミニサンド 440", "ノート A5 140", "10W 象 140"]
    assert _extracted(*rows) == [("ミニサンド", D(440)), ("ノート A5", D(140))]


def test_an_amount_with_a_glyph_for_a_digit_is_mended_by_its_quantity_row() -> None:
    rows = ["品名 金額", "食パン $20", "2a x 260", "キッチンペーパー $80", "2点 x 290",
            "小計 1,100"]
    assert [(i.description, i.amount) for i in read_items(DocView(receipt(*rows)))] == [
        ("食パン", D(520)), ("キッチンペーパー", D(580))]


def test_an_amount_read_right_is_kept_against_its_quantity_row() -> None:
    # "2 x 250" misread: the amount has no glyph, so it stays as printed
    rows = ["品名 金額", "食パン 520", "2a x 250", "小計 520"]
    assert [i.amount for i in read_items(DocView(receipt(*rows)))] == [D(520)]


def test_a_garbled_count_before_the_name_is_debris_where_other_rows_print_counts() -> None:
    rows = ["品名 金額", "3点 塩バターパン 600", "単価200", "Im 抹茶パフェ 750",
            "3中 クロワッサン 450", "小計 1,800"]
    assert [i.description for i in read_items(DocView(receipt(*rows)))] == [
        "塩バターパン", "抹茶パフェ", "クロワッサン"]


def test_a_short_latin_word_stays_where_no_row_prints_a_count() -> None:
    rows = ["品名 金額", "PB 食パン 200", "クロワッサン 450", "小計 650"]
    assert [i.description for i in read_items(DocView(receipt(*rows)))] == [
        "PB 食パン", "クロワッサン"]
