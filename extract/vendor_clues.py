"""Clues to the issuer outside its letterhead, for documents whose name is a logo that
OCR cannot read or sits beside the title: the account holder of the payment details
(the issuer is the one paid), the issuer's own web or mail domain printed in a footer,
and a name printed in front of the title ("Amazon Web Services Invoice"). And OCR
debris, which is no name at all."""

from __future__ import annotations

import re

from extract.labels import COMPANY_FORM
from extract.view import DocView, TextLine


def part(line: TextLine, start: int, end: int) -> TextLine:
    """The words of `line` inside `start:end`, as a line of their own (same index)."""
    kept = [(w, (s, e)) for w, (s, e) in zip(line.words, line.spans, strict=True)
            if s >= start and e <= end]
    if not kept:
        return line
    first = kept[0][1][0]
    last = kept[-1][1][1]
    return TextLine(line.page, line.index, line.text[first:last], tuple(w for w, _ in kept),
                    tuple((s - first, e - first) for _, (s, e) in kept))


# ---- a name in front of the title ----

TITLE_TAIL = re.compile(r"\s+(?:Tax\s+)?(?:Invoice|Receipt|Statement|Credit\s+Note)\s*$",
                        re.IGNORECASE)
# Words that make a title longer, not a name: "Commercial Invoice", "Payment Receipt".
TITLE_WORDS = frozenset("""
    tax simplified commercial proforma pro-forma final payment official sales cash retail
    credit debit original copy duplicate interim your the an a e invoices bill billing
    customer purchase order
""".split())


def before_title(line: TextLine) -> TextLine | None:
    """The name printed before a trailing title on the same line, or None."""
    m = TITLE_TAIL.search(line.text)
    if m is None:
        return None
    head = line.text[:m.start()]
    words = re.findall(r"[^\W\d_][\w&.'-]*", head)
    if not words or all(w.lower().strip(".") in TITLE_WORDS for w in words):
        return None
    if any(w[:1].islower() for w in words):  # a sentence: "Please keep this invoice"
        return None
    return part(line, 0, m.start())


# ---- the account holder ----

# Latin labels only: a Japanese 口座名義 is the holder's name in katakana, not as printed.
PAYEE_LABEL = re.compile(
    r"(?:Titulaire\s+du\s+compte|Account\s+(?:Holder|Name)|Beneficiary(?:\s+Name)?|"
    r"Payee|Rekeninghouder|Kontoinhaber|Begünstigter|Ten\s+name\s+van|T\.?\s?n\.?\s?v\.?)"
    r"\s*[:：]\s*", re.IGNORECASE)
PAYEE_END = re.compile(r"\s+[-–—|/]\s|\s{2,}|,?\s+(?:IBAN|BIC|SWIFT|Account|Bank|Sort)\b",
                       re.IGNORECASE)


# Payment details print the bank beside the holder: "Account Name" elsewhere may be
# the customer's account.
BANK = re.compile(r"\bBank|Banque|IBAN|\bBIC\b|SWIFT|A/C\b|Account\s?(?:No|Number)|Rekening|"
                  r"Konto\b|Bankverbindung", re.IGNORECASE)
BANK_REACH = 2  # lines either side of the holder


def payees(rows: DocView) -> list[TextLine]:
    """The names after an account-holder label beside bank details, each as a part of
    its line."""
    found: list[TextLine] = []
    for line in rows.lines:
        m = PAYEE_LABEL.search(line.text)
        near = rows.lines[max(0, line.index - BANK_REACH):line.index + BANK_REACH + 1]
        if m is None or not any(BANK.search(ln.text) for ln in near):
            continue
        end = PAYEE_END.search(line.text, m.end())
        value = part(line, m.end(), end.start() if end else len(line.text))
        if value is not line and sum(ch.isalpha() for ch in value.text) >= 2:
            found.append(value)
    return found


# ---- the issuer's own domain ----

DOMAIN = re.compile(r"(?:@|\bwww\.|https?://)((?:[a-z0-9-]+\.)+[a-z]{2,})", re.IGNORECASE)
# Second-level labels under a country code: the name is the label before them.
SECOND_LEVEL = frozenset({"co", "com", "ne", "or", "ac", "go", "net", "org", "gov", "edu"})
# Mail services: their domain names the mailbox's host, not its owner.
MAIL_HOSTS = frozenset({"gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn",
                        "icloud", "aol", "gmx", "mail", "example", "proton", "protonmail"})
MIN_KEY = 4  # a shorter name matches too many domains by chance


def _label(domain: str) -> str:
    labels = domain.lower().split(".")
    while len(labels) > 2 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        labels = labels[:-1]
    return labels[-2] if len(labels) >= 2 else labels[0]


# A line that names someone else's site: the till's maker, an app store, social media.
THIRD_PARTY = re.compile(r"powered|software|\bPOS\b|system by|download|\bapp\b|facebook|"
                         r"instagram|twitter|youtube|tiktok|whatsapp|google|apple", re.IGNORECASE)


def site_keys(rows: DocView) -> frozenset[str]:
    """The names of the web and mail domains printed on the document, as letters only
    (not those of a till's maker or of social media)."""
    keys = {_label(m.group(1)).replace("-", "") for line in rows.lines
            if not THIRD_PARTY.search(line.text) for m in DOMAIN.finditer(line.text)}
    return frozenset(k for k in keys if k not in MAIL_HOSTS and len(k) >= MIN_KEY)


def name_key(text: str) -> str:
    """A name as letters and digits, without its company form: how two prints compare."""
    return re.sub(r"[^a-z0-9]", "", COMPANY_FORM.sub("", text).lower())


def names_site(text: str, keys: frozenset[str]) -> bool:
    """The name is the domain's (Azure Interior, azure-interior.com), or one begins the
    other (POPULAR BOOK CO., popular.com.my)."""
    key = name_key(text)
    return len(key) >= MIN_KEY and any(
        key == k or (k.startswith(key) or key.startswith(k)) for k in keys)


_TLD = re.compile(r"\.(?:com|net|org|co|[a-z]{2})(?:\.[a-z]{2})?$", re.IGNORECASE)


SITE_WORD_TIMES = 2  # the issuer's name recurs (footer, policy); a passing mention does not


def site_word(rows: DocView, keys: frozenset[str]) -> TextLine | None:
    """A capitalised word of the text that spells a printed domain's name ("At Flipkart
    we ...", "Flipkart.com Customer Care"), printed at least twice, as a line of its own:
    the name of a logo."""
    found = _site_words(rows, keys)
    same = [w for w in found if w.text.lower() == found[0].text.lower()] if found else []
    return same[0] if len(same) >= SITE_WORD_TIMES else None


def _site_words(rows: DocView, keys: frozenset[str]) -> list[TextLine]:
    found: list[TextLine] = []
    for line in rows.lines:
        for word, (s, e) in zip(line.words, line.spans, strict=True):
            token = line.text[s:e]
            if "@" in token or "/" in token or token.lower().startswith("www"):
                continue
            bare = _TLD.sub("", token.strip(".,:;!?()\"'"))
            if bare[:1].isupper() and bare.lower().replace("-", "") in keys:
                found.append(TextLine(line.page, line.index, bare, (word,), ((0, len(bare)),)))
    return found


# ---- OCR debris ----

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SOUP = re.compile(r"[A-Za-z]+\d+[A-Za-z]|\d+[A-Za-z]+\d|\d[a-z]+[A-Z]|\d[A-Z]+[a-z]")
LATIN_PAGE = 0.9  # this share of a page's letters Latin: a page in a Latin script


def latin_page(lines: list[TextLine]) -> bool:
    letters = [ch for ln in lines for ch in ln.text if ch.isalpha()]
    cjk = sum(bool(_CJK_CHAR.match(ch)) for ch in letters)
    return bool(letters) and cjk <= (1 - LATIN_PAGE) * len(letters)


def debris(line: TextLine, latin: bool) -> bool:
    """A smudge read as characters: kana with hardly a Latin letter on a Latin page
    ("(7ルク"), or letters and digits stirred together with no word beside them
    ("3 18oUOT")."""
    latin_letters = sum(ch.isascii() and ch.isalpha() for ch in line.text)
    if latin and _CJK_CHAR.search(line.text) and latin_letters < 4:
        return True
    words = re.findall(r"[A-Za-z\u00c0-\u024f]{3,}", line.text)
    soup = [w for w in re.split(r"[^\w]+", line.text) if _SOUP.search(w)]
    return bool(soup) and not any(all(w not in s for s in soup) for w in words)
