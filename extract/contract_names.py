"""Party names in English contracts: what a name looks like in running text, and the
output form of a name (legal suffixes in one spelling, all-caps names in title case,
no lowercase "the", no post-nominals or trade-name tails).

The tables are general English legal usage, not knowledge of any company."""

from __future__ import annotations

import re

# Legal-entity suffixes as they follow a name, often after a comma ("Acme, Inc.").
SUFFIXES = (
    r"Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|LLP|L\.L\.P|LP|"
    r"L\.P|PLC|P\.L\.C|N\.V|B\.V|S\.A|SA|S\.A\.S|SAS|S\.p\.A|A/S|AB|ASA|AG|GmbH|K\.K|KK|"
    r"Pty|Pte|S\.?A\. de C\.V|P\.C|PC|Jr|Sr|II|III|IV|M\.D|Ph\.D|Esq"
)
_SUFFIX_AFTER_COMMA = rf",\s*(?i:{SUFFIXES})\b\.?"
# One word of a name: capitalised, a digit-led brand (3M), or a lowercase web brand
# (salesforce.com). Single capitals with a period are initials (John D. Smith).
_WORD = (r"(?!(?:AND|OR|BETWEEN|AMONG|DATED|BY)\b)"
         r"(?:[A-Z0-9][\w'’&\-/.]*|[a-z][\w\-]*\.(?:com|net|org|io)\b)")
# Lowercase words allowed inside a name (Bank of America, Stone & Webster).
_JOIN = r"(?:of|de|du|des|la|le|von|van|der|for|&|and(?=\s+[A-Z][a-z]+\s+(?:LLP|LLC|Co)\b))"
NAME = re.compile(
    rf"(?:the\s+)?{_WORD}(?:[ \t]+(?:{_JOIN}[ \t]+)?{_WORD}){{0,9}}"
    rf"(?:{_SUFFIX_AFTER_COMMA}){{0,2}}"
)

# Words that name a role, not a party: a name made only of these is no name.
ROLE_WORDS = frozenset(re.findall(r"\S+", """
agreement company corporation employee employer executive recipient discloser disclosing
receiving party parties buyer seller purchaser bank consultant contractor director
licensor licensee client customer supplier vendor provider you we us i it he she they
undersigned affiliate affiliates subsidiary subsidiaries board the a an and or state
commission entity individual person whose name set forth below above signature page
holder holders stockholder shareholder member members representative representatives
investor guarantor lender borrower trust fund partnership counterparty counterparties
interested disclosing receiving exhibit schedule section page
"""))
# Post-nominals and trade-name tails that are not part of the legal name.
_TAIL = re.compile(r"(?:(?:,?\s+|(?<=\.))(?:d/b/a|dba|f/k/a|fka|aka|a/k/a)\b.*|"
                   r",?\s*(?:M\.D|Ph\.D|Esq|J\.D|CPA)\.?\s*)$", re.IGNORECASE)
# One spelling per suffix; the comparison the outside world makes ignores
# punctuation and case, so only the words themselves need agreeing on.
SUFFIX_FORMS: dict[str, str] = {
    "incorporated": "Inc.", "inc": "Inc.", "limited": "Ltd.", "corp": "Corp.", "ltd": "Ltd.",
    "co": "Co.",
    "llc": "LLC", "l.l.c": "LLC", "llp": "LLP", "l.l.p": "LLP", "lp": "LP", "l.p": "LP",
    "plc": "PLC", "p.l.c": "PLC", "n.v": "N.V.", "b.v": "B.V.", "s.a": "SA", "sa": "SA",
    "gmbh": "GmbH", "ag": "AG", "a/s": "A/S", "jr": "Jr.", "sr": "Sr.",
    "ii": "II", "iii": "III", "iv": "IV",
}
_SUFFIX_END = re.compile(
    r",?\s+(" + "|".join(re.escape(k) for k in sorted(SUFFIX_FORMS, key=len, reverse=True))
    + r")\.?$", re.IGNORECASE)
SMALL_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "des", "la", "le", "von",
                         "van", "der", "a", "an", "in", "on", "at"})


def title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in SMALL_WORDS:
        return lower
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def title_case(name: str) -> str:
    """"LIQUIDMETAL TECHNOLOGIES" -> "Liquidmetal Technologies"; mixed case stays."""
    if any(c.islower() for c in name):
        return name
    return " ".join(title_word(w, i == 0) for i, w in enumerate(name.split(" ")))


def _split_suffixes(name: str) -> tuple[str, str]:
    """"Map Pharmaceuticals Inc." -> ("Map Pharmaceuticals", " Inc.")."""
    core = name
    while (m := _SUFFIX_END.search(core)) and m.start() > 0:
        core = core[: m.start()]
    return core, name[len(core):]


def _mixed_case(spelling: str) -> bool:
    """Written in mixed case as a name is: some lowercase, every word but the small
    ones starting with a capital or a figure."""
    words = spelling.split()
    return any(c.islower() for c in spelling) and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words)


def recase(name: str, text: str) -> str:
    """A name title-cased from capitals ("MAP PHARMACEUTICALS, INC." -> "Map
    Pharmaceuticals Inc.") takes the document's own mixed-case spelling of the same
    words when the document has one ("MAP Pharmaceuticals, Inc."): capitals alone do
    not tell an acronym from a word."""
    core, tail = _split_suffixes(name)
    if not core or core != title_case(core.upper()):
        return name  # written in mixed case already: as the document spells it
    words = core.split()
    pattern = re.compile(r"(?<![\w-])" + r"[\s,]+".join(map(re.escape, words)) + r"(?![\w-])",
                         re.IGNORECASE)
    for m in pattern.finditer(text):
        spelling = re.sub(r"\s+", " ", m.group(0))
        if spelling != core and _mixed_case(spelling):
            return spelling + tail
    return name


def normalise_suffixes(name: str) -> str:
    """"Acme, INC" -> "Acme Inc.", "Kiley, III" -> "Kiley III": suffixes at the end only."""
    tail: list[str] = []
    while (m := _SUFFIX_END.search(name)) and m.start() > 0:
        tail.insert(0, SUFFIX_FORMS[m.group(1).lower()])
        name = name[: m.start()]
    return " ".join([name, *tail])


def clean_name(raw: str) -> str:
    """The output form of a party name found in running text."""
    name = re.sub(r"\s+", " ", raw).strip(" ,;:.\"“”'’")
    if raw.rstrip().endswith(".") and re.search(r"\b(?:Inc|Ltd|Corp|Co|Jr|Sr)$", name, re.I):
        name += "."
    name = re.sub(r"^the\s+", "", name)
    name = _TAIL.sub("", name).strip(" ,")
    return normalise_suffixes(title_case(name)).strip()


# A street number, a bare figure, a place with its ZIP code, a company suffix in front.
NOT_A_NAME = re.compile(r"^\d+(?:\s|$)|^[\d\W]+$|\b\d{5}(?:-\d{4})?$|"
                        r"^(?i:inc|ltd|llc|l\.l\.c|corp|co|limited|incorporated)\b")


SUFFIXES_ONLY = re.compile(rf"(?:(?i:{SUFFIXES})\.?[\s,]*)+")


# A defined group ("the Ancora Parties", "the Stilwell Holders") ends in a plural role;
# it stands for several parties and is not anyone's name.
GROUP_END = re.compile(r"\b(?:Parties|Holders|Stockholders|Shareholders|Entities|Affiliates|"
                       r"Principals|Representatives)$", re.IGNORECASE)


def is_name(name: str) -> bool:
    """A party name has at least one word that is not a role or filler word."""
    if len(name) < 3 or NOT_A_NAME.search(name) or SUFFIXES_ONLY.fullmatch(name):
        return False
    if GROUP_END.search(name):
        return False
    words = re.findall(r"[A-Za-z0-9][\w.&'\-]*", name)
    return any(w.lower().strip(".") not in ROLE_WORDS for w in words)
