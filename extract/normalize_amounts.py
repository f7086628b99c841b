"""Amounts as printed: ¥1,234 / 1,234円 / ¥1,234- / △500 / (12.50) / € 56,02 / 1.234,56 /
RM9.00 / 金壱萬弐千円也. Values are Decimal, never float.

The separator grammar is a table of number shapes; the first shape that fits decides
which mark is the thousands separator and which the decimal point."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from extract.normalize_dates import KANJI_NUMERALS, fold, kanji_number

MAX_INTEGER_DIGITS = 12  # longer digit runs are codes (JAN, card, account numbers)


class Shape(NamedTuple):
    pattern: str
    thousands: str
    decimal: str
    after_yen: bool = False  # only right after ¥: yen amounts have no decimals


# OCR's slips inside a yen amount: "¥3 690" (a space for the comma), "¥97,41 1" (a space
# inside a group), "¥1 ,077,590", "¥194,.560". Only after ¥, where no decimal part can
# follow: "$24 90" is 24.90, and "12,50 1" on a European invoice is a price and a quantity.
_GROUP = r"(?:\d{3}|\d\s\d{2}|\d{2}\s\d)"
SHAPES: tuple[Shape, ...] = (
    Shape(rf"[1-9]\d{{0,2}}(?:\s?,[\s.]?{_GROUP})+", ",", "", after_yen=True),  # ¥97,41 1
    Shape(r"[1-9]\d?(?:\s\d{3})+", "", "", after_yen=True),  # ¥3 690 (not ¥100 200: two)
    Shape(r"[1-9]\d{0,2}(?:,\s?\d{3})+(?:\.\d+)?", ",", "."),   # 1,234.56  1, 234
    Shape(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d{1,2})?", ".", ","),  # 1.234,56  1.234
    Shape(r"[1-9]\d?(?:,\d{2})+,\d{3}(?:\.\d+)?", ",", "."),     # 1,23,456.00 (lakh)
    Shape(r"\d+\.\d+", "", "."),                                  # 12.50
    Shape(r"\d+,\d{1,2}", "", ","),                               # 12,50
    # OCR's slips on a till receipt's decimal point: a space after it (49. 40, 30, 00),
    # or a comma beside it (1,.40 / 1.,40). Two decimals only, so 1, 234 stays 1234.
    Shape(r"\d+\.\s\d{2}", "", "."),                               # 49. 40
    Shape(r"\d+,\s\d{2}", "", ","),                                # 30, 00
    Shape(r"\d+,\.\d{2}", ",", "."),                                # 1,.40
    Shape(r"\d+\.,\d{2}", ".", ","),                                # 1.,40
    Shape(r"\d+", "", ""),                                        # 1234
)
_SHAPE_RES = tuple((re.compile(s.pattern), s) for s in SHAPES)

YEN_PREFIXES = ("¥", "JPY", "金")
YEN_SUFFIXES = ("円", "JPY")
_PREFIX = r"US\$|¥|\$|€|£|₹|RM|Rs\.?|JPY|USD|EUR|GBP|MYR|INR"
# 金 opens an amount (金12,345円也) only when it is not the end of a word (料金, 現金).
_KIN = r"(?<![\u3040-\u30ff\u4e00-\u9fff])金\s?"
_SUFFIX = r"円也?|JPY|USD|EUR|GBP|MYR|INR|€|£"
_AFTER_YEN = r"(?:(?<=¥)|(?<=¥\s))"
_NUMBER = "(?:" + "|".join(_AFTER_YEN + s.pattern if s.after_yen else s.pattern
                           for s in SHAPES) + r")(?![.,]?\d)(?!\s?[%‰])"

AMOUNT = re.compile(rf"""
    (?<![0-9])(?<![0-9][.,])
    (?P<neg>[△▲]\s?|-)?
    (?P<open>\(\s?)?
    (?P<pre>(?:{_KIN})?(?:(?:{_PREFIX})\s?)?)
    (?P<minus>-)?
    (?P<num>{_NUMBER})
    (?P<post>\s?(?:{_SUFFIX}))?
    (?P<dash>-(?![\d\-]))?       # ¥1,234- : the dash closes the number, it is positive
    (?P<close>\s?\))?
""", re.VERBOSE)

KANJI_AMOUNT = re.compile(
    rf"(?P<neg>[△▲]\s?)?(?P<pre>{_KIN})?"
    rf"(?P<num>[0-9{KANJI_NUMERALS}][0-9,{KANJI_NUMERALS}]*)\s?円也?")


def number_value(text: str) -> Decimal | None:
    """The value of a bare number with separators (no sign, no currency)."""
    for regex, shape in _SHAPE_RES:
        if regex.fullmatch(text):
            plain = text.replace(" ", "")
            if shape.after_yen:  # whole yen: every mark between the digits is noise
                plain = re.sub(r"\D", "", plain)
            elif shape.thousands:
                plain = plain.replace(shape.thousands, "")
            if shape.decimal:
                plain = plain.replace(shape.decimal, ".")
            whole = plain.split(".")[0]
            if len(whole) > MAX_INTEGER_DIGITS or (len(whole) > 1 and whole[0] == "0"):
                return None
            return Decimal(plain)
    return None


def _is_yen(m: re.Match[str]) -> bool:
    pre, post = m["pre"] or "", m["post"] or ""
    return any(p in pre for p in YEN_PREFIXES) or any(s in post for s in YEN_SUFFIXES)


def amount_of(m: re.Match[str]) -> tuple[Decimal, int, int] | None:
    """Value and span of an AMOUNT match. Parentheses mean negative (12.50) except
    around yen, where Japanese receipts use them for asides such as (内消費税 ¥90)."""
    value = number_value(m["num"])
    if value is None:
        return None
    start, end, neg = m.start(), m.end(), m["neg"]
    paired = bool(m["open"]) and bool(m["close"])
    if m["open"] and not paired:  # "(¥500" : an unclosed bracket is not part of it
        start, neg = m.end("open"), None
    if m["close"] and not paired:
        end = m.start("close")
    negative = bool(neg or m["minus"]) or (paired and not _is_yen(m))
    return (-value if negative else value), start, end


def kanji_amount_of(m: re.Match[str]) -> tuple[Decimal, int, int] | None:
    """金壱萬弐千円也, 1万2,000円: a numeral with at least one kanji, followed by 円."""
    text = m["num"]
    if not any(ch in KANJI_NUMERALS for ch in text):
        return None
    value = kanji_number(text)
    if value is None or value >= 10**MAX_INTEGER_DIGITS:
        return None
    amount = Decimal(value)
    return (-amount if m["neg"] else amount), m.start(), m.end()


def parse_amount(text: str) -> Decimal | None:
    """The amount that `text` is, or None when it is not one amount."""
    folded = fold(text).text.strip()
    for regex, read in ((AMOUNT, amount_of), (KANJI_AMOUNT, kanji_amount_of)):
        m = regex.fullmatch(folded)
        if m:
            found = read(m)
            if found is not None and (found[1], found[2]) == (0, len(folded)):
                return found[0]
    return None


def amount_candidates(folded: str) -> list[tuple[Decimal, int, int]]:
    """Amount-shaped tokens in folded text (kanji forms first), spans in that text,
    left to right, not yet filtered for dates, codes or phone numbers."""
    found: list[tuple[Decimal, int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in KANJI_AMOUNT.finditer(folded):
        item = kanji_amount_of(m)
        if item is not None:
            found.append(item)
            taken.append((item[1], item[2]))
    for m in AMOUNT.finditer(folded):
        item = amount_of(m)
        if item is not None and not any(s < item[2] and item[1] < e for s, e in taken):
            found.append(item)
    return sorted(found, key=lambda f: f[1])
