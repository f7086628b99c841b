"""The issuer: its name, branch and address. The name is the line that looks most like
one, by a table of signs (a company form, large type near the top, the line beside the
registration number) after the lines that cannot be a name (titles, dates, addresses,
phone numbers, the customer) are set aside."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract import words
from extract.branch import split_branch
from extract.labels import COMPANY_FORM
from extract.layout import below_span, phrase_view
from extract.money import label_hits
from extract.normalize import find_dates
from extract.schema import Extraction
from extract.spelling import spell_trade_words
from extract.stutter import coster, has_repeat, unstutter
from extract.vendor_address import evidence as _evidence
from extract.vendor_address import read_address as _address
from extract.vendor_clues import (before_title, debris, latin_page, name_key, names_site,
                                  payees, site_keys, site_word)
from extract.vendor_lines import (BRANCH_LINE, BRANCH_WORDS, COUNTRY_LINE, HEADER,
                                  JP_ADDRESS, LABEL_VALUE, LATIN_ADDRESS, NOT_VENDOR, PRICE,
                                  TITLES)
from extract.view import DocView, TextLine

_CJK_END = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]$")
BRANCH = re.compile(rf"^(?P<name>.+?)\s+(?P<branch>\S{{1,10}}(?:\s\S{{0,6}})?{BRANCH_WORDS})$")
REG_NUMBER_TAIL = re.compile(
    r"[\s(（{\[]*[\w\s.\-]*\d[\w\s.\-%#*]*\)?\s*(?:\([A-Z]+\))?[\s:|]*$")  # % # *: OCR's X
CONTINUES = re.compile(r"(?:&|-|,)\s*$")
# A kana or kanji inside a line of Latin letters is OCR's reading of a symbol ("&" read
# as "る"): it is dropped from the name, and at the end of the line it joins the next
# line as "&" would.
_CJK = "\u3040-\u30ff\u3400-\u9fff"
STRAY_CJK = re.compile(rf"\s*(?<![{_CJK}])[{_CJK}]{{1,2}}(?![{_CJK}])\s*")
TRAILING_DEBRIS = re.compile(r"[\s~=_*|:;,、•·]+$")
STARTS_WITH_FORM = re.compile(r"^(?:CO\.|SDN|BHD|S/B|LIMITED|LTD|INC)", re.IGNORECASE)
MIN_CONFIDENCE = 0.35
LARGE = 1.25  # a name in large type: this many times the page's median line height
TOP_ROWS = 12
REGISTRATION_REACH = 8  # line heights between a name and its 登録番号


@dataclass(frozen=True, slots=True)
class Context:
    rows: list[TextLine]
    registration_rows: list[float]  # vertical middles of the 登録番号 lines
    median_height: float
    top_limit: int  # rows above this index count as the top of the page
    payees: list[TextLine]  # the account holders' names, parts of their lines
    sites: frozenset[str]  # the names of the domains printed on the document


CUSTOMER_LABEL = re.compile(
    r"^\W*(?:Bill(?:ed)? To|Invoice To|Sold To|Ship To|Deliver To|Billing Address|"
    r"Shipping Address|Customer|Client|ATTN|Factuuradres|Afleveradres|請求先|お客様)\b\s*[:：]?\s*",
    re.IGNORECASE)
CUSTOMER_BLOCK = 4  # rows under a "Bill To" label that belong to the customer


def customer_block(rows: DocView) -> list[tuple[TextLine, int]]:
    """(line, start of the name) for each line of the addressee blocks: the rest of a
    "Bill To:" line and the lines under the label in its column."""
    found: list[tuple[TextLine, int]] = []
    for line in rows.lines:
        m = CUSTOMER_LABEL.match(line.text)
        if m is None:
            continue
        if m.end() < len(line.text):
            found.append((line, m.end()))
        found += [(b, 0) for b in below_span(rows, line, 0, len(line.text), CUSTOMER_BLOCK)]
    return found


def _latin(text: str) -> bool:
    """Mostly Latin letters: a stray kana in it is noise, not Japanese."""
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return latin >= 4 and len(STRAY_CJK.findall(text)) <= 2 and latin > 3 * sum(
        not ch.isascii() and ch.isalpha() for ch in text)


def _ends_mid_name(text: str) -> bool:
    stripped = text.rstrip()
    return bool(CONTINUES.search(stripped)) or (
        _latin(stripped) and bool(re.search(rf"(?<![{_CJK}])[{_CJK}]{{1,2}}$", stripped)))


def _name_letters(text: str) -> int:
    """Letters outside the company form: "AG" or "SDN BHD" alone names nobody."""
    return sum(ch.isalpha() for ch in COMPANY_FORM.sub("", text))


def _named_company(text: str) -> bool:
    """A company form with a name before it ("BHD" alone continues the line above)."""
    name = _clean_name(text)
    return bool(COMPANY_FORM.search(name)) and _name_letters(name) > 0


def _excluded(line: TextLine) -> bool:
    text = line.text.strip(" |")
    letters = sum(ch.isalpha() for ch in text)
    name = _clean_name(text)
    if COMPANY_FORM.search(name) and not _name_letters(name) and not STARTS_WITH_FORM.match(
            name):
        return True
    confidence = sum(w.confidence for w in line.words) / max(1, len(line.words))
    return (letters < 2 or confidence < MIN_CONFIDENCE or bool(TITLES.match(text))
            or bool(NOT_VENDOR.search(text)) or bool(find_dates(text))
            or bool(JP_ADDRESS.search(text)) or bool(BRANCH_LINE.match(text))
            or bool(COUNTRY_LINE.match(text))
            or bool(PRICE.search(text))
            or (bool(LATIN_ADDRESS.search(text) or LABEL_VALUE.match(text))
                and not COMPANY_FORM.search(name))
            or sum(ch.isdigit() for ch in text) > letters)


def _company(line: TextLine, ctx: Context) -> float:
    return 3.0 if COMPANY_FORM.search(_clean_name(line.text)) else 0.0


def _near_registration(line: TextLine, ctx: Context) -> float:
    """The issuer block of a Japanese invoice ends with its 登録番号."""
    height = line.bbox[3] - line.bbox[1]
    middle = (line.bbox[1] + line.bbox[3]) / 2
    near = any(abs(middle - y) <= REGISTRATION_REACH * height for y in ctx.registration_rows)
    return 2.0 if near else 0.0


def _top(line: TextLine, ctx: Context) -> float:
    rank = next(i for i, r in enumerate(ctx.rows) if r is line)
    return max(0.0, 2.5 - 0.75 * rank - 0.15 * line.index) if line.index < ctx.top_limit else 0.0


def _legible(line: TextLine, ctx: Context) -> float:
    """OCR's own confidence: a smudge read as letters scores below a printed name."""
    return 3.0 * (sum(w.confidence for w in line.words) / len(line.words) - 0.8)


def _large(line: TextLine, ctx: Context) -> float:
    return 1.5 if line.bbox[3] - line.bbox[1] >= LARGE * ctx.median_height else 0.0


def _payee(line: TextLine, ctx: Context) -> float:
    """The account holder of the payment details, or the letterhead that prints the same
    name: the issuer is the one paid."""
    key = name_key(_clean_name(line.text))
    return 3.5 if any(p is line or (key and name_key(_clean_name(p.text)) == key)
                      for p in ctx.payees) else 0.0


def _site(line: TextLine, ctx: Context) -> float:
    """The name of the web or mail domain the document prints (its issuer's own)."""
    return 2.0 if names_site(_clean_name(line.text), ctx.sites) else 0.0


SIGNS: dict[str, Callable[[TextLine, Context], float]] = {
    "company-form": _company, "registration": _near_registration, "top": _top,
    "large": _large, "legible": _legible, "payee": _payee, "site": _site,
}


def _body_start(lines: list[TextLine]) -> int:
    """The first row of the table or the totals: names stand above it."""
    for ln in lines:
        if len(set(HEADER.findall(ln.text))) >= 2 or any(
                h.kind in ("total", "subtotal") for h in label_hits(ln.text)):
            return ln.index
    return len(lines)


OWNER_LABEL = re.compile(
    r"^\W*(?:Owned|Operated|Managed|Franchised)\s?By\b|^\W*(?:A\s)?(?:Member|Subsidiary|Division)"
    r"\s?of\b|^\W*Licensee\s?of\b", re.IGNORECASE)


def _owners(rows: DocView) -> set[int]:
    """Lines that name the company behind the shop ("Owned By : X SDN BHD", under the
    shop's own name): the receipt's issuer is the shop."""
    found: set[int] = set()
    for line in rows.lines:
        if OWNER_LABEL.search(line.text):
            found.add(line.index)
            found |= {b.index for b in below_span(rows, line, 0, len(line.text), 1)}
    return found


def _context(rows: DocView) -> Context:
    first = [ln for ln in rows.lines if ln.page == 1]
    body = _body_start(first)
    top_limit = min(TOP_ROWS, len(first), body)
    addressee = {ln.index for ln, _ in customer_block(rows)} | _owners(rows)
    addressee |= {ln.index for ln in first if _only_label(ln)}
    latin = latin_page(first)
    named = [before_title(ln) or ln for ln in first if not debris(ln, latin)]
    candidates = [ln for ln in named if not _excluded(ln) and ln.index not in addressee
                  and (ln.index < top_limit or _named_company(ln.text))]
    paid = [p for p in payees(rows) if not _excluded(p) and p.index not in addressee]
    # A 登録番号 printed under the totals (a receipt's footer) says nothing of the header.
    regs = [(ln.bbox[1] + ln.bbox[3]) / 2 for ln in first
            if ln.index < body and re.search(r"登録番号|T\d{13}", ln.text)]
    heights = sorted(ln.bbox[3] - ln.bbox[1] for ln in first) or [0]
    return Context(candidates + paid, regs, heights[len(heights) // 2], top_limit, paid,
                   site_keys(rows))


def _only_label(line: TextLine) -> bool:
    """A customer label alone on its line ("Afleveradres", "Bill To:"): no name."""
    m = CUSTOMER_LABEL.match(line.text)
    return m is not None and not line.text[m.end():].strip()


# Signs that name the issuer; without one, the choice rests on place and type alone.
NAMING_SIGNS = frozenset({"company-form", "registration", "payee", "site"})


def vendor_line(rows: DocView) -> tuple[TextLine, str] | None:
    ctx = _context(rows)
    scored = [(sum(sign(ln, ctx) for sign in SIGNS.values()), -ln.index, ln) for ln in ctx.rows]
    line = max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None
    signs = [name for name, sign in SIGNS.items() if line and sign(line, ctx) > 0]
    if not NAMING_SIGNS.intersection(signs):
        word = site_word(rows, ctx.sites)  # the logo's name, spelt out in the text
        if word is not None and (
                line is None or word.text.lower() not in _clean_name(line.text).lower()):
            return word, "layout:vendor:site-word"
    if line is None:
        return None
    return line, "layout:vendor:" + "+".join(signs or ["first-line"])


def _above(rows: DocView, line: TextLine) -> TextLine | None:
    x0, y0, x1, _ = line.bbox
    for other in reversed(rows.lines[:line.index]):
        if other.page == line.page and other.bbox[3] <= (y0 + line.bbox[3]) / 2 \
                and other.bbox[0] < x1 and other.bbox[2] > x0:
            return other
    return None


def _joined(rows: DocView, line: TextLine) -> list[TextLine]:
    """The name with the line it continues on: "POPULAR BOOK" / "CO. (M) SDN BHD"."""
    before = _above(rows, line)
    after = next(iter(below_span(rows, line, 0, len(line.text), 1)), None)
    if (before is not None and STARTS_WITH_FORM.match(line.text)
            and not COMPANY_FORM.search(before.text) and not _excluded(before)):
        return [before, line]
    if after is not None and not _excluded(after) and (
            _ends_mid_name(line.text) or (STARTS_WITH_FORM.match(after.text)
                                            and not COMPANY_FORM.search(line.text))):
        return [line, after]
    return [line]


# Legal forms as OCR misreads them, and as they are spelt: a dictionary of suffixes,
# like a spelling check (SON BHD and SIN BHD are no company forms).
FORM_SPELLING: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bS[OIU0]N(\.?\s?BHD\b)", re.IGNORECASE), r"SDN\1"),
    (re.compile(r"\bSDN(\.?\s?)B(?:H[O0]|ND)\b", re.IGNORECASE), r"SDN\1BHD"),
    (re.compile(r"(?<=\s)[58$]/B\b"), "S/B"),
    (re.compile(r"(?<=\s)[S5$][7/]B(?=\s*(?:\(|$))"), "S/B"),  # "/" read as "7": 57B
    (re.compile(r"\((?:[HNI]M|M[1Il])\)(?=\s*SDN\b)", re.IGNORECASE), "(M)"),  # (HM) SDN BHD
]


# A footer's legal line goes on after the name: "Free SAS au capital de ... RCS Paris".
LEGAL_TAIL = re.compile(
    r"[\s,\-−–—]+(?:au capital|capital (?:social|of)|RCS\b|SIRE[NT]\b|Si[eè]ge social|"
    r"registered (?:office|in|number)|Handelsregister|Amtsgericht|HRB\b|KvK\b|"
    r"Company (?:No|Number|Reg)|VAT (?:No|Reg)|TVA\b|BTW\b|USt)", re.IGNORECASE)


def _clean_name(text: str) -> str:
    """Without what follows a Latin company form (a registration number) or frames."""
    for pattern, spelling in FORM_SPELLING:
        text = pattern.sub(spelling, text)
    if _latin(text):
        text = spell_trade_words(STRAY_CJK.sub(" ", text))
    text = TRAILING_DEBRIS.sub("", text).strip(" |:;、,")
    forms = list(COMPANY_FORM.finditer(text))
    legal = next((f for f in forms if LEGAL_TAIL.match(text, f.end())), None)
    if legal is not None and text[:1].isascii():
        return text[:legal.end()].strip(" |:;、,")
    if forms and forms[-1].end() < len(text) and text[:1].isascii():
        tail = text[forms[-1].end():]
        if REG_NUMBER_TAIL.fullmatch(tail):
            text = text[:forms[-1].end()]
    return text.strip(" |:;、,")


def extract_vendor(view: DocView, result: Extraction) -> None:
    rows = phrase_view(view)
    found = vendor_line(rows)
    if found is None:
        return
    line, source = found
    if line.text != rows.lines[line.index].text and not before_title(rows.lines[line.index]):
        # a name inside a line of the body (an account holder, a site's name)
        result.set("vendor_name", _clean_name(line.text), _evidence([line], source))
        return  # no branch or address under it
    lines = _joined(rows, line)
    name = _clean_name(" ".join(ln.text.strip() for ln in lines))
    split = _split_branch(name)
    if split is not None:
        name, branch = split
        result.set("vendor_branch", branch, _evidence(lines, source))
    else:
        _branch_below(rows, lines[-1], result)
    spelt = _spell_japanese(name)
    source += "+kana-repeat" if spelt != _CJK_SPACE.sub("", name) else ""
    result.set("vendor_name", spelt, _evidence(lines, source))
    if not _address(rows, lines[-1], result):
        for other in _namesakes(rows, name, lines):
            if _address(rows, other, result):
                break


def _namesakes(rows: DocView, name: str, chosen: list[TextLine]) -> list[TextLine]:
    """Other lines printing the same name ("Amazon Web Services, Inc." in the footer, for
    "Amazon Web Services" beside the title): the address may stand under one of them."""
    key = name_key(name)
    return [ln for ln in rows.lines if key and ln not in chosen
            and name_key(_clean_name(ln.text)) == key]


_KANA = re.compile(r"[\u3041-\u30fa]")
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def _spell_japanese(name: str) -> str:
    """A Japanese name without OCR's spaces inside it (中 央コインパー ク) and without
    the kana it read twice (つばささ)."""
    if not _KANA.search(name):
        return name
    joined = _CJK_SPACE.sub("", name)
    return unstutter(joined, coster()) if has_repeat(joined) else joined


JA_BRANCH_END = re.compile(rf"[{_CJK}]\s*(?:店|支店|営業所|出張所|事業所|工場|精算機)$")


def _split_branch(name: str) -> tuple[str, str] | None:
    """The name and the branch of one line: at the space before the branch, or, on a
    Japanese line, where its words say the branch's place name begins."""
    m = BRANCH.match(name)
    if m and COMPANY_FORM.search(m.group("branch")):
        m = None
    if JA_BRANCH_END.search(name):
        spaced = (m.end("name"), m.start("branch")) if m else None
        split = split_branch(name, spaced, words.reader())
        return split if split and _name_letters(split[0]) else None  # not 株式会社 alone
    if m is None:
        return None
    branch = m.group("branch")  # OCR's spaces inside a Japanese branch name go
    return m.group("name"), branch.replace(" ", "") if _CJK_END.search(branch) else branch


def _branch_below(rows: DocView, line: TextLine, result: Extraction) -> None:
    nxt = next(iter(below_span(rows, line, 0, len(line.text), 1)), None)
    if nxt is not None and BRANCH_LINE.match(nxt.text.replace(" ", "")):
        result.set("vendor_branch", nxt.text.replace(" ", ""), nxt.whole("layout:branch"))
