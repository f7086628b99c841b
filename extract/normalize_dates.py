"""Dates as printed on Japanese and Western documents: 西暦, 和暦 (the eras are data),
kanji numerals, English month names, and numeric day/month orders.

Also the text folding that the amount and registration-number parsers share: NFKC
applied character by character, so that every folded position maps back to the
caller's text (spans point into the original line, not the folded copy)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

# Dash look-alikes that OCR and fonts put between digits; folded to "-".
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\u2500\u2501\u2043"
_CHAR_MAP = str.maketrans({**{d: "-" for d in DASHES}, "\\": "¥"})
# The katakana long-vowel mark is a dash only after a digit (¥1,234ー, 03ー1234).
_LONG_VOWEL_AFTER_DIGIT = re.compile(r"(?<=\d)[ーｰ]")


class Folded(NamedTuple):
    """NFKC-folded text; origin[i] is the index in the source of text[i]."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the folded text as a span of the source text."""
        return self.origin[start], self.origin[end - 1] + 1


def fold_char(ch: str) -> str:
    """NFKC of one character, except forms that would change a number if folded:
    ¼ (1⁄4), ² and ₂, ① and ⑴ stay as they are; full-width digits do fold."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch or unicodedata.decomposition(ch).startswith(("<wide>", "<narrow>")):
        return folded
    return ch if any("0" <= c <= "9" for c in folded) else folded


def fold(text: str) -> Folded:
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for out in fold_char(ch).translate(_CHAR_MAP):
            chars.append(out)
            origin.append(i)
    folded = _LONG_VOWEL_AFTER_DIGIT.sub("-", "".join(chars))
    return Folded(folded, tuple(origin))


# ---- kanji numerals: 二〇二四, 三十一, 壱萬弐千, and mixed 1万2,000 ----

KANJI_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "壹": 1, "二": 2, "弐": 2, "貳": 2, "三": 3,
    "参": 3, "參": 3, "四": 4, "五": 5, "伍": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000,
                               "阡": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "億": 10**8}
KANJI_NUMERALS = "".join([*KANJI_DIGITS, *SMALL_UNITS, *BIG_UNITS])


def _digit(ch: str) -> int | None:
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    return KANJI_DIGITS.get(ch)


def kanji_number(text: str) -> int | None:
    """The value of a kanji (or mixed kanji/Arabic) numeral; None if it is not one."""
    text = text.replace(",", "")
    if not text:
        return None
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in text):
        digits = [_digit(ch) for ch in text]  # positional: 二〇二四
        return None if None in digits else int("".join(str(d) for d in digits))
    total = section = 0
    current: int | None = None
    for ch in text:
        d = _digit(ch)
        if d is not None:
            current = d if current is None else current * 10 + d
        elif ch in SMALL_UNITS:
            section += (1 if current is None else current) * SMALL_UNITS[ch]
            current = None
        elif ch in BIG_UNITS:
            total += ((section + (current or 0)) or 1) * BIG_UNITS[ch]
            section, current = 0, None
        else:
            return None
    return total + section + (current or 0)


# ---- eras ----

class Era(NamedTuple):
    name: str
    abbreviations: tuple[str, ...]
    start: date
    end: date | None  # last day, inclusive; None for the current era


ERAS: tuple[Era, ...] = (
    Era("令和", ("R", "令"), date(2019, 5, 1), None),
    Era("平成", ("H", "平"), date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", ("S", "昭"), date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", ("T", "大"), date(1912, 7, 30), date(1926, 12, 24)),
)
_ERA_BY_KEY: dict[str, Era] = {k: e for e in ERAS for k in (e.name, *e.abbreviations)}

MONTHS: dict[str, int] = {
    name: number
    for number, full in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)
    for name in (full, full[:3])
} | {"sept": 9}
# Month names of the other languages invoices come in, with the abbreviations they
# print and the accents OCR drops: French, German, Dutch, Malay, Spanish, Italian,
# Polish (the genitive of "2 maja 2024"). English keeps its own readings where a
# spelling is shared.
FOREIGN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("janvier", "janv", "januar", "januari", "jän", "enero", "gennaio", "stycznia"),
    2: ("février", "fevrier", "févr", "fevr", "fév", "fev", "februar", "februari", "febrero",
        "febbraio", "lutego"),
    3: ("mars", "märz", "marz", "maart", "mrt", "mac", "marzo", "marca"),
    4: ("avril", "avr", "april", "abril", "aprile", "kwietnia"),
    5: ("mai", "mei", "mayo", "maggio", "maja"),
    6: ("juin", "juni", "jun", "junio", "giugno", "czerwca"),
    7: ("juillet", "juil", "juli", "julai", "julio", "luglio", "lipca"),
    8: ("août", "aout", "augustus", "ogos", "agosto", "sierpnia"),
    9: ("septembre", "september", "septiembre", "settembre", "września", "wrzesnia"),
    10: ("octobre", "oktober", "okt", "octubre", "ottobre", "października", "pazdziernika"),
    11: ("novembre", "november", "noviembre", "listopada"),
    12: ("décembre", "decembre", "déc", "dezember", "dez", "december", "disember",
         "diciembre", "dicembre", "grudnia"),
}
MONTHS |= {name: number for number, names in FOREIGN_MONTHS.items() for name in names
           if name not in MONTHS}

# Western years outside this range are taken for something else (codes, amounts).
YEAR_RANGE = range(1900, 2200)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def western_date(year: int, month: int, day: int) -> date | None:
    return _safe_date(year, month, day) if year in YEAR_RANGE else None


def era_date(era_key: str, year: int, month: int, day: int) -> date | None:
    """A 和暦 date; None if the era is unknown or the date falls outside it."""
    era = _ERA_BY_KEY.get(era_key)
    if era is None or year < 1:
        return None
    value = _safe_date(era.start.year - 1 + year, month, day)
    if value is None or value < era.start or (era.end is not None and value > era.end):
        return None
    return value


# ---- patterns: one table row per written form ----

_KN = "〇零一二三四五六七八九十"
_S = r"\s{0,2}"
_MD_K = rf"(?:\d{{1,2}}|[{_KN}]{{1,3}})"
_YEAR_W = rf"(?:\d{{4}}|[{_KN}百千]{{2,7}})"
_YEAR_E = rf"(?:元|\d{{1,2}}|[{_KN}]{{1,3}})"
_ERA_KEYS = "|".join(sorted(map(re.escape, _ERA_BY_KEY), key=len, reverse=True))
_ERA = rf"(?<![A-Za-z0-9])(?P<era>{_ERA_KEYS})\.?{_S}"
_MONTH = "(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
_YMD_K = rf"{_S}年{_S}(?P<m>{_MD_K}){_S}月{_S}(?P<d>{_MD_K}){_S}日"
_YMD_SEP = r"(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"

Builder = Callable[[re.Match[str], bool], date | None]


def _num(text: str) -> int:
    return 1 if text == "元" else kanji_number(text) or 0


def _ymd(m: re.Match[str], _: bool) -> date | None:
    return western_date(_num(m["y"]), _num(m["m"]), _num(m["d"]))


def _era_ymd(m: re.Match[str], _: bool) -> date | None:
    return era_date(m["era"], _num(m["y"]), _num(m["m"]), _num(m["d"]))


def _english(m: re.Match[str], _: bool) -> date | None:
    year = int(m["y"])
    year = 2000 + year if len(m["y"]) == 2 else year
    return western_date(year, MONTHS[m["mon"].lower()], int(m["d"]))


def _numeric(m: re.Match[str], day_first: bool) -> date | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or (b <= 12 and day_first):
        return western_date(year, b, a)
    return western_date(year, a, b)


DATE_FORMS: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (re.compile(rf"(?<![\d{_KN}])(?P<y>{_YEAR_W}){_YMD_K}"), _ymd),
    (re.compile(rf"{_ERA}(?P<y>{_YEAR_E}){_YMD_K}"), _era_ymd),
    (re.compile(rf"{_ERA}(?P<y>元|\d{{1,2}}){_YMD_SEP}"), _era_ymd),
    (re.compile(r"(?<![\d/.\-])(?P<y>\d{4})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)"
                r"\s?(?P<d>\d{1,2})(?!\d)"), _ymd),
    (re.compile(r"(?<![\d/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)"
                r"(?P<y>\d{4})(?!\d)"), _numeric),
    (re.compile(rf"(?<![A-Za-z]){_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)\s*,?"
                r"\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE), _english),
    (re.compile(r"(?<![\dA-Za-z])(?P<d>\d{1,2})(?:st|nd|rd|th|er)?(?:\s+(?:day\s+of|de))?"
                rf"[\s\-/.]*{_MONTH},?(?:\s+de)?[\s\-/.,]*(?P<y>\d{{4}})(?!\d)",
                re.IGNORECASE), _english),
    (re.compile(rf"(?<![\dA-Za-z])(?P<d>\d{{1,2}})-{_MONTH}-(?P<y>\d{{2}})(?![\d\-/.])",
                re.IGNORECASE), _english),
)


def scan_dates(folded: str, day_first: bool | None) -> list[tuple[date, int, int]]:
    """Valid dates in already-folded text, spans in that text, left to right."""
    first = day_first is not False
    found = [(value, m.start(), m.end())
             for pattern, build in DATE_FORMS
             for m in pattern.finditer(folded)
             if (value := build(m, first)) is not None]
    found.sort(key=lambda f: (f[1], f[1] - f[2]))
    kept: list[tuple[date, int, int]] = []
    for item in found:
        if not kept or item[1] >= kept[-1][2]:
            kept.append(item)
    return kept


def find_dates(text: str, *, day_first: bool | None = None) -> list[tuple[date, int, int]]:
    """Every date in a line with its (start, end) span in `text`, left to right.

    `day_first` settles 05/04/2024 only: True or None read it as 5 April, False as
    May 4. A number above 12 settles the order whatever `day_first` says."""
    folded = fold(text)
    return [(value, *folded.span(s, e)) for value, s, e in scan_dates(folded.text, day_first)]


_WEEKDAY = (r"(?:[月火水木金土日](?:曜日?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)")
_BEFORE_OK = re.compile(rf"\s*(?:{_WEEKDAY}\s*,?\s*)?", re.IGNORECASE)
_AFTER_OK = re.compile(rf"\s*(?:\(\s?{_WEEKDAY}\s?\)|,?\s*{_WEEKDAY})?\s*"
                       r"(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}時\d{1,2}分(?:\d{1,2}秒)?)?\s*",
                       re.IGNORECASE)
_COMPACT = re.compile(r"\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})\s*")


def parse_date(text: str, *, day_first: bool | None = None) -> date | None:
    """The date that `text` is (a weekday and a time of day may go with it), or None.
    Also reads the compact 20240531 form, which find_dates leaves alone."""
    folded = fold(text).text
    compact = _COMPACT.fullmatch(folded)
    if compact:
        return _ymd(compact, True)
    found = scan_dates(folded, day_first)
    if len(found) != 1:
        return None
    value, start, end = found[0]
    if _BEFORE_OK.fullmatch(folded[:start]) and _AFTER_OK.fullmatch(folded[end:]):
        return value
    return None
