"""Contract parties in English: the opening clause ("by and between A, a Delaware
corporation ("A"), and B", "entered into by A (the "Discloser") and B", "I, NAME,"),
and signature blocks when the opening clause names fewer than two (letter agreements,
individuals who sign as "the undersigned"). Japanese 甲/乙 parties: contract_parties_ja."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.contract_flow import Flow, flow_of
from extract.contract_names import NAME, SUFFIXES, clean_name, is_name, recase
from extract.schema import Evidence, Extraction
from extract.view import DocView, TextLine

BETWEEN = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among)\s+",
                     re.IGNORECASE)
# A parenthesis that defines a short name: (the "Company"), (collectively “Liquidmetal”).
ALIAS = re.compile(r"\((?:[^()]|\([^()]*\))*?[“\"”][^“”\"]{1,60}[”\"](?:[^()]|\([^()]*\))*?\)")
LIST_SEP = re.compile(r"[\s,;]*(?:(?:and|&)\s+)?", re.IGNORECASE)
CHAIN = re.compile(r"\s*,?\s*(?:and|&)\s+", re.IGNORECASE)
LATER_NAME = re.compile(r"(?:\band|,)\s+", re.IGNORECASE)
HAS_SUFFIX = re.compile(rf"(?i:\b(?:{SUFFIXES})\b\.?)$")
PERSON = re.compile(r"^(?:[A-Z]\.\s)?[A-Z][a-z]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z'\-]+){1,2}"
                    r"(?:,?\s(?:Jr|Sr|II|III|IV)\.?)?$")
OPENING_WINDOW = 5000  # characters from the start where the opening clause is sought
LIST_LIMIT = 1500  # the longest party list considered
_ABBREV = re.compile(r"(?:\b(?:Inc|Ltd|Corp|Co|No|St|Mr|Mrs|Ms|Dr|Jr|Sr|Ave|Blvd|Ste|"
                     r"U\.S|L\.P|L\.L\.C|N\.V|S\.A|B\.V|M\.D)|\b[A-Z])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    name: str
    start: int
    end: int
    strong: bool  # has a legal suffix, a defined short name, or a person's shape


# Defined terms that name the paper or a group, not one party.
NOT_PARTY_TERM = re.compile(r"(?:[\w-]+\s+)*(?:agreement|amendment|date|transaction|purpose|"
                            r"information|letter|recitals?)|part(?:y|ies)", re.IGNORECASE)
OPENING_CONTEXT = re.compile(r"\b(?:agreement|amendment|contract)\b.*\b(?:is|are|made|"
                             r"entered|dated|executed|effective)\b", re.IGNORECASE | re.DOTALL)
_SUFFIX_NEXT = re.compile(rf"\s+(?i:{SUFFIXES})\b")


def _clause_end(text: str, start: int) -> int:
    """Where the sentence that starts the party list ends (outside parentheses)."""
    depth = 0
    limit = min(len(text), start + LIST_LIMIT)
    for i in range(start, limit):
        ch = text[i]
        depth = max(depth + (ch == "(") - (ch == ")"), 0)
        if depth:
            continue
        if (ch == "." and re.match(r"\s+[A-Z0-9“\"(]|\s*$", text[i + 1:i + 4])
                and not _ABBREV.search(text[max(start, i - 6):i])
                and not _SUFFIX_NEXT.match(text, i + 1)):
            return i
        if re.match(r"\s(?:WHEREAS|RECITALS|WITNESSETH|BACKGROUND)\b", text[i:i + 14]):
            return i
    return limit


def _found(m: re.Match[str], alias_follows: bool) -> Found:
    name = clean_name(m.group(0))
    strong = alias_follows or bool(HAS_SUFFIX.search(m.group(0).rstrip()))
    return Found(name, m.start(), m.end(), strong or bool(PERSON.match(name)))


def _name_at(text: str, pos: int, end: int) -> re.Match[str] | None:
    m = NAME.match(text, pos, end)
    return m if m and is_name(clean_name(m.group(0))) else None


def _chained(text: str, pos: int, end: int) -> list[Found]:
    """"A, Inc. and B, Inc.": names joined by "and" with nothing in between."""
    out: list[Found] = []
    while (sep := CHAIN.match(text, pos, end)) and (m := _name_at(text, sep.end(), end)):
        out.append(_found(m, False))
        pos = m.end()
    return out


@dataclass(frozen=True, slots=True)
class Later:
    """A name after "and" or a comma inside a stretch of the list."""

    found: Found
    after_and: bool
    at_end: bool  # runs up to the end of the stretch: the closing alias paren is its


def _later_names(text: str, start: int, end: int) -> list[Later]:
    out = []
    for sep in LATER_NAME.finditer(text, start, end):
        m = _name_at(text, sep.end(), end)
        if m:
            out.append(Later(_found(m, False), sep.group(0)[0] != ",",
                             not text[m.end():end].strip(" ,;")))
    return out


def _likely(later: Later) -> bool:
    """A name inside a descriptor is a party only if its shape says so: after "and", a
    company or a person; after a comma (which also separates address parts), a company."""
    if later.after_and:
        return later.found.strong
    return bool(HAS_SUFFIX.search(later.found.name))


def _segment(text: str, start: int, end: int, *, first: bool, closed: bool) -> list[Found]:
    """Names in one stretch of the list; `closed` when a party's alias paren ends it."""
    sep = LIST_SEP.match(text, start, end)
    if not first and not closed and sep.end() == start:
        return []  # text after the list, not another party
    head = _name_at(text, sep.end(), end)
    if head is None and not closed:
        return []
    later = _later_names(text, head.end() if head else sep.end(), end) if closed else []
    last = [c.found for c in later if c.at_end and _likely(c)]
    if head is not None and not closed:  # no alias parens: "A, a ... company, and B"
        last = [c.found for c in _later_names(text, head.end(), end)
                if c.after_and and c.found.strong]
    if head is not None:
        return [_found(head, closed), *_chained(text, head.end(), end), *last]
    return last or [c.found for c in later if _likely(c)][:1]


def _party_aliases(text: str, start: int, end: int) -> list[re.Match[str]]:
    out = []
    for a in ALIAS.finditer(text, start, end):
        term = re.search(r"[“\"”]([^“”\"]+)[”\"]", a.group(0))
        if term and not NOT_PARTY_TERM.fullmatch(term.group(1).strip()):
            out.append(a)
    return out


def parse_party_list(text: str, start: int) -> list[Found]:
    """The parties named from `start` (just after "between") to the end of the
    sentence, each once."""
    end = _clause_end(text, start)
    again = BETWEEN.search(text, start, end)  # a new clause, not this list
    end = again.start() if again else end
    aliases = _party_aliases(text, start, end)
    bounds = [start] + [a.end() for a in aliases]
    stops = [a.start() for a in aliases] + [end]
    found: list[Found] = []
    for i, (s, e) in enumerate(zip(bounds, stops, strict=True)):
        found += _segment(text, s, e, first=i == 0, closed=i < len(aliases))
    unique: dict[str, Found] = {}
    for f in found:
        unique.setdefault(_key(f.name), f)
    return list(unique.values())


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


def opening_parties(flow: Flow) -> list[Found]:
    """The parties of the opening clause: the first "between" in a sentence about
    this agreement that names a party strongly; failing that, the first "between"
    that names two, then one."""
    two: list[Found] = []
    one: list[Found] = []
    for m in BETWEEN.finditer(flow.text, 0, OPENING_WINDOW):
        found = parse_party_list(flow.text, m.end())
        strong = sum(f.strong for f in found)
        sentence = flow.text[max(0, m.start() - 300):m.start()].split(". ")[-1]
        if strong and OPENING_CONTEXT.search(sentence):
            return found
        if strong >= 2 and not two:
            two = found
        if strong and not one:
            one = found
    return two or one


# "entered into by A (the "Discloser") and B (the "Recipient")", "employment by A
# ("Company")": a party list that "by" starts, when a defined short name follows soon.
BY = re.compile(r"\bby\s+(?=[A-Z0-9])")
ALIAS_REACH = 300  # characters after "by" within which the first alias must start


def by_parties(flow: Flow) -> list[Found]:
    """The parties of the first "by" list whose first name a party alias defines."""
    text = flow.text
    for m in BY.finditer(text, 0, OPENING_WINDOW):
        end = min(_clause_end(text, m.end()), m.end() + ALIAS_REACH)
        if not _party_aliases(text, m.end(), end):
            continue
        found = parse_party_list(text, m.end())
        if found and found[0].strong and found[0].start == m.end():
            return found
    return []


# A first-person agreement names its signer: "I, Jeffrey L. Levine, ...".
FIRST_PERSON = re.compile(r"(?<![\w.])I,\s+(?=[A-Z])")


def first_person(flow: Flow) -> Found | None:
    for m in FIRST_PERSON.finditer(flow.text, 0, OPENING_WINDOW):
        name = NAME.match(flow.text, m.end())
        if name and PERSON.match(clean_name(name.group(0))):
            return _found(name, False)
    return None


SIGNATORY = re.compile(r"^(?:By|BY)\s*(?::|/s/|_{3,})|^/s/")
SIGN_WORDS = (re.compile(r"^(?:By|BY):?$"), re.compile(r"^/s/"))
SIGNATURE_SPAN = 30  # lines: signature blocks further on repeat or belong to exhibits
# An individual signs under a role label: "EMPLOYEE", "EMPLOYEE: Barry G. Pea".
SIGNER_ROLE = re.compile(r"^(?:EMPLOYEE|EXECUTIVE|CONSULTANT|DIRECTOR|INDIVIDUAL|ADVISOR|"
                         r"Employee|Executive|Consultant|Director|Individual|Advisor)"
                         r"\s*:?\s*(?P<name>.*)$")
SIGNED_NAME = re.compile(r"/s/\s*(?P<name>[^/]+?)\s*$")


def _columns(line: TextLine, sign_line: TextLine) -> list[str]:
    """`line` split where the signature line's columns start: at each "By:", or at
    each "/s/" when there are more of those (an individual signs without "By:")."""
    counts = [[w.bbox[0] for w in sign_line.words if p.match(w.text)] for p in SIGN_WORDS]
    starts = max(counts, key=len)
    if len(starts) <= 1:
        return [line.text.strip()]
    slack = max(1, (sign_line.bbox[3] - sign_line.bbox[1]) // 2)
    lows, highs = [-10**9, *starts[1:]], [*starts[1:], 10**9]
    return [" ".join(w.text for w in line.words if lo - slack <= w.bbox[0] < hi - slack)
            for lo, hi in zip(lows, highs, strict=True)]


def _company(text: str) -> str | None:
    text = text.strip().rstrip(":")
    if NAME.fullmatch(text) and HAS_SUFFIX.search(text) and is_name(clean_name(text)):
        return clean_name(text)
    return None


def _signatory(header: str, signed: str) -> str | None:
    """The party one signature column names: an organisation above "By:", or the
    individual signing under a role label."""
    company = _company(header)
    if company is not None:
        return company
    text = header.strip().rstrip(":")
    role = SIGNER_ROLE.match(text)
    if role is None:
        return None
    m = SIGNED_NAME.search(signed)
    name = clean_name(role.group("name") or (m.group("name") if m else ""))
    return name if PERSON.match(name) else None


# A line under a signature that says what it is, not who signs: "(Print Name)".
SIGNATURE_CAPTION = re.compile(r"^\(.{0,30}\)$|^_+$")
# An officer's title under a signer's name: the signer acts for an organisation.
OFFICER = re.compile(r"\b(?:President|Officer|Director|Secretary|Treasurer|Manager|Partner|"
                     r"Chairman|Counsel|Member|CEO|CFO|COO|Vice|General|Title|Its)\b")


def _header(lines: list[TextLine], i: int) -> int:
    """The line above signature line `i` that names who signs, past a caption."""
    above = i - 1
    if above > 0 and SIGNATURE_CAPTION.match(lines[above].text.strip()):
        above -= 1
    return above


def _individual(lines: list[TextLine], i: int, header: str) -> str | None:
    """A person signing in their own name: "/s/ Stephen M. Mattessich" with no "By:",
    no organisation above and no officer's title below."""
    text = lines[i].text.strip()
    m = SIGNED_NAME.match(text)
    if m is None or SIGNATORY.match(header.strip()) or header.rstrip().endswith(("By:", "BY:")):
        return None
    name = clean_name(m.group("name"))
    below = " ".join(ln.text for ln in lines[i + 1:i + 3])
    return name if PERSON.match(name) and not OFFICER.search(below) else None


HEADER_REACH = 8  # lines of address and notice details between a company and "By:"


def _company_above(lines: list[TextLine], above: int,
                   i: int) -> tuple[int, list[str | None]] | None:
    """The organisations a signature block names a few lines above "By:", past their
    address ("PhotoWorks, Inc.:" / street / city / By: ...)."""
    for k in range(above - 1, max(-1, above - HEADER_REACH), -1):
        if SIGNATORY.match(lines[k].text.strip()):
            return None
        names = [_company(h) for h in _columns(lines[k], lines[i])]
        if any(names):
            return k, names
    return None


def signature_parties(view: DocView) -> list[tuple[str, int]]:
    """The parties of the first group of signature blocks."""
    out: list[tuple[str, int]] = []
    lines = view.lines
    first: int | None = None
    for i in range(1, len(lines)):
        if not SIGNATORY.match(lines[i].text.strip()):
            continue
        if first is not None and i - first > SIGNATURE_SPAN:
            break
        above = _header(lines, i)
        header, signed = _columns(lines[above], lines[i]), _columns(lines[i], lines[i])
        signed = signed if len(signed) == len(header) else [lines[i].text] * len(header)
        names = [_signatory(h, sig) for h, sig in zip(header, signed, strict=True)]
        if not any(names) and (higher := _company_above(lines, above, i)) is not None:
            above, names = higher
        if len(names) == 1 and names[0] is None:
            names = [_individual(lines, i, header[0])]
        for name in names:
            if name:
                out.append((name, above))
                first = i if first is None else first
    return out


def extract_parties_en(view: DocView, result: Extraction) -> None:
    if result.get("parties"):
        return
    flow = flow_of(view)
    found = parties_en(view, flow)
    if found:
        names, evidence = found
        result.set("parties", [recase(name, flow.text) for name in names], evidence)


def parties_en(view: DocView, flow: Flow) -> tuple[list[str], Evidence | None] | None:
    """The opening clause's parties; the signature blocks' when it names fewer than
    two."""
    found, source = opening_parties(flow), "clause:between"
    if not found:
        found, source = by_parties(flow), "clause:by"
    person = first_person(flow)
    if person is not None and len(found) < 2 and _key(person.name) not in map(_key, (
            f.name for f in found)):
        found, source = [*found, person], source + "+first-person"
    names = [f.name for f in found]
    if len(names) >= 2:
        return names, flow.evidence(found[0].start, found[-1].end, source)
    signed = [(n, i) for n, i in signature_parties(view) if _key(n) not in map(_key, names)]
    merged = names + list(dict.fromkeys(n for n, _ in signed))
    if not merged:
        return None
    if found:
        return merged, flow.evidence(found[0].start, found[-1].end, source + "+signature")
    return merged, view.lines[signed[0][1]].whole("layout:signature")
