"""Accuracy measures for OCR text against a reference.

Texts are compared after NFKC and with all white space removed: Japanese has no
word spaces, and Tesseract's spacing is not what is being measured."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row per character of `a`."""
    if not a or not b:
        return max(len(a), len(b))
    codes = np.array([ord(c) for c in b], dtype=np.int64)
    steps = np.arange(len(b) + 1, dtype=np.int64)
    prev = steps.copy()
    for i, ch in enumerate(a, start=1):
        sub = prev[:-1] + (codes != ord(ch))
        best = np.minimum(prev[1:] + 1, sub)
        row = np.empty_like(prev)
        row[0] = i
        row[1:] = best
        # Insertions run along the row: row[j] = min over k <= j of row[k] + (j - k).
        prev = np.minimum.accumulate(row - steps) + steps
    return int(prev[-1])


def infix_distance(a: str, b: str) -> int:
    """Edits to turn `a` into the substring of `b` it is closest to (start and end in
    `b` are free): how well `a` was read, wherever in `b` it was put."""
    if not a:
        return 0
    if not b:
        return len(a)
    codes = np.array([ord(c) for c in b], dtype=np.int64)
    steps = np.arange(len(b) + 1, dtype=np.int64)
    prev = np.zeros(len(b) + 1, dtype=np.int64)
    for i, ch in enumerate(a, start=1):
        sub = prev[:-1] + (codes != ord(ch))
        row = np.empty_like(prev)
        row[0] = i
        row[1:] = np.minimum(prev[1:] + 1, sub)
        prev = np.minimum.accumulate(row - steps) + steps
    return int(prev.min())


def line_cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference length) with each reference line matched wherever it was
    read: character errors without the reading-order errors of multi-column layouts."""
    hyp = normalise(hypothesis)
    lines = [normalise(line) for line in reference.splitlines()]
    return sum(infix_distance(line, hyp) for line in lines), sum(len(x) for x in lines)


def cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference length) after normalisation; sum both over a set."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def _tokens(text: str) -> Counter[str]:
    return Counter(unicodedata.normalize("NFKC", text).upper().split())


def bow_f1(reference: str, hypothesis: str) -> tuple[int, int, int]:
    """(matched, reference tokens, hypothesis tokens) for a bag-of-words F1."""
    ref, hyp = _tokens(reference), _tokens(hypothesis)
    return sum((ref & hyp).values()), sum(ref.values()), sum(hyp.values())


def f1(matched: int, ref: int, hyp: int) -> float:
    if not ref or not hyp:
        return 0.0
    precision, recall = matched / hyp, matched / ref
    return 0.0 if not matched else 2 * precision * recall / (precision + recall)


def key_recall(keys: list[str], hypothesis: str) -> tuple[int, int]:
    """(found, total): how many reference strings appear in the text (normalised)."""
    text = normalise(hypothesis)
    found = sum(1 for key in keys if normalise(key) in text)
    return found, len(keys)
