"""Contract fields: title, parties, dates, term, renewal, amount, jurisdiction, in
Japanese and English. Each rule reads the document as running text (Flow) and writes
only what it found, with evidence; the registry runs them in RULES order."""

from __future__ import annotations

import re
from collections.abc import Callable

from extract import contract_dates as cd
from extract import contract_terms as ct
from extract.contract_flow import flow_of
from extract.contract_law import US_STATES, agreed_court, governing_law
from extract.contract_names import title_case
from extract.contract_parties import extract_parties_en
from extract.contract_parties_ja import extract_parties_ja
from extract.schema import Evidence, Extraction
from extract.view import DocView
from ocr.types import union

TITLE_LINES = 15
JA_TITLE = re.compile(r"^[^\s。、]{0,30}(?:契約書|覚書|合意書|協定書|念書|誓約書|約款|規約)$")
EN_TITLE = re.compile(r"^(?:[A-Z][A-Za-z0-9 ,&'’\-/()]{0,100})?\b(?:AGREEMENT|CONTRACT|"
                      r"MEMORANDUM OF UNDERSTANDING|Agreement|Contract|"
                      r"Memorandum of Understanding)$")
# A line of a title that runs over two lines: capitals only, no sentence.
TITLE_HEAD = re.compile(r"^[A-Z0-9][A-Z0-9 ,&'’\-/()]{2,100}$")
TITLE_JOIN_END = re.compile(r"(?:,|\b(?:AND|OF|FOR|TO|&|-))$")
TITLE_JOIN_START = re.compile(r"^(?:AND|OF|FOR|TO|&)\b")
NOT_TITLE = re.compile(r"\.htm|^EX-|^Exhibit\b|\bdated\b|\bbetween\b|^This\b|^THIS\b",
                       re.IGNORECASE)


def extract_title(view: DocView, result: Extraction) -> None:
    lines = view.lines[:TITLE_LINES]
    for i, line in enumerate(lines):
        text = line.text.strip()
        compact = text.replace(" ", "")
        if JA_TITLE.match(compact):
            result.set("contract_title", compact, line.whole("layout:title"))
            return
        if EN_TITLE.match(text) and not NOT_TITLE.search(text) and len(text.split()) <= 12:
            first = i
            while first > 0 and _continues(lines[first - 1].text, lines[first].text):
                first -= 1
            title = " ".join(ln.text.strip() for ln in lines[first:i + 1])
            evidence = Evidence(line.page, union([ln.bbox for ln in lines[first:i + 1]]),
                                min(ln.span_confidence(0, len(ln.text)) for ln in
                                    lines[first:i + 1]), "layout:title")
            result.set("contract_title", title_case(title), evidence)
            return


def _continues(before: str, line: str) -> bool:
    """`line` carries on a capitals title from `before`: one ends or the other starts
    with a joining word or a comma."""
    before, line = before.strip(), line.strip()
    if not (TITLE_HEAD.match(before) and line.isupper()) or NOT_TITLE.search(before):
        return False
    return bool(TITLE_JOIN_END.search(before) or TITLE_JOIN_START.match(line)
                or line in ("AGREEMENT", "CONTRACT"))


def extract_parties(view: DocView, result: Extraction) -> None:
    (extract_parties_ja if flow_of(view).japanese else extract_parties_en)(view, result)


def _day_first(jurisdiction: str | None) -> bool:
    """Numeric dates in US contracts are month first; elsewhere day first."""
    return jurisdiction is not None and jurisdiction not in US_STATES


def extract_dates_en(view: DocView, result: Extraction) -> None:
    day_first = _day_first(result.get("jurisdiction"))
    flow = flow_of(view)
    dates = cd.dates_in(flow, day_first)
    signed = cd.signed_en(flow, dates)
    effective = cd.effective_en(flow, dates, cd.opening_end(flow, signed))
    contract_date = (cd.at(flow, signed, "clause:dated") if signed else
                     cd.letter_date(view, day_first) or cd.signature_date(view, day_first))
    if contract_date:
        result.set("contract_date", *contract_date)
    if effective:
        result.set("effective_date", *cd.at(flow, effective, "clause:effective"))
    elif contract_date:
        result.set("effective_date", contract_date[0], contract_date[1])


def extract_dates_ja(view: DocView, result: Extraction) -> None:
    flow = flow_of(view)
    dates = cd.dates_in(flow, None)
    signed = cd.signed_ja(view, flow, dates)
    if signed:
        result.set("contract_date", *signed)
    period = cd.period_ja(flow, dates)
    effective = period[0] if period else cd.effective_ja(flow, dates)
    if effective:
        result.set("effective_date", *cd.at(flow, effective, "clause:期間から"))
    if period and period[1]:
        result.set("expiry_date", *cd.at(flow, period[1], "clause:期間まで"))


def extract_dates(view: DocView, result: Extraction) -> None:
    (extract_dates_ja if flow_of(view).japanese else extract_dates_en)(view, result)


def extract_term(view: DocView, result: Extraction) -> None:
    flow = flow_of(view)
    japanese = flow.japanese
    found = ct.term_ja(flow) if japanese else ct.term_en(flow)
    start, end = result.fields.get("effective_date"), result.fields.get("expiry_date")
    if found is None and japanese and start and end:
        value = ct.term_between(start.value, end.value)
        if value:
            result.set("term", value, end.evidence)
        return
    if found is None:
        return
    result.set("term", found.value, flow.evidence(found.start, found.end, "clause:term"))
    if japanese and start and not end:
        expiry = ct.end_of_term(start.value, found.value)
        if expiry:
            result.set("expiry_date", expiry,
                       flow.evidence(found.start, found.end, "derived:期間"))


def extract_renewal(view: DocView, result: Extraction) -> None:
    """Renewal as the contract words it; a contract that sets a term and says
    nothing of renewal does not renew by itself."""
    flow = flow_of(view)
    found = ct.renewal(flow)
    if found:
        value, start, end = found
        result.set("auto_renewal", value, flow.evidence(start, end, "clause:renewal"))
        return
    term = result.fields.get("term") or result.fields.get("expiry_date")
    if term is not None and term.evidence is not None:
        evidence = Evidence(term.evidence.page, term.evidence.bbox, term.evidence.confidence,
                            "absent:renewal")
        result.set("auto_renewal", False, evidence)


def extract_amount(view: DocView, result: Extraction) -> None:
    flow = flow_of(view)
    found = ct.contract_amount(flow, flow.japanese)
    if found:
        value, period, start, end = found
        evidence = flow.evidence(start, end, "clause:amount")
        result.set("contract_amount", value, evidence)
        result.set("amount_period", period, evidence)
        currency = ct.currency_near(flow.text[max(0, start - 3):end + 3])
        if currency:
            result.set("currency", currency, evidence)


def extract_jurisdiction(view: DocView, result: Extraction) -> None:
    flow = flow_of(view)
    found = agreed_court(flow) if flow.japanese else governing_law(flow)
    if found:
        result.set("jurisdiction", *found)


RULES: tuple[Callable[[DocView, Extraction], None], ...] = (
    extract_title, extract_parties, extract_jurisdiction, extract_dates, extract_term,
    extract_renewal, extract_amount,
)
