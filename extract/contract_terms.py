"""How long, whether it renews, and for how much: the term ("two (2) years" ->
"2 years", 「1年間」 -> "1 year"), automatic renewal (自動更新 / "automatically
renew"), and the contract amount with its period (月額 / 年額 / total)."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from extract.contract_flow import Flow
from extract.normalize import find_amounts, find_dates
from extract.normalize_dates import kanji_number

# ---- numbers written as words ----

_UNITS = re.findall(r"\S+", "zero one two three four five six seven eight nine ten eleven "
                    "twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | _TENS | {
    f"{t}{sep}{u}": n + i for t, n in _TENS.items() for i, u in enumerate(_UNITS[1:10], 1)
    for sep in ("-", " ")}
NUMBER_WORDS |= {"a": 1, "an": 1, "one hundred": 100}
_NUMBER = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
UNITS: dict[str, str] = {"year": "year", "month": "month", "day": "day", "week": "week",
                         "年": "year", "か月": "month", "ヶ月": "month", "カ月": "month",
                         "ケ月": "month", "箇月": "month", "ヵ月": "month", "日": "day",
                         "週": "week"}
DURATION = re.compile(
    rf"\b(?P<word>{_NUMBER}|\d{{1,3}})\s*(?:\(\s*(?P<digits>\d{{1,3}})\s*\)[\s.,]*)?"
    r"(?:full\s+|calendar\s+|consecutive\s+)?(?P<unit>year|month|day|week)s?\b",
    re.IGNORECASE)
JA_DURATION = re.compile(r"(?<![\d〇一二三四五六七八九十])(?<!令和)(?<!平成)(?<!昭和)"
                         r"(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*"
                         r"(?P<unit>年|か月|ヶ月|カ月|ケ月|ヵ月|箇月|週)間?(?![前内以])")


def duration_text(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")


def parse_duration(m: re.Match[str]) -> str | None:
    """"two (2) years" -> "2 years"; the figure in brackets wins over the words."""
    if m.re is JA_DURATION:
        count = int(m["n"]) if m["n"].isdigit() else kanji_number(m["n"])
    elif m["digits"]:
        count = int(m["digits"])
    else:
        word = m["word"].lower()
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(re.sub(r"\s+", " ", word))
    if not count:
        return None
    return duration_text(count, UNITS[m["unit"].lower()])


@dataclass(frozen=True, slots=True)
class Span:
    value: str
    start: int
    end: int


# The agreement's own length, strongest first, each with how far after its words the
# length may stand. A restriction that runs after employment ends ("for one year
# following termination") is not the term.
_VERB = (r"(?:(?:shall|will)\s+)?(?:automatically\s+)?(?:terminate|expire|continue|remain|"
         r"be\s+effective|survive)s?")
_HEADING = r"(?:(?<=\d)|(?<=\d\.)|(?<=\)))\s*"  # after a section number: "7. Term."
TERM_CLAUSES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"(?<![A-Za-z])term\s+of\s+this\s+(?:letter\s+)?agreement\s+"
                r"(?:shall|will|is)\b", re.IGNORECASE), 70),
    (re.compile(rf"{_HEADING}(?:Term|TERM)(?:\s*(?:and|AND|;|&|,)\s*(?:Termination|"
                r"TERMINATION))?\s*[.:]\s+"), 300),
    (re.compile(r"(?<![A-Za-z])this\s+(?:letter\s+|non-disclosure\s+|confidentiality\s+)?"
                rf"agreement[^.;]{{0,60}}?\b{_VERB}", re.IGNORECASE), 70),
    (re.compile(rf"(?=\b(?:{_NUMBER}|\d{{1,3}})\s*(?:\(\s*\d{{1,3}}\s*\)\s*)?(?:year|month)"
                r"s?\b[^.;]{0,60}?[“\"](?:the\s+)?(?:\w+\s+)?Term[”\"])", re.IGNORECASE), 20),
    (re.compile(r"\b(?:obligations|provisions|restrictions)\b(?:\s+(?:of|under)\s+this\s+"
                rf"agreement|\s+hereunder)?[^.;]{{0,60}}?\b{_VERB}", re.IGNORECASE), 70),
)
NOT_TERM_AFTER = re.compile(r"^[^.;]{0,30}\b(?:following|after)\s+(?:the\s+)?(?:cessation|"
                            r"termination\s+of\s+(?:his|her|employ)|separation|employment)",
                            re.IGNORECASE)


ORDINALS = {w: i for i, w in enumerate(re.findall(
    r"\S+", "first second third fourth fifth sixth seventh eighth ninth tenth"), start=1)}
# "until the second anniversary of the Effective Date": a term in whole years.
ANNIVERSARY = re.compile(rf"\b(?P<n>{'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+"
                         r"anniversary\b", re.IGNORECASE)


def _length_in(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The first length between start and end: "two (2) years", "second anniversary"."""
    found = [m for m in (DURATION.search(text, start, end), ANNIVERSARY.search(text, start, end))
             if m is not None]
    if not found:
        return None
    m = min(found, key=lambda f: f.start())
    if m.re is ANNIVERSARY:
        word = m["n"].lower()
        count = ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        value: str | None = duration_text(count, "year") if count else None
    else:
        value = parse_duration(m)
    return (value, m.start(), m.end()) if value else None


def term_en(flow: Flow) -> Span | None:
    for clause, reach in TERM_CLAUSES:
        for m in clause.finditer(flow.text):
            window = re.split(r"[.;]\s", flow.text[m.end():m.end() + reach])[0]
            found = _length_in(flow.text, m.end(), m.end() + len(window))
            if found is None or NOT_TERM_AFTER.match(flow.text[found[2]:]):
                continue
            return Span(*found)
    return None


JA_TERM_CLAUSE = re.compile(r"(?:契約期間|有効期間|本契約の期間)[^。]*")


def term_ja(flow: Flow) -> Span | None:
    """A length written in the 期間 sentence, before any words about renewal; the
    years of the dates in it (令和6年) are not lengths."""
    for m in JA_TERM_CLAUSE.finditer(flow.text):
        clause = re.split(r"更新|延長|ただし|但し", m.group(0))[0]
        dates = [(s, e) for _, s, e in find_dates(clause)]
        lengths = sorted(JA_DURATION.finditer(clause), key=lambda d: not d.group(0).endswith("間"))
        for d in lengths:  # 「1年間」 before a bare 「1年」
            if any(s < d.end() and d.start() < e for s, e in dates):
                continue
            value = parse_duration(d)
            if value:
                return Span(value, m.start() + d.start(), m.start() + d.end())
    return None


def add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def term_between(start: date, end: date) -> str | None:
    """The length of a period that runs from `start` through `end` inclusive, when it
    is a whole number of years or months."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months <= 0 or add_months(start, months) != after:
        return None
    if months % 12 == 0:
        return duration_text(months // 12, "year")
    return duration_text(months, "month")


def end_of_term(start: date, term: str) -> date | None:
    count, unit = term.split()
    months = {"year": 12, "month": 1}.get(unit.rstrip("s"))
    if months is None:
        return None
    return add_months(start, int(count) * months) - timedelta(days=1)


# ---- automatic renewal ----

RENEWAL: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"自動(?:的に)?(?:更新|延長)(?:しない|されない|は行わない|を行わない|"
                r"はしない|はされない)"), False),
    (re.compile(r"更新(?:について|に関して|に関しては|は)[^。]{0,20}協議"), False),
    (re.compile(r"\brenew(?:ed|al)?\s+(?:only\s+)?(?:by|upon|with)\s+(?:the\s+)?mutual\s+"
                r"(?:written\s+)?(?:agreement|consent)", re.IGNORECASE), False),
    (re.compile(r"\b(?:not|no)\s+(?:be\s+)?automatic(?:ally)?\s+(?:renew|extend)",
                re.IGNORECASE), False),
    (re.compile(r"自動(?:的に)?(?:更新|延長)|同一(?:の)?条件で(?:さらに|更に)?[^。]{0,12}"
                r"(?:更新|延長)"), True),
    (re.compile(r"\b(?:automatic(?:ally)?\s+(?:be\s+)?(?:renew|extend)|auto-?renew|"
                r"renew(?:ed)?\s+automatically|renew\s+for\s+(?:successive|additional)|"
                r"evergreen)", re.IGNORECASE), True),
)


def renewal(flow: Flow) -> tuple[bool, int, int] | None:
    for pattern, value in RENEWAL:
        m = pattern.search(flow.text)
        if m:
            return value, m.start(), m.end()
    return None


# ---- amount ----

PERIOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"月額|毎月|月々|1か月あたり|一か月あたり|per\s+month|a\s+month|monthly|"
                r"each\s+month", re.IGNORECASE), "monthly"),
    (re.compile(r"年額|年間|毎年|per\s+(?:year|annum)|a\s+year|annual(?:ly)?|yearly|"
                r"each\s+year", re.IGNORECASE), "yearly"),
)
JA_AMOUNT_LABEL = re.compile(r"月額|年額|総額|委託料|業務委託料|報酬|代金|契約金額|賃料|"
                             r"対価|利用料|使用料|料金")
EN_AMOUNT_LABEL = re.compile(r"\b(?:fees?|price|compensation|consideration|payment|pay|"
                             r"rent|retainer|amount)\b", re.IGNORECASE)
CURRENCY_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[¥￥]|円|JPY"), "JPY"),
    (re.compile(r"US\$|\$|USD"), "USD"),
    (re.compile(r"€|EUR"), "EUR"),
    (re.compile(r"£|GBP"), "GBP"),
)
MONEY_MARK = re.compile("|".join(p.pattern for p, _ in CURRENCY_MARKS))


def currency_near(text: str) -> str | None:
    return next((code for pattern, code in CURRENCY_MARKS if pattern.search(text)), None)


NOT_CONTRACT_MONEY = re.compile(r"per\s+(?:share|unit)|(?:exercise|strike|option|share|"
                                r"closing)\s+price|株価|1株", re.IGNORECASE)
AMOUNT_REACH = 100  # characters after a fee word where its amount may start


SENTENCE_END = re.compile(r"[。;]|\.\s")


def _period(text: str, label: int, end: int) -> str:
    """月額 / per month and the like near the amount, within its own sentence: the
    1年間 that ends the sentence before does not make a 総額 yearly."""
    head = text[max(0, label - 20):label]
    cut = list(SENTENCE_END.finditer(head))
    head = head[cut[-1].end():] if cut else head
    tail = SENTENCE_END.split(text[end:end + 20])[0]
    context = head + text[label:end] + tail
    return next((p for pat, p in PERIOD_WORDS if pat.search(context)), "total")


def contract_amount(flow: Flow, japanese: bool) -> tuple[Decimal, str, int, int] | None:
    """The first amount of money in a sentence about fees; its period from the words
    before and after it. Prices per share or unit are not what a contract costs."""
    label = JA_AMOUNT_LABEL if japanese else EN_AMOUNT_LABEL
    for m in label.finditer(flow.text):
        sentence = SENTENCE_END.split(flow.text[m.start():m.start() + 300])[0]
        if NOT_CONTRACT_MONEY.search(sentence):
            continue
        for value, s, e in find_amounts(sentence):
            if s > AMOUNT_REACH:
                break
            if value <= 0 or not MONEY_MARK.search(sentence[max(0, s - 2):e + 2]):
                continue
            period = _period(flow.text, m.start(), m.start() + e)
            return value, period, m.start() + s, m.start() + e
    return None
