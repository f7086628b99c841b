"""Normalisers from OCR text to typed values: amounts (Decimal), dates (date) and
インボイス registration numbers ("T" + 13 digits).

Amount and date grammar live in normalize_amounts / normalize_dates; this module adds
what is *not* an amount in a line (dates, times, phone and postal numbers, T-numbers,
rates, digits glued to codes) and the registration numbers."""

from __future__ import annotations

import re
from decimal import Decimal

from extract.normalize_amounts import amount_candidates, parse_amount
from extract.normalize_dates import ERAS, Era, find_dates, fold, parse_date, scan_dates

__all__ = [
    "ERAS", "Era", "find_amounts", "find_dates", "find_registration_numbers",
    "normalize_registration_number", "parse_amount", "parse_date",
    "registration_check_digit_ok",
]

# ---- registration numbers ----

_T = "TtТт"  # Latin T, lowercase t, and the Cyrillic Т/т that OCR sometimes returns
REGISTRATION = re.compile(rf"(?<![A-Za-z0-9])[{_T}][\s\-:]?\s?(?:\d[\s\-]?){{12}}\d(?!\d)")
_REG_NOISE = re.compile(r"[\s\-ー_]")
_REG_FULL = re.compile(rf"[{_T}]?(\d{{13}})")


def _compact(text: str) -> str:
    return _REG_NOISE.sub("", fold(text).text)


def normalize_registration_number(text: str) -> str | None:
    """"T" + 13 digits from an OCR'd registration number, or None if it is not one."""
    compact = _compact(text)
    if not compact or compact[0] not in _T:
        return None
    m = _REG_FULL.fullmatch(compact)
    return f"T{m.group(1)}" if m else None


def find_registration_numbers(text: str) -> list[tuple[str, int, int]]:
    folded = fold(text)
    found: list[tuple[str, int, int]] = []
    for m in REGISTRATION.finditer(folded.text):
        number = normalize_registration_number(m.group(0))
        if number is not None:
            found.append((number, *folded.span(m.start(), m.end())))
    return found


def registration_check_digit_ok(number: str) -> bool:
    """法人番号 check digit: the leftmost of the 13 digits is 9 - (Σ Pn·Qn mod 9), Pn the
    n-th digit of the other 12 counted from the right, Qn 1 for odd n and 2 for even.
    Takes "T" + 13 digits or the bare 13 digits."""
    m = _REG_FULL.fullmatch(_compact(number))
    if m is None:
        return False
    digits = m.group(1)
    total = sum(int(p) * (2 if n % 2 == 0 else 1)
                for n, p in enumerate(reversed(digits[1:]), start=1))
    return int(digits[0]) == 9 - total % 9


# ---- amounts in a line ----

NOT_AMOUNTS: tuple[re.Pattern[str], ...] = (
    REGISTRATION,
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"),                        # 14:03
    re.compile(r"〒\s?\d{3}-?\d{4}(?!\d)|(?<![\d\-])\d{3}-\d{4}(?![\d\-])"),     # 〒100-0001
    re.compile(r"(?<![\d\-])\(?0\d{1,4}(?:\)\s?|-)\d{1,4}-\d{3,4}(?![\d\-])"),   # 03-1234-5678
    re.compile(r"\+\d{1,3}[\s\-]?\(?\d{1,4}\)?[\s\-]?\d{1,4}[\s\-]\d{3,4}(?!\d)"),  # +81 3 ...
    re.compile(r"(?<![\d.,])\d{1,3}[.,]\s\d{1,2}\s?%"),                             # 6. 00%
    re.compile(r"(?:TEL|FAX|Phone|電話|携帯)[^\d+(]{0,3}[+(]?\d[\d()\-]*(?: \d[\d()\-]*){0,2}",
               re.IGNORECASE),
)
_NOT_AFTER = "年月日時分秒"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _glued(text: str, start: int, end: int) -> bool:
    """Digits that belong to something else: a code (A123, 12/34), a date (5月), a
    range (100-200) or a word (5kg is a quantity, x2 a count)."""
    before = text[start - 1] if start else ""
    before2 = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    first = text[start]
    if _ascii_alnum(before) and (_ascii_alnum(first) or first == "-"):
        return True
    if before in ("/", ":", "-") and before2.isdigit() and first.isdigit():
        return True
    if after and ((after.isascii() and after.isalpha()) or after in _NOT_AFTER):
        return True
    return after in ("/", ":", "-") and after2.isdigit()


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every amount in a line with its (start, end) span in `text`, left to right.
    Dates, times, phone and postal numbers, registration numbers and rates (10%) are
    not amounts. Counts and quantities ("3点") are left to the caller."""
    folded = fold(text)
    blocked = [(s, e) for _, s, e in scan_dates(folded.text, None)]
    blocked += [m.span() for p in NOT_AMOUNTS for m in p.finditer(folded.text)]
    found: list[tuple[Decimal, int, int]] = []
    for value, s, e in amount_candidates(folded.text):
        if any(bs < e and s < be for bs, be in blocked) or _glued(folded.text, s, e):
            continue
        found.append((value, *folded.span(s, e)))
    return found
