"""Jurisdiction: in English contracts the place whose law governs ("governed by the laws
of the State of New York" -> "New York"); in Japanese ones the court agreed on in the
合意管轄 clause (東京地方裁判所を第一審の専属的合意管轄裁判所とする)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.contract_flow import Flow
from extract.schema import Evidence

US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
    "Puerto Rico",
)
OTHER_PLACES = (
    "England and Wales", "England", "Scotland", "Northern Ireland", "Ireland",
    "United Kingdom", "Japan", "Singapore", "Hong Kong", "Israel", "Canada", "Ontario",
    "British Columbia", "Quebec", "Alberta", "Australia", "New South Wales", "Victoria",
    "New Zealand", "India", "Germany", "France", "Switzerland", "the Netherlands",
    "Netherlands", "Luxembourg", "Sweden", "Denmark", "Norway", "Finland", "Belgium",
    "Spain", "Italy", "Bermuda", "the Cayman Islands", "Cayman Islands",
    "the British Virgin Islands", "Malaysia", "Korea", "China", "Taiwan", "Mexico",
    "Brazil",
)
_PLACE = "|".join(sorted((re.escape(p) for p in US_STATES + OTHER_PLACES),
                         key=len, reverse=True))
_CANONICAL = {p.lower(): p.removeprefix("the ") for p in US_STATES + OTHER_PLACES}

# US federal law does not govern a contract on its own: "the laws of the United States
# and the State of Minnesota" names Minnesota.
_OF_PLACE = (r"(?:the\s+)?(?:United\s+States(?:\s+of\s+America)?\s+and\s+(?:of\s+)?(?:the\s+)?)?"
             r"(?:(?:State|Commonwealth|Province)\s+of\s+)?")
# Within one sentence: "U.S.A." does not end it, nor a stray period before a lowercase
# word ("construed in. accordance with", as OCR reads a speck).
_CLAUSE = r"(?:[^.;]|\.(?=\S|\s+[a-z]))"
# Each form: (pattern with a `place` group, rank; lower is stronger).
LAW_FORMS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:governed|construed|interpreted|enforced|controlled|decided|"
                rf"determined|applied)\b{_CLAUSE}{{0,200}}?\blaws?\s+of\s+{_OF_PLACE}"
                rf"(?P<place>{_PLACE})\b", re.IGNORECASE), 0),
    (re.compile(rf"\blaws?\s+of\s+{_OF_PLACE}(?P<place>{_PLACE})\b{_CLAUSE}{{0,60}}?"
                r"\b(?:shall|will|to)?\s*govern", re.IGNORECASE), 0),
    (re.compile(rf"\b(?P<place>{_PLACE})\s+law\s+(?:shall|will)\b[^.;]{{0,60}}\bgovern",
                re.IGNORECASE), 0),
    (re.compile(r"\bgoverning\s+law\b[^.;]{0,120}?\b(?:laws?\s+of\s+)?(?:the\s+)?"
                rf"(?:(?:State|Commonwealth)\s+of\s+)?(?P<place>{_PLACE})\b", re.IGNORECASE),
     1),
    (re.compile(r"\bcourts?\s+(?:of|in|located\s+in|sitting\s+in)\s+(?:the\s+)?"
                rf"(?:(?:State|Commonwealth)\s+of\s+)?(?P<place>{_PLACE})\b", re.IGNORECASE),
     2),
)
# "organized and existing under the laws of Delaware" describes a party, not the law
# of the contract.
NOT_GOVERNING = re.compile(r"\b(?:organi[sz]ed|existing|incorporated|formed|chartered)\b"
                           r"[^.;]{0,40}$", re.IGNORECASE)


def _law_candidates(text: str) -> Iterator[tuple[int, str, int, int]]:
    """(rank, place, start, end) for every governing-law mention."""
    for pattern, rank in LAW_FORMS:
        for m in pattern.finditer(text):
            before = text[max(0, m.start("place") - 80):m.start("place")]
            if NOT_GOVERNING.search(before):
                continue
            place = _CANONICAL[re.sub(r"\s+", " ", m.group("place")).lower()]
            yield rank, place, m.start("place"), m.end("place")


def governing_law(flow: Flow) -> tuple[str, Evidence | None] | None:
    """The strongest governing-law mention; among equals the first."""
    found = sorted(_law_candidates(flow.text), key=lambda c: (c[0], c[2]))
    if not found:
        return None
    _, place, start, end = found[0]
    return place, flow.evidence(start, end, "clause:governing-law")


# ---- Japanese: 合意管轄 ----

# The character before 判所 is read loosely: OCR returns 裁 as 坪 or 栽 now and then.
COURT = re.compile(r"(?P<place>[一-龥々ヶケ]{1,8}?)(?P<kind>地方|簡易|家庭|高等)[^\s。、]判所"
                   r"(?P<branch>[一-龥々ヶケ]{1,8}支部)?")
JURISDICTION_WORDS = re.compile(r"合意管轄|専属的|管轄裁判所|管轄")


def agreed_court(flow: Flow) -> tuple[str, Evidence | None] | None:
    """The first named court in a sentence about 管轄; a court that is not named
    (「甲の本店所在地を管轄する地方裁判所」) gives nothing."""
    for m in COURT.finditer(flow.text):
        sentence_start = flow.text.rfind("。", 0, m.start()) + 1
        sentence_end = flow.text.find("。", m.end())
        sentence = flow.text[sentence_start:sentence_end if sentence_end >= 0 else None]
        if JURISDICTION_WORDS.search(sentence):
            place = re.sub(r"^.*判所", "", m.group("place"))
            court = f"{place}{m.group('kind')}裁判所{m.group('branch') or ''}"
            return court, flow.evidence(m.end("place") - len(place), m.end(), "clause:合意管轄")
    return None
