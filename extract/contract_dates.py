"""Contract dates, read from the words around each date: the signing date ("dated as
of", "made and entered into this ... day of", 締結日, the date above the 甲/乙
signatures), the effective date ("effective as of", (the "Effective Date"), the start
of 契約期間) and the expiry date (the end of 契約期間 ... から ... まで)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extract.contract_flow import Flow
from extract.normalize import find_dates
from extract.schema import Evidence
from extract.view import DocView

OPENING_WINDOW = 5000  # characters from the start where the opening clause is sought


@dataclass(frozen=True, slots=True)
class DateAt:
    value: date
    start: int
    end: int


# Words just before a date that say what the date is; each cue must end where the date
# begins. Rank: lower is stronger.
EFFECTIVE_BEFORE = re.compile(
    r"\b(?:effective|commencing|commence)\s+(?:as\s+of|of|on|from|date\s+(?:is|of))?\s*"
    r"(?:this\s+|the\s+)?$", re.IGNORECASE)
EFFECTIVE_AFTER = re.compile(
    r"^\s*,?\s*\(\s*(?:the|this|hereinafter)?\s*[“\"](?:[\w ]+ )?Effective\s+Date[”\"]",
    re.IGNORECASE)
EFFECTIVE_DEFINED = re.compile(
    r"[“\"]?Effective\s+Date[”\"]?\s+(?:means|shall\s+mean|is|shall\s+be)\s+(?:the\s+)?$",
    re.IGNORECASE)
SIGNED_BEFORE = re.compile(
    r"\b(?:dated|made|entered\s+into|entered\s+in|executed|signed|agreed)"
    r"(?:\s+and\s+(?:effective|entered\s+into))?\s*,?\s*(?:as\s+of|on|at)?\s*"
    r"(?:this\s+|the\s+)?$", re.IGNORECASE)
DEFINED_DATE_AFTER = re.compile(r"^\s*,?\s*\(\s*(?:the|this)?\s*[“\"][\w ]*Date[”\"]\s*\)")
JA_SIGNED_BEFORE = re.compile(r"(?:締結日|契約締結日|契約日|署名日|調印日)\s*[:：]?\s*$")
JA_EFFECTIVE_BEFORE = re.compile(r"(?:効力発生日|発効日|契約開始日|適用開始日)\s*[:：]?\s*$")
JA_UNTIL = re.compile(r"^\s*(?:まで|迄)")
JA_FROM = re.compile(r"^\s*(?:から|より)\s*[、，,]?\s*$")
# A "Date:" label, at the start of a line or of a column of side-by-side signatures.
LABELLED_DATE = re.compile(r"(?:^|(?<=\s))(?:Date|Dated|Signature\s+Date)\s*:\s*",
                           re.IGNORECASE)
SHORT_US_DATE = re.compile(r"\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2})(?![\d/])")


def dates_in(flow: Flow, day_first: bool | None) -> list[DateAt]:
    return [DateAt(v, s, e) for v, s, e in find_dates(flow.text, day_first=day_first)]


def _cued(flow: Flow, dates: list[DateAt], before: re.Pattern[str] | None,
          after: re.Pattern[str] | None, limit: int | None = None) -> DateAt | None:
    for d in dates:
        if limit is not None and d.start > limit:
            break
        head = flow.text[max(0, d.start - 60):d.start]
        tail = flow.text[d.end:d.end + 60]
        if (before is not None and before.search(head)) or (after and after.search(tail)):
            return d
    return None


def effective_en(flow: Flow, dates: list[DateAt], opening_end: int) -> DateAt | None:
    """A date defined as the "Effective Date"; else one the opening clause calls
    effective ("effective as of ...")."""
    return (_cued(flow, dates, EFFECTIVE_DEFINED, EFFECTIVE_AFTER, OPENING_WINDOW)
            or _cued(flow, dates, EFFECTIVE_BEFORE, None, opening_end))


def signed_en(flow: Flow, dates: list[DateAt]) -> DateAt | None:
    return _cued(flow, dates, SIGNED_BEFORE, DEFINED_DATE_AFTER, OPENING_WINDOW)


def opening_end(flow: Flow, signed: DateAt | None) -> int:
    """Where the opening clause ends: the sentence of the signing date, or the
    first few hundred characters of the first sentence about "this Agreement"."""
    if signed is not None:
        return _sentence_end(flow.text, signed.end)
    m = re.search(r"\b(?:this|the)\s+[\w\s-]{0,80}?agreement\b", flow.text[:OPENING_WINDOW],
                  re.IGNORECASE)
    return _sentence_end(flow.text, m.end()) if m else 0


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"\.\s+(?=[A-Z0-9(“\"])|\s(?=WHEREAS|RECITALS|NOW,)").search(text, pos)
    return m.start() if m else len(text)


def letter_date(view: DocView, day_first: bool | None, head: int = 15) -> tuple | None:
    """A date standing alone on one of the first lines (a letter agreement's date)."""
    for line in view.lines[:head]:
        found = find_dates(line.text, day_first=day_first)
        if len(found) == 1 and _alone(line.text, found[0][1], found[0][2]):
            value, s, e = found[0]
            return value, line.evidence(s, e, "layout:letter-date")
    return None


def _alone(text: str, start: int, end: int) -> bool:
    rest = (text[:start] + text[end:]).strip(" ,.:")
    return not rest or bool(re.fullmatch(r"(?:Dated|Date|DATED|日付)\s*:?", rest))


SIGNATURE_SPAN = 30  # lines over which one group of signature blocks runs


def signature_date(view: DocView, day_first: bool | None) -> tuple | None:
    """The latest "Date: ..." in the first group of signature blocks, side-by-side
    columns included: an agreement signed on two days takes effect when the last
    party signs."""
    found: list[tuple] = []
    for line in view.lines:
        if found and line.index - found[0][2] > SIGNATURE_SPAN:
            break
        for m in LABELLED_DATE.finditer(line.text):
            value = _labelled_date(line.text, m.end(), day_first)
            if value is not None:
                found.append((value[0], line.evidence(*value[1:], "label:Date"), line.index))
    if not found:
        return None
    latest = max(found, key=lambda f: f[0])
    return latest[0], latest[1]


def _labelled_date(text: str, start: int, day_first: bool | None) -> tuple | None:
    found = find_dates(text[start:], day_first=day_first)
    if found:
        value, s, e = found[0]
        return value, s + start, e + start
    short = SHORT_US_DATE.match(text, start)
    if short and (value := _short_date(short)) is not None:
        return value, short.start(), short.end()
    return None


def _short_date(m: re.Match[str]) -> date | None:
    """9/4/12 beside a US signature: month first, two-digit year in this century."""
    try:
        return date(2000 + int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


# ---- Japanese ----

def period_ja(flow: Flow, dates: list[DateAt]) -> tuple[DateAt, DateAt | None] | None:
    """The first 「DATEから DATEまで」 pair; failing that a 「DATEから」 in a sentence about
    期間 (the end may be a length: 「令和6年4月1日から1年間」)."""
    for a, b in zip(dates, dates[1:], strict=False):
        if JA_FROM.match(flow.text[a.end:b.start]) and JA_UNTIL.match(flow.text[b.end:]):
            return a, b
    for a in dates:
        sentence = flow.text[max(0, flow.text.rfind("。", 0, a.start) + 1):a.start]
        if "期間" in sentence and re.match(r"\s*(?:から|より)", flow.text[a.end:]):
            return a, None
    return None


def signed_ja(view: DocView, flow: Flow, dates: list[DateAt]) -> tuple | None:
    labelled = _cued(flow, dates, JA_SIGNED_BEFORE, None)
    if labelled:
        return labelled.value, flow.evidence(labelled.start, labelled.end, "label:締結日")
    for line in reversed(view.lines):  # the date line above the 甲/乙 signatures
        found = find_dates(line.text)
        if len(found) == 1 and _alone(line.text, found[0][1], found[0][2]):
            value, s, e = found[0]
            return value, line.evidence(s, e, "layout:signing-date")
    return None


def effective_ja(flow: Flow, dates: list[DateAt]) -> DateAt | None:
    return _cued(flow, dates, JA_EFFECTIVE_BEFORE, None)


def at(flow: Flow, d: DateAt, source: str) -> tuple[date, Evidence | None]:
    return d.value, flow.evidence(d.start, d.end, source)
