"""Amounts, dates and registration numbers: table-driven cases for every printed form,
the strings that must not parse, and property tests (format, then parse back)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from extract.normalize import (
    find_amounts,
    find_dates,
    find_registration_numbers,
    normalize_registration_number,
    parse_amount,
    parse_date,
    registration_check_digit_ok,
)

D = Decimal
FULL_WIDTH = str.maketrans("0123456789,.-/", "０１２３４５６７８９，．－／")

# ---------------------------------------------------------------- amounts

AMOUNTS = [
    ("¥1,234", D("1234")),
    ("￥１２，３４５", D("12345")),
    ("1,234円", D("1234")),
    ("1,234 円", D("1234")),
    ("1234-", D("1234")),
    ("¥1,234-", D("1234")),
    ("1,234－", D("1234")),
    ("￥１，２３４－", D("1234")),
    ("¥1,234ー", D("1234")),
    ("△500", D("-500")),
    ("▲500", D("-500")),
    ("△ 1,000", D("-1000")),
    ("-12.50", D("-12.50")),
    ("-¥500", D("-500")),
    ("¥-500", D("-500")),
    ("(12.50)", D("-12.50")),
    ("($1,200.00)", D("-1200.00")),
    ("(¥90)", D("90")),  # a yen aside such as (内消費税 ¥90), not a negative
    ("$4.11", D("4.11")),
    ("US$4.11", D("4.11")),
    ("€ 56,02", D("56.02")),
    ("56,02 €", D("56.02")),
    ("1.234,56", D("1234.56")),
    ("1.234.567,89", D("1234567.89")),
    ("1,234.56", D("1234.56")),
    ("1,234,567.89", D("1234567.89")),
    ("12,50", D("12.50")),
    ("0,5", D("0.5")),
    ("1,234", D("1234")),
    ("1.234", D("1234")),
    ("0.500", D("0.500")),
    ("１２３４", D("1234")),
    ("1, 234", D("1234")),
    ("RM9.00", D("9.00")),
    ("RM 9.00", D("9.00")),
    ("Rs. 1,23,456.00", D("123456.00")),
    ("₹1,23,456", D("123456")),
    ("JPY 1,000", D("1000")),
    ("1,000JPY", D("1000")),
    ("USD 12.00", D("12.00")),
    ("12.00 USD", D("12.00")),
    ("EUR 5", D("5")),
    ("£3.50", D("3.50")),
    ("\\1,000", D("1000")),
    ("＼1,000", D("1000")),
    ("  ¥1,000  ", D("1000")),
    ("0", D("0")),
    ("12.5", D("12.5")),
    ("金12,345円也", D("12345")),
    ("金壱萬弐千円也", D("12000")),
    ("金五万円", D("50000")),
    ("1万2,000円", D("12000")),
    ("10万円", D("100000")),
    ("三千円", D("3000")),
    ("999,999,999,999", D("999999999999")),
    # a till receipt's decimal point as OCR reads it: a space after it, a comma beside it
    ("49. 40", D("49.40")),
    ("RM 29. 70", D("29.70")),
    ("30, 00", D("30.00")),
    ("1,.40", D("1.40")),
    ("1.,40", D("1.40")),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_parse_amount(text: str, expected: Decimal) -> None:
    value = parse_amount(text)
    assert value == expected
    assert isinstance(value, Decimal)


NOT_AMOUNTS = [
    "", " ", "abc", "¥", "-", "円", "△", "()", "(500", "500)",
    "2024/05/31", "2024年5月31日", "14:03", "03-1234-5678", "〒100-0001", "100-0001",
    "T1234567890123", "10%", "8％", "10 %", "1234567890123", "0312345678", "007",
    "1,234,56", "1.2.3", "12abc", "No.5", "5kg", "x2", "1,234.567.8",
    "合計", "¥1,000 ¥2,000", "1 234", "⑴", "¼", "①",
    "49. 4", "49. 400", "1,.4",  # the spaced decimal point takes two decimals only
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_parse_amount_rejects(text: str) -> None:
    assert parse_amount(text) is None


FIND_AMOUNTS = [
    ("合計 ¥1,234", [(D("1234"), "¥1,234")]),
    ("2024/05/31 14:03 合計 ¥1,234", [(D("1234"), "¥1,234")]),
    ("2024年5月31日 お買上計 1,500円", [(D("1500"), "1,500円")]),
    ("令和6年5月31日 金五万円也", [(D("50000"), "金五万円也")]),
    ("TEL 03-1234-5678 〒100-0001 東京都", []),
    ("TEL 03 1234 5678", []),
    ("FAX (03)1234-5678", []),
    ("+81-3-1234-5678", []),
    ("0120-123-456", []),
    ("登録番号 T1234567890123", []),
    ("登録番号 T1-2345-6789-0123", []),
    ("10%対象 ¥1,100 8％対象 ¥540",
     [(D("1100"), "¥1,100"), (D("540"), "¥540")]),
    ("(内消費税等 10% ¥100)", [(D("100"), "¥100")]),
    ("値引 △500", [(D("-500"), "△500")]),
    ("Discount (12.50)", [(D("-12.50"), "(12.50)")]),
    ("(税込 1,000)", [(D("1000"), "1,000")]),
    ("Total (RM) 9.00", [(D("9.00"), "9.00")]),
    ("Qty 2 x 1,000 = 2,000", [(D("2"), "2"), (D("1000"), "1,000"), (D("2000"), "2,000")]),
    ("合計　￥１２，３４５－", [(D("12345"), "￥１２，３４５－")]),
    ("小計 1,000 消費税 100 合計 1,100",
     [(D("1000"), "1,000"), (D("100"), "100"), (D("1100"), "1,100")]),
    ("5月31日 14時03分", []),
    ("2024年2月30日", []),  # not a date, still not an amount
    ("ISO9001 A-100 100-200 12/34", []),
    ("R6.4.1 H30.7.1", []),
    ("Date 05-Mar-2024 Total $1,200.50", [(D("1200.50"), "$1,200.50")]),
    ("€ 56,02 und 1.234,56 €", [(D("56.02"), "€ 56,02"), (D("1234.56"), "1.234,56 €")]),
    ("1,000, 2,000", [(D("1000"), "1,000"), (D("2000"), "2,000")]),
    ("5kg 300円", [(D("300"), "300円")]),
    ("期間 2024/05/01~2024/05/31", []),
    ("①1,000円 ⑴ ¼", [(D("1000"), "1,000円")]),  # enclosed/fraction forms are not folded
    ("料金1,000円 現金 2,000", [(D("1000"), "1,000円"), (D("2000"), "2,000")]),  # not 金 prefix
    ("領収金額 金12,345円也", [(D("12345"), "金12,345円也")]),
    ("Total RM Incl. of GST 49. 39", [(D("49.39"), "49. 39")]),
    ("T @ 6% 10, 80 0. 00", [(D("10.80"), "10, 80"), (D("0.00"), "0. 00")]),
    ("ZRL @0. 00% 7.00", [(D("7.00"), "7.00")]),  # a rate with a spaced point stays a rate
    # OCR's spaces inside a yen amount: for a comma, inside a group, before a comma
    ("(8%対象 ¥3 690)", [(D("3690"), "¥3 690")]),
    ("消費税 ¥97,41 1", [(D("97411"), "¥97,41 1")]),
    ("ご請求金額 ¥1 ,077,590-", [(D("1077590"), "¥1 ,077,590-")]),
    ("消費税 ¥194,.560", [(D("194560"), "¥194,.560")]),
    # but not without the yen sign, nor a price and a quantity, nor two amounts
    ("3 690", [(D("3"), "3"), (D("690"), "690")]),
    ("€ 12,50 1", [(D("12.50"), "€ 12,50"), (D("1"), "1")]),
    ("¥100 200", [(D("100"), "¥100"), (D("200"), "200")]),
    ("¥1,000 2点", [(D("1000"), "¥1,000"), (D("2"), "2")]),
]


@pytest.mark.parametrize(("line", "expected"), FIND_AMOUNTS)
def test_find_amounts(line: str, expected: list[tuple[Decimal, str]]) -> None:
    found = find_amounts(line)
    assert [(v, line[s:e]) for v, s, e in found] == expected


# ---------------------------------------------------------------- dates

DATES = [
    ("2024年5月31日", date(2024, 5, 31)),
    ("2024年05月31日", date(2024, 5, 31)),
    ("2024/05/31", date(2024, 5, 31)),
    ("2024/5/1", date(2024, 5, 1)),
    ("2024-05-31", date(2024, 5, 31)),
    ("2024.5.31", date(2024, 5, 31)),
    ("20240531", date(2024, 5, 31)),
    ("令和6年5月31日", date(2024, 5, 31)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("大正元年7月30日", date(1912, 7, 30)),
    ("大正15年12月24日", date(1926, 12, 24)),
    ("R6.4.1", date(2024, 4, 1)),
    ("R06/04/01", date(2024, 4, 1)),
    ("R.06/04/01", date(2024, 4, 1)),
    ("R01/7/1", date(2019, 7, 1)),
    ("H30.7.1", date(2018, 7, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("S64.1.7", date(1989, 1, 7)),
    ("令6.4.1", date(2024, 4, 1)),
    ("R6年4月1日", date(2024, 4, 1)),
    ("㋿6年4月1日", date(2024, 4, 1)),
    ("㍻31年4月30日", date(2019, 4, 30)),
    ("令和六年四月一日", date(2024, 4, 1)),
    ("令和元年十二月三十一日", date(2019, 12, 31)),
    ("平成三十一年四月三十日", date(2019, 4, 30)),
    ("二〇二四年五月三十一日", date(2024, 5, 31)),
    ("二千二十四年五月三十一日", date(2024, 5, 31)),
    ("March 5, 2024", date(2024, 3, 5)),
    ("march 5 2024", date(2024, 3, 5)),
    ("Sept. 5, 2024", date(2024, 9, 5)),
    ("5 March 2024", date(2024, 3, 5)),
    ("5th March, 2024", date(2024, 3, 5)),
    ("Mar 5 2024", date(2024, 3, 5)),
    ("Mar. 5th, 2024", date(2024, 3, 5)),
    ("5th day of March, 2024", date(2024, 3, 5)),
    ("1st day of May 2024", date(2024, 5, 1)),
    ("05-Mar-2024", date(2024, 3, 5)),
    ("05-MAR-24", date(2024, 3, 5)),
    ("25/12/2018", date(2018, 12, 25)),
    ("12/25/2018", date(2018, 12, 25)),
    ("25.12.2018", date(2018, 12, 25)),
    ("25-12-2018", date(2018, 12, 25)),
    ("2024 年 5 月 31 日", date(2024, 5, 31)),
    ("２０２４年５月３１日", date(2024, 5, 31)),
    ("令和 6 年 5 月 31 日", date(2024, 5, 31)),
    ("２０２４／０５／３１", date(2024, 5, 31)),
    ("2024年5月31日(金)", date(2024, 5, 31)),
    ("2024年5月31日（金曜日）", date(2024, 5, 31)),
    ("2024/05/31 14:03", date(2024, 5, 31)),
    ("2024年05月31日 14時03分", date(2024, 5, 31)),
    ("Friday, March 5, 2024", date(2024, 3, 5)),
    ("2024年2月29日", date(2024, 2, 29)),
    # month names of other languages: French, German, Dutch, Malay, Spanish, Polish
    ("02 Juillet 2015", date(2015, 7, 2)),
    ("1er février 2016", date(2016, 2, 1)),
    ("7. Mai 2014", date(2014, 5, 7)),
    ("3. März 2020", date(2020, 3, 3)),
    ("29 maart 2014", date(2014, 3, 29)),
    ("14 MAC 2018", date(2018, 3, 14)),
    ("5 Ogos 2017", date(2017, 8, 5)),
    ("15 DISEMBER 2017", date(2017, 12, 15)),
    ("2 de julio de 2024", date(2024, 7, 2)),
    ("3 października 2023", date(2023, 10, 3)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


AMBIGUOUS = [
    ("05/04/2024", None, date(2024, 4, 5)),
    ("05/04/2024", True, date(2024, 4, 5)),
    ("05/04/2024", False, date(2024, 5, 4)),
    ("25/12/2018", False, date(2018, 12, 25)),
    ("12/25/2018", True, date(2018, 12, 25)),
    ("01.02.2024", None, date(2024, 2, 1)),
]


@pytest.mark.parametrize(("text", "day_first", "expected"), AMBIGUOUS)
def test_parse_date_day_first(text: str, day_first: bool | None, expected: date) -> None:
    assert parse_date(text, day_first=day_first) == expected


NOT_DATES = [
    "", "abc", "24/05/31", "2024/02/30", "2023年2月29日", "2024/13/01", "2024/00/10",
    "13/13/2024", "令和1年4月30日", "令和元年4月30日", "平成31年5月1日", "平成元年1月7日",
    "昭和64年1月8日", "大正元年7月29日", "大正16年1月1日", "平成32年1月1日", "令和0年5月1日",
    "令和6年4月吉日", "2024年5月", "March 2024", "Feb 30, 2024", "1899/12/31",
    "3000/01/01", "2024/05-31", "20241301", "2024-05-31-1", "Date: 2024/05/31",
    "2024/05/31 2024/06/01", "R6.4", "1,234", "¥2,024", "X6.4.1",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


FIND_DATES = [
    ("請求日 2024年5月31日 支払期限 2024年6月30日",
     [(date(2024, 5, 31), "2024年5月31日"), (date(2024, 6, 30), "2024年6月30日")]),
    ("期間 2024/05/01~2024/05/31",
     [(date(2024, 5, 1), "2024/05/01"), (date(2024, 5, 31), "2024/05/31")]),
    ("発行日：令和６年５月３１日（金）", [(date(2024, 5, 31), "令和６年５月３１日")]),
    ("Invoice Date: March 5, 2024 Due: 05-Apr-2024",
     [(date(2024, 3, 5), "March 5, 2024"), (date(2024, 4, 5), "05-Apr-2024")]),
    ("2024/05/31 14:03 ¥1,000", [(date(2024, 5, 31), "2024/05/31")]),
    ("TEL 03-1234-5678 ¥1,234 T1234567890123", []),
    ("合計 1,234.56 10%", []),
    ("May I help you", []),
    ("Market 5 2024", []),
    ("Microsoft Office Mac Home and Student 2011", []),
    ("Lunch Set 10 2018", []),
]


@pytest.mark.parametrize(("line", "expected"), FIND_DATES)
def test_find_dates(line: str, expected: list[tuple[date, str]]) -> None:
    assert [(v, line[s:e]) for v, s, e in find_dates(line)] == expected


def test_find_dates_day_first_passes_through() -> None:
    assert [v for v, _, _ in find_dates("Date 05/04/2024", day_first=False)] == [
        date(2024, 5, 4)]


# ---------------------------------------------------------------- registration numbers

REGISTRATION = [
    ("T7010705000725", "T7010705000725"),
    ("T-7010-7050-00725", "T7010705000725"),
    ("T 7010 7050 00725", "T7010705000725"),
    ("Ｔ７０１０７０５０００７２５", "T7010705000725"),
    ("Т7010705000725", "T7010705000725"),  # Cyrillic Т
    ("t7010705000725", "T7010705000725"),
    ("T7010—705000725", "T7010705000725"),
]


@pytest.mark.parametrize(("text", "expected"), REGISTRATION)
def test_normalize_registration_number(text: str, expected: str) -> None:
    assert normalize_registration_number(text) == expected


@pytest.mark.parametrize("text", [
    "", "T", "7010705000725", "T701070500072", "T70107050007250", "TX010705000725",
    "A7010705000725", "T70107O5000725", "登録番号T7010705000725",
])
def test_normalize_registration_number_rejects(text: str) -> None:
    assert normalize_registration_number(text) is None


def test_find_registration_numbers() -> None:
    line = "登録番号：T 1234-5678-90123 TEL 03-1234-5678 Т7010705000725"
    found = find_registration_numbers(line)
    assert [(n, line[s:e]) for n, s, e in found] == [
        ("T1234567890123", "T 1234-5678-90123"), ("T7010705000725", "Т7010705000725")]
    assert find_registration_numbers("AT1234567890123 T123456789012 T12345678901234") == []


@pytest.mark.parametrize("number", [
    "T7010705000725", "7123456789012", "4011001098993", "2120901007402",
    "T-7010-7050-00725",
])
def test_check_digit_ok(number: str) -> None:
    assert registration_check_digit_ok(number)


@pytest.mark.parametrize("number", [
    "T7010705000726", "8123456789012", "1234567890123", "T701070500072", "", "abc",
])
def test_check_digit_rejects(number: str) -> None:
    assert not registration_check_digit_ok(number)


# ---------------------------------------------------------------- properties

ERAS_FOR_TESTS = [  # written out again here so that the tests do not trust the module
    ("令和", "R", date(2019, 5, 1), date(9999, 12, 31)),
    ("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    ("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    ("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
]
KANJI = "〇一二三四五六七八九"


def kanji_numeral(n: int) -> str:
    """1..99 the way contracts write them: 一, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = (KANJI[tens] if tens > 1 else "") + ("十" if tens else "")
    return head + (KANJI[ones] if ones else "")


def era_of(d: date) -> tuple[str, str, int]:
    name, letter, start, _ = next(e for e in ERAS_FOR_TESTS if e[2] <= d <= e[3])
    return name, letter, d.year - start.year + 1


def era_forms(d: date) -> list[str]:
    name, letter, year = era_of(d)
    year_text = "元" if year == 1 else str(year)
    year_kanji = "元" if year == 1 else kanji_numeral(year)
    return [
        f"{name}{year_text}年{d.month}月{d.day}日",
        f"{name}{year}年{d.month:02d}月{d.day:02d}日",
        f"{name}{year_kanji}年{kanji_numeral(d.month)}月{kanji_numeral(d.day)}日",
        f"{letter}{year}.{d.month}.{d.day}",
        f"{letter}{year:02d}/{d.month:02d}/{d.day:02d}",
        f"{name[0]}{year}.{d.month}.{d.day}",
    ]


def western_forms(d: date) -> list[str]:
    y, m, dd = d.year, d.month, d.day
    return [
        f"{y}年{m}月{dd}日", f"{y} 年 {m} 月 {dd} 日", f"{y}/{m:02d}/{dd:02d}",
        f"{y}-{m:02d}-{dd:02d}", f"{y}.{m}.{dd}", f"{y}/{m}/{dd}".translate(FULL_WIDTH),
        "".join(KANJI[int(c)] for c in str(y)) + f"年{kanji_numeral(m)}月{kanji_numeral(dd)}日",
        f"{d:%B} {dd}, {y}", f"{dd} {d:%B} {y}", f"{d:%b} {dd} {y}", f"{dd:02d}-{d:%b}-{y}",
        f"{y}{m:02d}{dd:02d}",
    ]


@given(st.dates(min_value=date(1912, 7, 30), max_value=date(2199, 12, 31)))
@example(date(2019, 5, 1))
@example(date(2019, 4, 30))
@example(date(1989, 1, 7))
@example(date(1989, 1, 8))
@example(date(1926, 12, 25))
def test_dates_round_trip(d: date) -> None:
    forms = western_forms(d) + (era_forms(d) if d.year < 2100 else [])
    for text in forms:
        assert parse_date(text) == d, text
        assert [v for v, _, _ in find_dates(f"日付 {text} 合計 ¥1,000")] == [d] or \
            text.isdigit(), text


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_numeric_day_month_orders(d: date) -> None:
    dmy, mdy = f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.month:02d}/{d.day:02d}/{d.year}"
    assert parse_date(dmy, day_first=True) == d
    assert parse_date(dmy) == d
    assert parse_date(mdy, day_first=False) == d


@given(st.sampled_from(ERAS_FOR_TESTS), st.integers(1, 3), st.integers(1, 12),
       st.integers(1, 28))
def test_era_dates_outside_the_era_are_rejected(era, year_shift: int, month: int,
                                                day: int) -> None:
    name, _, start, end = era
    if end.year > 2100:
        return
    year = end.year - start.year + 1 + year_shift  # a year after the era ended
    assert parse_date(f"{name}{year}年{month}月{day}日") is None


MONEY = st.decimals(min_value=0, max_value=D("99999999999.99"), places=2,
                    allow_nan=False, allow_infinity=False)
YEN = st.integers(min_value=0, max_value=10**12 - 1)
EUROPEAN = str.maketrans(",.", ".,")


@given(MONEY)
def test_decimal_amounts_round_trip(value: Decimal) -> None:
    us = f"{value:,.2f}"
    assert parse_amount(us) == value
    assert parse_amount(f"${us}") == value
    assert parse_amount(f"-{us}") == -value
    assert parse_amount(f"({us})") == -value
    assert parse_amount(us.translate(EUROPEAN)) == value
    assert parse_amount(f"€ {us.translate(EUROPEAN)}") == value
    assert parse_amount(f"{value:.2f}") == value


@given(YEN)
def test_yen_amounts_round_trip(n: int) -> None:
    grouped = f"{n:,}"
    for text in (f"¥{grouped}", f"{grouped}円", f"¥{grouped}-", f"\\{grouped}", str(n),
                 f"￥{grouped}－".translate(FULL_WIDTH), f"JPY {grouped}"):
        assert parse_amount(text) == n, text
    assert parse_amount(f"△{grouped}") == -n
    assert parse_amount(f"▲{grouped}") == -n


@given(YEN, st.dates(min_value=date(2019, 5, 1), max_value=date(2099, 12, 31)))
def test_amounts_are_found_between_dates_and_numbers(n: int, d: date) -> None:
    line = (f"{d:%Y/%m/%d} 14:03 TEL 03-1234-5678 〒100-0001 T7010705000725 "
            f"10%対象 合計 ¥{n:,}")
    assert [(v, line[s:e]) for v, s, e in find_amounts(line)] == [(n, f"¥{n:,}")]


@given(st.text(digits := "0123456789", min_size=12, max_size=12))
def test_check_digit_property(base: str) -> None:
    total = sum(int(p) * (2 if i % 2 == 0 else 1) for i, p in enumerate(reversed(base), 1))
    number = f"T{9 - total % 9}{base}"
    assert registration_check_digit_ok(number)
    assert normalize_registration_number(f"{number[:5]}-{number[5:9]}-{number[9:]}") == number
    for i in range(1, 14):  # one wrong digit is caught, except the 0<->9 blind spot
        for wrong in digits:
            changed = number[:i] + wrong + number[i + 1:]
            if wrong != number[i] and {wrong, number[i]} != {"0", "9"}:
                assert not registration_check_digit_ok(changed), changed


NOISE = st.text(alphabet=st.sampled_from(
    list("0123456789０１２３,.-/:年月日円¥￥$€()△▲ %TtＴ令和平成元年十一二三五万金也RMHS"
         "abcMarchy \\ー－〒～") + ["\u3000", "\u0422", "㋿", "ｶ", "ﾞ"]), max_size=40)


@given(st.one_of(NOISE, st.text(max_size=40)))
def test_never_raises_and_spans_are_sound(text: str) -> None:
    for value, s, e in find_amounts(text):
        assert 0 <= s < e <= len(text)
        assert parse_amount(text[s:e]) == value
    for d, s, e in find_dates(text):
        assert 0 <= s < e <= len(text)
        assert parse_date(text[s:e]) == d
    for number, s, e in find_registration_numbers(text):
        assert normalize_registration_number(text[s:e]) == number
    spans = [(s, e) for _, s, e in find_amounts(text)]
    assert spans == sorted(spans)
    parse_amount(text)
    parse_date(text, day_first=False)
    normalize_registration_number(text)
    registration_check_digit_ok(text)
