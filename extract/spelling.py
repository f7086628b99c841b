"""A spelling check for the words of Latin company names, as OCR misreads them: a long
word one letter away from exactly one word of the trade lexicon is that word
(INTERNATIGNAL is INTERNATIONAL). Short words and words near two lexicon words stay as
read: a proper name (SANYU, not SANYO) is no misreading of the lexicon."""

from __future__ import annotations

import re

# Words that company names are made of, in English and Malay: data, not code.
TRADE_WORDS: frozenset[str] = frozenset("""
    ACCESSORIES ACCOUNTING ADVERTISING AGENCIES ALUMINIUM APPLIANCES ARCHITECTS
    AUTOMOBILE AUTOMOTIVE BAKERY BEAUTY BERHAD BOOKSHOP BOOKSTORE BOOKSTORES BOUTIQUE
    BUILDERS BUILDING CAFETERIA CATERING CHEMICALS CLINIC COMMUNICATIONS COMPANY COMPUTER
    COMPUTERS CONFECTIONERY CONSTRUCTION CONSULTANCY CONSULTANTS CONSULTING CORPORATION
    COSMETICS DEPARTMENT DEVELOPMENT DISTRIBUTION DISTRIBUTORS ELECTRICAL ELECTRONICS
    EMPORIUM ENGINEERING ENTERPRISE ENTERPRISES ENTERTAINMENT EQUIPMENT FASHION FURNITURE
    GARDENING GENERAL GROCERIES GROCERY HARDWARE HEALTHCARE HOLDINGS HOSPITAL HOSPITALITY
    HYPERMARKET INDUSTRIAL INDUSTRIES INSURANCE INTERNATIONAL INVESTMENTS KITCHEN
    LABORATORY LIGHTING LOGISTICS MACHINERY MALAYSIA MANAGEMENT MANUFACTURING MARKETING
    MATERIALS MEDICAL MERCHANDISE MINIMARKET MOTORS NETWORKS NURSERY OPTICAL PETROLEUM
    PHARMACY PHOTOSTAT PLASTICS PRINTING PRODUCTS PROPERTIES PROPERTY RESOURCES RESTAURANT
    RETAIL SERVICES SINGAPORE SOLUTIONS STATIONARY STATIONERS STATIONERY SUPERMARKET
    SUPERSTORE
    SUPPLIES SYSTEMS TECHNOLOGIES TECHNOLOGY TELECOMMUNICATIONS TEXTILES TRADING TRAVEL
    WHOLESALE KOPITIAM MAKANAN PERABOT PERNIAGAAN PERUSAHAAN PERKHIDMATAN RUNCIT SYARIKAT
""".split())


def _with_numbers(words: frozenset[str]) -> frozenset[str]:
    """The lexicon with singulars and plurals, so that neither is "corrected" into
    the other (PRODUCT stays PRODUCT)."""
    out = set(words)
    for w in words:
        if w.endswith("IES"):
            out.add(w[:-3] + "Y")
        elif w.endswith("S"):
            out.add(w[:-1])
        elif w.endswith("Y"):
            out.add(w[:-1] + "IES")
        else:
            out.add(w + "S")
    return frozenset(out)


TRADE_WORDS = _with_numbers(TRADE_WORDS)
MIN_LENGTH = 7  # shorter words are too often someone's name one letter off a word
WORD = re.compile(r"[A-Za-z]+")


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion or deletion apart (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y),
             len(short))
    return short[i:] == long[i + 1:]


def _rn_for_m(word: str) -> list[str]:
    """"rn" read as "m" and the other way round (Intemational), OCR's classic."""
    found = {w for a, b in (("M", "RN"), ("RN", "M")) for i in range(len(word))
             if word.startswith(a, i) and (w := word[:i] + b + word[i + len(a):]) in TRADE_WORDS}
    return sorted(found)


def _spelt(word: str) -> str:
    upper = word.upper()
    if len(word) < MIN_LENGTH or upper in TRADE_WORDS:
        return word
    near = [w for w in TRADE_WORDS if _one_edit(upper, w)] or _rn_for_m(upper)
    if len(near) != 1:
        return word
    if 2 * sum(ch.isupper() for ch in word) > len(word):  # SYARlKAT: OCR's l for I
        return near[0]
    return near[0].capitalize() if word[:1].isupper() else near[0].lower()


def spell_trade_words(text: str) -> str:
    """`text` with each misread trade word spelt as the lexicon spells it."""
    return WORD.sub(lambda m: _spelt(m.group(0)), text)
