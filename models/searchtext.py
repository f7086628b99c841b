"""Text as the search indexes hold it: NFKC, case folded, white space removed, plus
the set of single characters and character bigrams for one- and two-character
queries, which trigram indexes cannot answer."""

from __future__ import annotations

import re
import unicodedata

SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def grams(text: str) -> list[str]:
    """Distinct characters and bigrams of folded text, in first-seen order."""
    folded = fold(text)
    seen: dict[str, None] = {}
    for i, ch in enumerate(folded):
        seen.setdefault(ch)
        if i + 1 < len(folded):
            seen.setdefault(folded[i:i + 2])
    return list(seen)


def gram_tokens(text: str) -> str:
    """The grams as one space-separated string of tokens."""
    return " ".join(encode_gram(g) for g in grams(text))


DIGITS = "0123456789abcdefghijklmnopqrstuvwxy"  # base 35; "z" joins two characters


def _base35(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 35)
        out = DIGITS[r] + out
        if n == 0:
            return out


def encode_gram(gram: str) -> str:
    """A gram as one alphanumeric token that any tokenizer keeps whole."""
    return "z".join(_base35(ord(c)) for c in gram)


def query_grams(term: str) -> str:
    """The one gram a short term is (one or two characters, folded)."""
    return encode_gram(fold(term))
