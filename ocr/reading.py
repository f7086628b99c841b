"""The order a page's text is read in: the text stored, searched and shown.

Tesseract reads a page block by block, and its blocks are not a reader's: an
invoice's table comes back column by column when its columns are separate blocks, a
total's value far from its label, the title after the body, and two address blocks
side by side (the customer's on the left, the issuer's on the right) as one line that
runs across both. `reading_rows` reads the page's lines again from their boxes:

1. each line is cut at gaps wide enough to be a column gutter, into phrases;
2. the page is cut into bands at horizontal gaps wider than the space between the
   lines of a paragraph;
3. a band that a vertical gutter splits into two blocks of text (lines of words,
   not a column of amounts) whose lines mostly do not stand side by side (each block
   with its own line spacing) is read block by block, left first; anything else, a
   table above all, is read row by row: phrases that stand side by side on one line,
   left to right.

Word boxes and the engine's lines (`OcrPage.lines`, what extraction reads) are not
changed; only the page's text is. A page whose lines run top to bottom (縦書き, read
with jpn_vert) keeps the engine's order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from ocr.types import BBox, Line, Word, union

PHRASE_GAP = 3.0  # line heights: a wider gap between two words is a column gutter
BAND_GAP = 0.8  # line heights: a wider empty stripe across a region ends a band
GUTTER = 2.0  # line heights: the narrowest vertical gutter between two blocks
ROW_OVERLAP = 0.5  # of the smaller height: two phrases stand on one row
BLOCK_UNPAIRED = 1 / 3  # of the longer block's lines without a neighbour: two blocks
BLOCK_WIDTH = 5.0  # line heights: the median line of a block of text is this long

# A number alone, maybe signed, with a currency sign or 円: a table's or receipt's value.
_AMOUNT = re.compile(r"[(（]?[-−]?[¥￥$€£\\]?[-−]?\d[\d,.]*[)）]?(?:円|-)?")


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[Word, ...]
    bbox: BBox
    origin: int  # the engine's line it was cut from

    @property
    def height(self) -> int:
        return max(1, self.bbox[3] - self.bbox[1])

    @property
    def is_amount(self) -> bool:
        return _AMOUNT.fullmatch("".join(w.text for w in self.words)) is not None


def reading_rows(lines: list[Line]) -> list[Line]:
    """The page's lines as a reader reads them: one Line a row of text, top to bottom."""
    if not lines or _runs_down(lines):
        return lines
    phrases = [p for i, line in enumerate(lines) for p in _phrases(line, i)]
    return [Line(tuple(w for p in row for w in p.words)) for row in _read(phrases)]


def _phrases(line: Line, origin: int) -> list[_Phrase]:
    words = [w for w in line.words if w.text]
    if not words:
        return []
    height = median(w.bbox[3] - w.bbox[1] for w in words)
    parts: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        if word.bbox[0] - prev.bbox[2] > PHRASE_GAP * max(1, height):
            parts.append([])
        parts[-1].append(word)
    return [_Phrase(tuple(p), union([w.bbox for w in p]), origin) for p in parts]


def _read(region: list[_Phrase]) -> list[list[_Phrase]]:
    """Rows of phrases, in reading order."""
    if len(region) <= 1:
        return [region] if region else []
    height = median(p.height for p in region)
    bands = _cut(region, 1, BAND_GAP * height)
    if len(bands) > 1:
        return [row for band in bands for row in _read(band)]
    columns = _cut(region, 0, GUTTER * height)
    # The widest gutter first: the one between two blocks, more likely than one
    # inside a block (an amount set apart from its label).
    for i in sorted(range(len(columns) - 1), key=lambda i: -_gap(columns[i], columns[i + 1])):
        left = [p for c in columns[:i + 1] for p in c]
        right = [p for c in columns[i + 1:] for p in c]
        if _two_blocks(left, right, height):
            return _read(left) + _read(right)
    return _rows(region)


def _cut(region: list[_Phrase], axis: int, min_gap: float) -> list[list[_Phrase]]:
    """`region` cut at every empty stripe wider than `min_gap` that runs across it:
    horizontal stripes (axis 1: bands, top to bottom) or vertical (axis 0: columns,
    left to right)."""
    ordered = sorted(region, key=lambda p: p.bbox[axis])
    groups: list[list[_Phrase]] = [[ordered[0]]]
    reach = ordered[0].bbox[axis + 2]
    for phrase in ordered[1:]:
        if phrase.bbox[axis] - reach > min_gap:
            groups.append([])
        groups[-1].append(phrase)
        reach = max(reach, phrase.bbox[axis + 2])
    return groups


def _gap(left: list[_Phrase], right: list[_Phrase]) -> int:
    return min(p.bbox[0] for p in right) - max(p.bbox[2] for p in left)


def _two_blocks(left: list[_Phrase], right: list[_Phrase], height: float) -> bool:
    """Two blocks of text side by side, not a table: each side a single column of at
    least two lines of text (not a column of amounts), and many lines of the longer
    side have no line beside them on the other (each block keeps its own line
    spacing; a table's cells pair up row by row). A side that itself splits into
    columns is part of a table."""
    # Marks narrower than a character (a speck read as "." or "-") are no lines.
    left, right = ([p for p in side if p.bbox[2] - p.bbox[0] >= height] for side in (left, right))
    for side in (left, right):
        if len(side) < 2 or median(p.bbox[2] - p.bbox[0] for p in side) < BLOCK_WIDTH * height:
            return False
        if sum(p.is_amount for p in side) * 2 >= len(side):
            return False  # a column of amounts: the values of a table or a receipt
    longer, other = (left, right) if len(left) >= len(right) else (right, left)
    unpaired = sum(not any(_side_by_side(p, q) for q in other) for p in longer)
    return unpaired >= 2 and unpaired >= BLOCK_UNPAIRED * len(longer)


def _side_by_side(a: _Phrase, b: _Phrase) -> bool:
    overlap = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    return overlap >= ROW_OVERLAP * min(a.height, b.height)


@dataclass(slots=True)
class _Row:
    phrases: list[_Phrase]
    y0: int
    y1: int

    def accepts(self, unit: list[_Phrase], box: BBox) -> bool:
        overlap = min(box[3], self.y1) - max(box[1], self.y0)
        height = min(box[3] - box[1], self.y1 - self.y0)
        if height <= 0 or overlap < ROW_OVERLAP * height:
            return False
        return all(box[2] <= o.bbox[0] or box[0] >= o.bbox[2] for o in self.phrases)


def _rows(region: list[_Phrase]) -> list[list[_Phrase]]:
    """Phrases that stand side by side merged into rows, top to bottom, each left to
    right. The phrases of one engine line stay together (a line the engine read
    across a slight tilt is still one row)."""
    units = _units(region)
    rows: list[_Row] = []
    for unit, box in sorted(units, key=lambda u: u[1][1] + u[1][3]):
        row = next((r for r in reversed(rows[-4:]) if r.accepts(unit, box)), None)
        if row is None:
            rows.append(_Row(list(unit), box[1], box[3]))
        else:
            row.phrases.extend(unit)
            row.y0, row.y1 = min(row.y0, box[1]), max(row.y1, box[3])
    rows.sort(key=lambda r: (r.y0, min(p.bbox[0] for p in r.phrases)))
    return [sorted(r.phrases, key=lambda p: p.bbox[0]) for r in rows]


def _units(region: Iterable[_Phrase]) -> list[tuple[list[_Phrase], BBox]]:
    by_origin: dict[int, list[_Phrase]] = {}
    for phrase in region:
        by_origin.setdefault(phrase.origin, []).append(phrase)
    return [(ps, union([p.bbox for p in ps])) for ps in by_origin.values()]


def _runs_down(lines: list[Line]) -> bool:
    """Most text sits in lines far taller than wide: vertical writing."""
    down = across = 0
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        chars = sum(len(w.text) for w in line.words)
        if y1 - y0 > 2 * (x1 - x0):
            down += chars
        elif x1 - x0 > 2 * (y1 - y0):
            across += chars
    return down > across
