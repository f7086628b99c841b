"""Who and when: registration number, customer, dates, invoice number, currency. The
vendor and its address are in extract.vendor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from extract.labels import CUSTOMER_SUFFIX, PATTERNS, label_rank
from extract.layout import below_span, phrase_view, row_view
from extract.vendor import customer_block
from extract.regional import (
    AMBIGUOUS_SIGNS,
    COUNTRY_WORDS,
    CURRENCY_SIGNS,
    DateOrder,
    currency,
    date_order,
)
from extract.normalize import find_dates, find_registration_numbers
from extract.normalize_dates import fold
from extract.schema import DocType, Evidence, Extraction
from extract.view import DocView, TextLine


def extract_registration(view: DocView, result: Extraction) -> None:
    for line in view.lines:
        found = find_registration_numbers(line.text)
        if found:
            number, s, e = found[0]
            result.set("vendor_registration_number", number,
                       line.evidence(s, e, "pattern:registration"))
            return


# ---- dates ----

# 18/03/12, 12-03-18: a two-digit year, read in the document's date order. The
# normaliser leaves these alone because only the locale can say which part is which.
# Dashes after a kanji are a Japanese street number (錦町1-12-21), not a date.
SHORT_DATE = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s?([/.])\s?(\d{1,2})\s?\2\s?(\d{2})(?![\d/.\-])"
    r"|(?<![\u3040-\u30ff\u4e00-\u9fff\d/.\-])(\d{1,2})\s?-\s?(\d{1,2})\s?-\s?(\d{2})(?![\d/.\-])")
_PARTS: dict[DateOrder, tuple[int, int, int]] = {  # (year, month, day) of (a, b, c)
    DateOrder.YMD: (0, 1, 2), DateOrder.DMY: (2, 1, 0), DateOrder.MDY: (2, 0, 1)}


def _short_dates(text: str, order: DateOrder) -> list[tuple[date, int, int]]:
    folded = fold(text)
    found = []
    for m in SHORT_DATE.finditer(folded.text):
        parts = (m.group(1) or m.group(5), m.group(3) or m.group(6), m.group(4) or m.group(7))
        y, mo, d = (int(parts[i]) for i in _PARTS[order])
        try:
            value = date(2000 + y, mo, d)
        except ValueError:
            continue
        found.append((value, *folded.span(m.start(), m.end())))
    return found


def dates_in(text: str, order: DateOrder) -> list[tuple[date, int, int]]:
    """Dates in a line: every form the normaliser reads, else two-digit-year forms."""
    return (find_dates(text, day_first=order is not DateOrder.MDY)
            or _short_dates(text, order))


COLUMN_SLACK = 40  # pixels a value under a label may stand off the label's column


@dataclass(frozen=True, slots=True)
class DateHit:
    value: date
    rank: int
    row: int
    evidence: Evidence


def _labelled_dates(rows: DocView, field: str, order: DateOrder) -> Iterator[DateHit]:
    """Dates right of a label, else under it (the one in the label's column)."""
    for line, m in rows.search(PATTERNS[field]):
        if field == "issue_date" and _inside_due_label(line.text, m.start(), m.end()):
            continue
        rank = label_rank(field, m.group(0))
        x0, _, x1, _ = line.span_bbox(m.start(), m.end())
        found = [(line, v, s + m.end(), e + m.end())
                 for v, s, e in dates_in(line.text[m.end():], order)][:1]
        for below in below_span(rows, line, m.start(), m.end(), 1):
            if not found:
                found = [(below, v, s, e) for v, s, e in dates_in(below.text, order)
                         if _overlaps(below.span_bbox(s, e), x0, x1)][:1]
        for target, value, s, e in found:
            yield DateHit(value, rank, line.index,
                          target.evidence(s, e, f"label:{m.group(0)}"))


def _overlaps(box: tuple[int, int, int, int], x0: int, x1: int) -> bool:
    return box[0] < x1 + COLUMN_SLACK and box[2] > x0 - COLUMN_SLACK


def _inside_due_label(text: str, start: int, end: int) -> bool:
    return any(d.start() <= start and end <= d.end() for d in PATTERNS["due_date"].finditer(text))


def _first_date(rows: DocView, order: DateOrder, skip: date | None) -> DateHit | None:
    """The first date of the document, in a full form if any line has one."""
    readers = (lambda text: find_dates(text, day_first=order is not DateOrder.MDY),
               lambda text: _short_dates(text, order))
    for read in readers:
        for line in rows.lines:
            if PATTERNS["due_date"].search(line.text):
                continue
            for value, s, e in read(line.text):
                if value != skip:
                    return DateHit(value, 99, line.index, line.evidence(s, e, "first-date"))
    return None


def _best(hits: Iterator[DateHit]) -> DateHit | None:
    return min(hits, key=lambda h: (h.rank, h.row), default=None)


def extract_dates(view: DocView, result: Extraction) -> None:
    rows = row_view(view)
    order = date_order(result.get("currency") or currency(view))
    due = _best(_labelled_dates(rows, "due_date", order))
    if due is not None and result.doc_type is DocType.INVOICE:
        result.set("due_date", due.value, due.evidence)
    issue = _best(_labelled_dates(rows, "issue_date", order))
    if issue is None:
        issue = _first_date(rows, order, due.value if due else None)
    if issue is not None:
        result.set("issue_date", issue.value, issue.evidence)


# ---- customer, invoice number, currency ----

def extract_customer(view: DocView, result: Extraction) -> None:
    """The addressee: a name followed by 御中 / 様, else the first line of a "Bill To"
    block."""
    rows = phrase_view(view)
    for line in rows.lines[:40]:
        m = CUSTOMER_SUFFIX.search(line.text)
        if m:
            name = line.text[: m.start()].strip(" 　:：")
            if len(name) >= 2:
                result.set("customer_name", name, line.evidence(0, m.start(), "suffix:御中/様"))
                return
    for line, start in customer_block(rows):
        name = line.text[start:].strip(" :：")
        if sum(ch.isalpha() for ch in name) >= 2:
            result.set("customer_name", name, line.evidence(start, len(line.text),
                                                            "label:bill-to"))
            return


NUMBER_TOKEN = re.compile(r"\s*[:：#]?\s*(?:n[°o]\.?\s*)?[:：#]?\s*"
                          r"([A-Za-z0-9#][A-Za-z0-9\-_/#.]{2,})", re.IGNORECASE)


def _number_after(line: TextLine, start: int) -> tuple[int, int] | None:
    token = NUMBER_TOKEN.match(line.text, start)
    if token and any(ch.isdigit() for ch in token.group(1)) and not find_dates(token.group(1)):
        return token.span(1)
    return None


def extract_invoice_number(view: DocView, result: Extraction) -> None:
    rows = row_view(view)
    hits = []
    for line, m in rows.search(PATTERNS["invoice_number"]):
        rank = label_rank("invoice_number", m.group(0))
        span = _number_after(line, m.end())
        target = line
        if span is None:
            for below in below_span(rows, line, m.start(), m.end(), 1):
                span, target = _number_after(below, 0), below
        if span is not None:
            hits.append((rank, line.index, target, span, m.group(0)))
    if hits:
        _, _, target, (s, e), label = min(hits, key=lambda h: (h[0], h[1]))
        result.set("invoice_number", target.text[s:e].rstrip("."),
                   target.evidence(s, e, f"label:{label}"))


def extract_currency(view: DocView, result: Extraction) -> None:
    code = currency(view)
    if code is not None:
        result.set("currency", code, _currency_evidence(view, code))


def _currency_evidence(view: DocView, code: str) -> Evidence | None:
    """Where the winning currency shows: its first sign, else a country word."""
    for table, source in ((CURRENCY_SIGNS, "sign"), (AMBIGUOUS_SIGNS, "sign"),
                          (COUNTRY_WORDS, "country")):
        for pattern, c in table:
            if c != code:
                continue
            for line, m in view.search(pattern):
                return line.evidence(m.start(), m.end(), f"{source}:{m.group(0)}")
    return None


# ---- how it is paid ----

BANK_ACCOUNT = re.compile(
    r"[^\s:：]*(?:銀行|信用金庫|信金|労働金庫|信用組合)\s*[^\s:：]*(?:支店|営業部|出張所)\s*"
    r"(?:普通|当座|貯蓄)(?:預金)?\s*(?:口座)?\s*[:：]?\s*(?:No\.?)?\s*\d{4,8}")


def extract_bank_account(view: DocView, result: Extraction) -> None:
    """振込先: bank, branch, account type and number on one line."""
    for line, m in phrase_view(view).search(BANK_ACCOUNT):
        result.set("bank_account", m.group(0), line.evidence(m.start(), m.end(),
                                                             "pattern:bank-account"))
        return


PAYMENT_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"電子マネー|電子マネ|Suica|PASMO|ICOCA|nanaco|WAON|PayPay|QR決済|d払い|楽天Edy"),
     "electronic_money"),
    (re.compile(r"クレジット|カード|VISA|Master|AMEX|JCB|Credit|Debit|Card", re.IGNORECASE),
     "credit_card"),
    (re.compile(r"お預り|お預かり|現金|Cash|Tender", re.IGNORECASE), "cash"),
    (re.compile(r"お振込|振込先|振込口座|Bank Transfer|IBAN", re.IGNORECASE), "bank_transfer"),
]


def extract_payment_method(view: DocView, result: Extraction) -> None:
    """The first way of paying the document names below its totals (or anywhere, for
    a bank transfer)."""
    rows = row_view(view)
    start = next((ln.index for ln in rows.lines if PATTERNS["total"].search(ln.text)), 0)
    for line in rows.lines[start:]:
        for pattern, method in PAYMENT_WORDS:
            m = pattern.search(line.text)
            if m:
                result.set("payment_method", method, line.evidence(m.start(), m.end(),
                                                                   "label:payment"))
                return
