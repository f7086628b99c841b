"""Who and when: vendor, customer, registration number, dates, invoice number,
currency."""

from __future__ import annotations

import re

from extract.labels import COMPANY_FORM, CUSTOMER_SUFFIX, PATTERNS
from extract.normalize import find_dates, find_registration_numbers
from extract.schema import DocType, Extraction
from extract.view import DocView, TextLine

TITLES = re.compile(
    r"^(御?請求書|領収書|領収証|レシート|納品書|見積書|契約書|INVOICE|TAX INVOICE|RECEIPT|"
    r"OFFICIAL RECEIPT|CASH BILL|BILL)$", re.IGNORECASE)
NOT_VENDOR = re.compile(
    r"御中|様|殿|銀行|支店|口座|振込|TEL|FAX|電話|〒|登録番号|請求|領収|合計|Bill To|Ship To|"
    r"Invoice|Date|Total|Page|@|www\.|http", re.IGNORECASE)
BRANCH = re.compile(r"^(?P<name>.+?)\s+(?P<branch>\S+(?:店|支店|営業所|Branch))$")


def extract_registration(view: DocView, result: Extraction) -> None:
    for line in view.lines:
        found = find_registration_numbers(line.text)
        if found:
            number, s, e = found[0]
            result.set("vendor_registration_number", number,
                       line.evidence(s, e, "pattern:registration"))
            return


def _dates_after_label(view: DocView, field: str, day_first: bool | None):
    for line, m in view.search(PATTERNS[field]):
        for target, start in [(line, m.end())] + [(b, 0) for b in view.below(line, 1)]:
            dates = find_dates(target.text[start:], day_first=day_first)
            if dates:
                value, s, e = dates[0]
                yield value, target.evidence(s + start, e + start, f"label:{m.group(0)}")
                break


def _day_first(view: DocView) -> bool | None:
    return False if re.search(r"\$|USD", view.text) else None


def extract_dates(view: DocView, result: Extraction) -> None:
    day_first = _day_first(view)
    due = next(_dates_after_label(view, "due_date", day_first), None)
    if due and result.doc_type is DocType.INVOICE:
        result.set("due_date", *due)
    issue = next(_dates_after_label(view, "issue_date", day_first), None)
    if issue is None or (due is not None and issue[0] == due[0]):
        issue = _first_date(view, day_first, skip=due[0] if due else None) or issue
    if issue is not None:
        result.set("issue_date", *issue)


def _first_date(view: DocView, day_first: bool | None, skip=None):
    for line in view.lines:
        if PATTERNS["due_date"].search(line.text):
            continue
        for value, s, e in find_dates(line.text, day_first=day_first):
            if value != skip:
                return value, line.evidence(s, e, "first-date")
    return None


def extract_customer(view: DocView, result: Extraction) -> None:
    for line in view.lines[:40]:
        m = CUSTOMER_SUFFIX.search(line.text)
        if m:
            name = line.text[: m.start()].strip(" 　:：")
            if len(name) >= 2:
                result.set("customer_name", name, line.evidence(0, m.start(), "suffix:御中/様"))
                return


def _vendor_line(view: DocView) -> TextLine | None:
    first_page = [ln for ln in view.lines if ln.page == 1]
    companies = [ln for ln in first_page
                 if COMPANY_FORM.search(ln.text) and not NOT_VENDOR.search(ln.text)]
    reg = view.search(re.compile(r"登録番号|T\d{13}"))
    reg_line = next(reg, (None, None))[0]
    if companies and reg_line is not None:
        return min(companies, key=lambda ln: abs(ln.index - reg_line.index))
    if companies:
        return companies[0]
    for ln in first_page[:8]:
        text = ln.text.strip()
        if TITLES.match(text.replace(" ", "")) or NOT_VENDOR.search(text):
            continue
        if sum(ch.isalpha() for ch in text) >= 2 and not find_dates(text):
            return ln
    return None


def extract_vendor(view: DocView, result: Extraction) -> None:
    line = _vendor_line(view)
    if line is None:
        return
    text = line.text.strip()
    m = BRANCH.match(text)
    if m and not COMPANY_FORM.search(m.group("branch")):
        name_end = m.end("name")
        result.set("vendor_name", m.group("name"), line.evidence(0, name_end, "layout:vendor"))
        result.set("vendor_branch", m.group("branch"),
                   line.evidence(m.start("branch"), len(text), "layout:vendor"))
        return
    result.set("vendor_name", text, line.whole("layout:vendor"))


NUMBER_TOKEN = re.compile(r"[:：#]?\s*([A-Za-z0-9][A-Za-z0-9\-_/#.]{2,})")


def extract_invoice_number(view: DocView, result: Extraction) -> None:
    for line, m in view.search(PATTERNS["invoice_number"]):
        token = NUMBER_TOKEN.match(line.text, m.end())
        if token and any(ch.isdigit() for ch in token.group(1)):
            s, e = token.span(1)
            result.set("invoice_number", token.group(1),
                       line.evidence(s, e, f"label:{m.group(0)}"))
            return


CURRENCIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[¥￥円]|JPY|消費税"), "JPY"),
    (re.compile(r"€|EUR\b"), "EUR"),
    (re.compile(r"£|GBP\b"), "GBP"),
    (re.compile(r"\bRM\b|RM\s?\d|MYR"), "MYR"),
    (re.compile(r"₹|INR\b|Rs\.?\s?\d"), "INR"),
    (re.compile(r"\$|USD\b"), "USD"),
]


def extract_currency(view: DocView, result: Extraction) -> None:
    for pattern, code in CURRENCIES:
        if pattern.search(view.text):
            result.set("currency", code, None)
            return
