"""OCR's stutter in Japanese names: the fast Tesseract model reads one kana twice, or
twice in two shapes (つばさ as つばささ, まちかど as まちかかど, こもれび as ごこごこもれび,
フレッシュ as フレッシュユ). A kana that repeats its neighbour (the same kana, or it with
or without its voicing mark, or its small form) is dropped when the line without it
reads as Japanese far more readily: Sudachi's path cost falls by at least MIN_GAIN.
Names that repeat a kana on purpose (ササキ, こころ, すずらん, ららぽーと) are words of
the dictionary, and a repeat inside a known word is never touched.

Trading blurred voicing marks (ペーカリー for ベーカリー) the same way was measured on
the JaPOC company names and left out: it changed 6 of 1,992 correct names (ビプロス,
エービー) and fixed none.

Costers register by name, as words readers do; the dictionary loads on first use, in
the process that extracts."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from extract.words import once, sudachi_tokenizer

# The drop in Sudachi's path cost that a repeat must buy: a stutter costs 3,700 to
# 16,000 (an orphan kana, an unknown word); the words of the dictionary cost nothing.
MIN_GAIN = 3000
MAX_DROPS = 4  # ごこごこ is three drops; more is no stutter
_SMALL = dict(zip("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ",
                  "あいうえおつやゆよわアイウエオツヤユヨワカケ", strict=True))


@dataclass(frozen=True, slots=True)
class Reading:
    cost: int  # Sudachi's path cost: lower reads more like Japanese
    known: tuple[tuple[int, int], ...]  # (start, end) of each word the dictionary knows


class Coster(Protocol):
    def read(self, text: str) -> Reading: ...


UNKNOWN_WORD = 0x0FFFFFFF  # Sudachi's id for a word it made up (a run of katakana)


class SudachiCoster:
    def __init__(self, dictionary: str = "core") -> None:
        self._tokenizer: Any = sudachi_tokenizer(dictionary)  # the dictionary words.py uses
        self._lock = threading.Lock()  # a Sudachi tokenizer is not thread-safe
        self._cached = lru_cache(maxsize=1024)(self._read)

    def read(self, text: str) -> Reading:
        return self._cached(text)

    def _read(self, text: str) -> Reading:
        with self._lock:
            found = self._tokenizer.tokenize(text)
            known = tuple((m.begin(), m.end()) for m in found
                          if not m.is_oov() and m.word_id() != UNKNOWN_WORD)
            return Reading(found.get_internal_cost(), known)


COSTERS: dict[str, Callable[[], Coster]] = {"sudachi": SudachiCoster}
_costers: dict[str, Coster] = {}


def coster(name: str = "sudachi") -> Coster:
    return once(COSTERS, _costers, name)


def _kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30fa" and ch != "\u30fb"


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096"


def _base(ch: str) -> str:
    """The kana without its voicing mark and at full size: ご, ュ -> こ, ユ."""
    return unicodedata.normalize("NFD", _SMALL.get(ch, ch))[0]


def _repeats(a: str, b: str) -> bool:
    return _kana(a) and _kana(b) and _hiragana(a) == _hiragana(b) and _base(a) == _base(b)


def has_repeat(text: str) -> bool:
    """Whether `text` holds a kana beside its repeat: only then is the dictionary read
    (it loads on first use, and most names never need it)."""
    return any(_repeats(a, b) for a, b in zip(text, text[1:], strict=False))


def _drops(text: str, known: tuple[tuple[int, int], ...]) -> set[str]:
    """The text without one kana of each repeat that no known word holds."""
    out: set[str] = set()
    for i in range(len(text) - 1):
        if _repeats(text[i], text[i + 1]) and not any(
                s <= i and i + 1 < e for s, e in known):
            out |= {text[:i] + text[i + 1:], text[:i + 1] + text[i + 2:]}
    return out


def unstutter(text: str, reader: Coster) -> str:
    """`text` without the kana OCR read twice; as read when no drop pays. Every way of
    dropping up to MAX_DROPS kana is read (ごこごこ needs three drops, and the first
    alone may not pay); the cheapest wins."""
    first = reader.read(text)
    best, best_cost = text, first.cost
    level = {text: first}
    for _ in range(MAX_DROPS):
        level = {t: reader.read(t) for s, prev in level.items()
                 for t in _drops(s, prev.known)}
        if not level:
            break
        cost, cheapest = min((r.cost, t) for t, r in level.items())
        if cost < best_cost:
            best, best_cost = cheapest, cost
    return best if first.cost - best_cost >= MIN_GAIN else text
