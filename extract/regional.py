"""Where a document comes from, as far as extraction needs it: its currency (by the
signs printed, then by country words), whether it is Japanese, and so how its numeric
dates read (day first in Malaysia and Europe, month first in the US, year first in
Japan)."""

from __future__ import annotations

import re
from enum import StrEnum

from extract.view import DocView

_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
MIN_KANA = 3
JAPANESE_SHARE = 0.25  # CJK characters per Latin letter (OCR turns smudged kana into Latin)


def is_japanese(view: DocView) -> bool:
    """Kana present and Japanese script the larger part of the letters (OCR noise on
    an English receipt can come out as a few katakana)."""
    text = view.text
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return len(_KANA.findall(text)) >= MIN_KANA and cjk >= JAPANESE_SHARE * latin


# Signs printed with amounts: each occurrence is a vote (at most MAX_SIGN_VOTES).
CURRENCY_SIGNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[¥￥]|\d\s?円|JPY"), "JPY"),
    (re.compile(r"€|\bEUR\b|\bEuros?\b"), "EUR"),
    (re.compile(r"£|\bGBP\b"), "GBP"),
    (re.compile(r"\bRM\s?\d|\bRM\b|\bMYR\b"), "MYR"),
    (re.compile(r"₹|\bINR\b|\bRs\.?\s?\d|\bRupees?\b"), "INR"),
    (re.compile(r"(?<![A-Za-z])S\$|\bSGD\b"), "SGD"),  # not the S of US$
    (re.compile(r"US\$|\bUSD\b|US Dollars?"), "USD"),
]
# A bare "$" is the sign of a dozen currencies (Malaysian tills print it for ringgit):
# it votes for USD, but less than a word that places the document in a country.
AMBIGUOUS_SIGNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![A-Za-z])\$"), "USD"),
]
AMBIGUOUS_VOTE = 0.5
# Words that place a document in a country, worth COUNTRY_VOTE once each.
COUNTRY_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"消費税|登録番号|株式会社|都|道|府|県"), "JPY"),
    (re.compile(r"Malaysia|Sdn\.?\s?Bhd|\bBhd\b|\bJalan\b|\bJln\b|Kuala Lumpur|Selangor|"
                r"Johor|Penang|Sabah|Sarawak|\bGST (?:ID|Reg)", re.IGNORECASE), "MYR"),
    (re.compile(r"\bIndia\b|GSTIN|Pvt\.?\s?Ltd|\bCGST\b|\bSGST\b", re.IGNORECASE), "INR"),
    (re.compile(r"\bTVA\b|\bTTC\b|\bBTW\b|\bMwSt\b|\bUSt\b|Facture|Factuur|Rechnung|"
                r"\bHT\b|Nederland|France|Deutschland", re.IGNORECASE), "EUR"),
    (re.compile(r"Singapore", re.IGNORECASE), "SGD"),
    (re.compile(r"United States|\bU\.?S\.?A\.?\b", re.IGNORECASE), "USD"),
]
MAX_SIGN_VOTES = 3
COUNTRY_VOTE = 2.5
JAPANESE_VOTE = 5.0


def currency_votes(view: DocView) -> dict[str, float]:
    text = view.text
    votes: dict[str, float] = {}
    for pattern, code in CURRENCY_SIGNS:
        n = len(pattern.findall(text))
        if n:
            votes[code] = votes.get(code, 0.0) + min(n, MAX_SIGN_VOTES)
    for pattern, code in AMBIGUOUS_SIGNS:
        n = len(pattern.findall(text))
        if n:
            votes[code] = votes.get(code, 0.0) + AMBIGUOUS_VOTE * min(n, MAX_SIGN_VOTES)
    for pattern, code in COUNTRY_WORDS:
        if pattern.search(text):
            votes[code] = votes.get(code, 0.0) + COUNTRY_VOTE
    if is_japanese(view):
        votes["JPY"] = votes.get("JPY", 0.0) + JAPANESE_VOTE
    return votes


def currency(view: DocView) -> str | None:
    votes = currency_votes(view)
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: kv[1])[0]


class DateOrder(StrEnum):
    YMD = "ymd"  # Japan: 24/05/31
    DMY = "dmy"
    MDY = "mdy"


DATE_ORDER: dict[str, DateOrder] = {"JPY": DateOrder.YMD, "USD": DateOrder.MDY}


def date_order(code: str | None) -> DateOrder:
    """How numeric dates read for a currency; day first where nothing says otherwise."""
    return DATE_ORDER.get(code or "", DateOrder.DMY)
