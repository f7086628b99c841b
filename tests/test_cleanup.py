"""ocr.cleanup.clean_text: width folding, CJK spacing, dashes in numbers, and OCR
confusions repaired inside amounts and dates only."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import parse_amount, parse_date
from ocr.cleanup import clean_text

CASES = [
    # spaces between CJK characters go, other spaces stay
    ("株式会社 山田 商事", "株式会社山田商事"),
    ("合 計", "合計"),
    ("東京 都 千代田 区 1-2-3", "東京都千代田区 1-2-3"),
    ("株式会社\u3000山田", "株式会社山田"),
    ("請求書 。", "請求書。"),
    ("Tokyo  Station", "Tokyo  Station"),
    ("合計 ¥1,000", "合計 ¥1,000"),
    ("2 1,000", "2 1,000"),  # a space between numbers separates columns: kept
    # width
    ("￥１２，３４５", "¥12,345"),
    ("ＡＢＣ　ｄｅｆ", "ABC def"),
    ("１０％", "10%"),
    ("ｶﾀｶﾅ", "カタカナ"),
    ("ｶﾞｿﾘﾝ", "ガソリン"),
    ("カタカナ", "カタカナ"),
    ("㈱山田", "(株)山田"),
    ("㋿6年", "令和6年"),
    ("①1,000", "①1,000"),  # would read 11,000 if folded
    ("¼", "¼"),
    ("m²", "m²"),
    # long vowels and tildes are kept
    ("ラーメーーーン", "ラーメーーーン"),
    ("コーヒー", "コーヒー"),
    ("2024/05/01〜2024/05/31", "2024/05/01〜2024/05/31"),
    ("2024/05/01～2024/05/31", "2024/05/01~2024/05/31"),
    # dashes inside numbers
    ("03ー1234ー5678", "03-1234-5678"),
    ("03−1234−5678", "03-1234-5678"),
    ("03–1234—5678", "03-1234-5678"),
    ("〒100ー0001", "〒100-0001"),
    ("¥1,234ー", "¥1,234-"),
    ("¥1,234－", "¥1,234-"),
    ("T1234ー5678ー90123", "T1234-5678-90123"),
    ("3ーン", "3ーン"),
    # the yen sign
    ("\\1,000", "¥1,000"),
    ("＼1,000", "¥1,000"),
    ("Y1,000", "¥1,000"),
    ("Y1O,000", "¥10,000"),
    ("合計Y500", "合計¥500"),
    ("Y2K", "Y2K"),
    ("FY2024", "FY2024"),
    ("Y 1,000", "Y 1,000"),
    # O/o -> 0 and l/I/| -> 1 inside numbers
    ("1O,000", "10,000"),
    ("1o,000", "10,000"),
    ("1OO,OOO円", "100,000円"),
    ("2O24/05/3l", "2024/05/31"),
    ("2O24年5月3l日", "2024年5月31日"),
    ("1,OOO.5O", "1,000.50"),
    ("12:3O", "12:30"),
    ("Room 1O1", "Room 101"),
    ("1I,000", "11,000"),
    ("1|000", "11000"),
    ("0l/02", "01/02"),
    ("\\I/0", "¥1/0"),  # one repair exposes the next: run to a fixed point
    # ... and nowhere else
    ("1,000|", "1,000|"),
    ("|1,000", "|1,000"),
    ("| 合計 |", "| 合計 |"),
    ("Tokyo", "Tokyo"),
    ("Invoice", "Invoice"),
    ("OIL", "OIL"),
    ("Yen", "Yen"),
    ("YAMADA", "YAMADA"),
    ("Hello World", "Hello World"),
    ("ISO9001", "ISO9001"),
    ("O157", "O157"),
    ("No.1O", "No.1O"),
    ("10oz", "10oz"),
    ("10l", "10l"),
    ("lO", "lO"),
    ("l,OOO", "l,OOO"),
    ("Iol", "Iol"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(("raw", "amount"), [
    ("Y1O,000", Decimal("10000")), ("\\1,00O-", Decimal("1000")),
    ("￥１２，３４５－", Decimal("12345")), ("△1,OOO", Decimal("-1000")),
])
def test_cleaned_amounts_parse(raw: str, amount: Decimal) -> None:
    assert parse_amount(clean_text(raw)) == amount


WORDS = st.text(alphabet=string.ascii_letters + " .,:'&-", max_size=30)


@given(WORDS)
def test_words_without_digits_are_untouched(text: str) -> None:
    assert clean_text(text) == text


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_amounts_survive_cleaning(n: int) -> None:
    for text in (f"¥{n:,}", f"{n:,}円", f"¥{n:,}-", f"△{n:,}"):
        assert parse_amount(clean_text(text)) == parse_amount(text)


@given(st.dates())
def test_dates_survive_cleaning(d) -> None:
    for text in (f"{d:%Y/%m/%d}", f"{d.year}年{d.month}月{d.day}日", f"{d:%d-%b-%Y}"):
        assert parse_date(clean_text(text)) == parse_date(text)


OCR_NOISE = st.text(alphabet=st.sampled_from(
    list("0123456789OolI|,./:-Y\\ 合計円年月日ーｰ－—ｶﾞ１２Ａ¥abcTX~〜①") + ["\u3000"]), max_size=30)


@given(st.one_of(OCR_NOISE, st.text(max_size=60)))
def test_pure_and_idempotent(text: str) -> None:
    once = clean_text(text)
    assert isinstance(once, str)
    assert clean_text(text) == once
    assert clean_text(once) == once
