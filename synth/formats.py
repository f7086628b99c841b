"""How values are printed: yen and dollar amounts, 西暦/和暦/English dates, 法人番号
with their check digit, and the plain strings the truth file holds."""

from __future__ import annotations

import calendar
import random
from datetime import date
from decimal import Decimal

# 登記所番号 prefixes seen in real 法人番号 (the registry office), for a realistic shape.
REGISTRY_OFFICES = ("0104", "0110", "0111", "0113", "1200", "1201", "1800", "0701", "3400")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten", "eleven", "twelve")
REIWA_START = date(2019, 5, 1)


def check_digit(base12: str) -> int:
    """法人番号 check digit: 9 - (sum of Pn*Qn mod 9), n counted from the right."""
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError(f"base number must be 12 digits: {base12!r}")
    total = sum(int(d) * (1 if n % 2 else 2)
                for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def is_corporate_number(number: str) -> bool:
    return (len(number) == 13 and number.isdigit()
            and int(number[0]) == check_digit(number[1:]))


def corporate_number(rng: random.Random) -> str:
    base = (rng.choice(REGISTRY_OFFICES) + rng.choice(("01", "01", "02", "03"))
            + f"{rng.randrange(10**6):06d}")
    return f"{check_digit(base)}{base}"


def plain(amount: Decimal) -> str:
    """The truth's amount string: no separators, no trailing zeros beyond cents."""
    return format(amount, "f")


def yen(amount: Decimal) -> str:
    return f"¥{amount:,.0f}"


def yen_kanji(amount: Decimal) -> str:
    return f"{amount:,.0f}円"


def money(amount: Decimal, currency: str) -> str:
    sign = {"USD": "$", "EUR": "€"}[currency]
    return f"{sign}{amount:,.2f}"


def wareki(d: date) -> str:
    if d < REIWA_START:
        raise ValueError(f"only 令和 dates are drawn: {d}")
    year = d.year - 2018
    return f"令和{'元' if year == 1 else year}年{d.month}月{d.day}日"


def ja_date(d: date, style: str) -> str:
    """style: kanji (2024年5月31日), slash (2024/05/31) or wareki (令和6年5月31日)."""
    if style == "kanji":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "wareki":
        return wareki(d)
    raise ValueError(f"unknown date style {style!r}")


def en_date(d: date, style: str) -> str:
    """style: long (March 5, 2024), dmy_long (5 March 2024), us (03/05/2024),
    eu (05/03/2024) or iso."""
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy_long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "us":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "eu":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "iso":
        return d.isoformat()
    raise ValueError(f"unknown date style {style!r}")


def number_words(n: int) -> str:
    """Contract style: two (2)."""
    return f"{NUMBER_WORDS[n]} ({n})"


def add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def random_date(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))
