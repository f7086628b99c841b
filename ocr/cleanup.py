"""Japanese OCR text clean-up, run on each word or line Tesseract returns.

A pure function of a string: a fixed sequence of small steps (the table STEPS).
It folds width (NFKC), joins CJK characters that OCR split with spaces, makes dash
look-alikes inside numbers plain "-", and repairs the usual OCR confusions, but only
inside numbers: "\\" or "Y" before digits is "¥", O/o is 0 and l/I/| is 1 between
digits. Ordinary words (Tokyo, OIL, YAMADA, Invoice) are never touched.

Why not neologdn: it deletes tildes (2024/05/01~2024/05/31 becomes one number),
turns "¥" into "\\", turns the dash in "¥1,234－" into the long-vowel mark "ー" and
shortens repeated long vowels; those are exactly the things a receipt needs kept."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Han, kana (with ー and 々), CJK punctuation and brackets.
_CJK = r"\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\u2500\u2501\u2043ー"
# A dash look-alike right after a digit, before a digit or where the number ends
# (¥1,234ー), but not a long-vowel mark that a kana follows.
_NUMBER_DASH = re.compile(rf"(?<=\d)[{_DASHES}](?=\d|\s|$|[^\w])")

_CONFUSABLE = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_SEPARATORS = ",./:-"
# A run of digits, confusables and separators that touches no letter or digit.
_NUMERIC_TOKEN = re.compile(r"(?<![A-Za-z0-9])[0-9OolI|][0-9OolI|,./:\-]*(?![A-Za-z0-9])")
_DATE_UNITS = "年月日円時分"
# "\" or "Y" right before a number (that may itself hold confusables) is the yen sign.
_YEN = re.compile(r"(?<![A-Za-z0-9])[Y\\](?=[0-9][0-9OolI,.]*(?![0-9A-Za-z,.]))")


def _fold_char(ch: str) -> str:
    # ¼, ², ①, ⑴ keep their form: folded they would join the digits next to them.
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch or unicodedata.decomposition(ch).startswith(("<wide>", "<narrow>")):
        return folded
    return ch if any("0" <= c <= "9" for c in folded) else folded


def _nfkc(text: str) -> str:
    # Full-width ASCII to half-width, half-width katakana to full-width, ￥ to ¥; NFC
    # then joins a half-width kana with its voicing mark (ｶﾞ -> ガ).
    return unicodedata.normalize("NFC", "".join(_fold_char(ch) for ch in text))


def _join_cjk(text: str) -> str:
    return _CJK_GAP.sub("", text)


def _number_dashes(text: str) -> str:
    return _NUMBER_DASH.sub("-", text)


def _yen_sign(text: str) -> str:
    return _YEN.sub("¥", text)


def _numeric_context(token: str, unit_follows: bool) -> bool:
    """Whether a token is a number that OCR garbled rather than a word or a label."""
    digits = sum(ch.isdigit() for ch in token)
    if digits and (unit_follows or any(ch in _SEPARATORS for ch in token)):
        return True
    return digits >= 2 and any(
        token[i] in _CONFUSABLE and token[i - 1].isdigit() and token[i + 1].isdigit()
        for i in range(1, len(token) - 1))


def _digit_side(chars: list[str], i: int, step: int) -> bool:
    """A digit next to position i on one side, directly or across one separator."""
    j = i + step
    if not 0 <= j < len(chars):
        return False
    if chars[j] in _SEPARATORS:
        j += step
    return 0 <= j < len(chars) and chars[j].isdigit()


def _repair_token(token: str) -> str:
    """Replace confusables next to a digit until none is left; | only between digits."""
    chars = list(token)
    changed = True
    while changed:
        changed = False
        for i, ch in enumerate(chars):
            if ch not in _CONFUSABLE:
                continue
            left, right = _digit_side(chars, i, -1), _digit_side(chars, i, 1)
            strict = 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()
            if strict or (ch != "|" and (left or right)):
                chars[i] = _CONFUSABLE[ch]
                changed = True
    return "".join(chars)


def _confusables(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        following = text[m.end():m.end() + 1]
        unit_follows = following != "" and following in _DATE_UNITS
        return _repair_token(token) if _numeric_context(token, unit_follows) else token

    return _NUMERIC_TOKEN.sub(fix, text)


STEPS: tuple[Callable[[str], str], ...] = (
    _nfkc, _join_cjk, _number_dashes, _yen_sign, _confusables,
)


def clean_text(text: str) -> str:
    # A repair can expose another (\I/0 -> \1/0 -> ¥1/0): run to a fixed point.
    for _ in range(4):
        before = text
        for step in STEPS:
            text = step(text)
        if text == before:
            break
    return text
