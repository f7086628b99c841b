"""Pages as lists of shapes in millimetres, built top-down by a Sheet that also keeps
the text it sets, line by line, in reading order (the truth's ocr_text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from synth.errors import LayoutOverflow
from synth.fonts import Face, pt_to_mm, width_mm

Align = Literal["left", "right", "center"]
A4 = (210.0, 297.0)
NO_LINE_START = "、。，．）」』】・ー％"  # 禁則: never begin a wrapped line with these


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # top of the line
    text: str
    size: float  # points
    face: Face
    align: Align = "left"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.25  # mm


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.3


Shape = Text | Rule | Rect


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    shapes: tuple[Shape, ...]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: Align = "left"


@dataclass(slots=True)
class Sheet:
    """A page being set. height None: grows with the content (a till roll)."""

    width: float
    height: float | None
    margin: float
    face: Face
    size: float
    leading: float = 1.6
    y: float = 0.0
    shapes: list[Shape] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.y = self.margin

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def center(self) -> float:
        return self.width / 2

    def line_height(self, size: float | None = None) -> float:
        return pt_to_mm(size or self.size) * self.leading

    def place(self, text: str, x: float, y: float, *, align: Align = "left",
              size: float | None = None, face: Face | None = None, bold: bool = False) -> None:
        """Set one line without moving the cursor; it still counts as a line of text."""
        self.shapes.append(Text(x, y, text, size or self.size, face or self.face, align, bold))
        self.lines.append(text)

    def text(self, text: str, *, x: float | None = None, align: Align = "left",
             size: float | None = None, face: Face | None = None, bold: bool = False) -> None:
        """Set one line at the cursor and move down."""
        if x is None:
            x = {"left": self.left, "right": self.right, "center": self.center}[align]
        self.place(text, x, self.y, align=align, size=size, face=face, bold=bold)
        self.y += self.line_height(size)

    def cells(self, cells: Sequence[tuple[str, float, Align]], *, size: float | None = None,
              face: Face | None = None, bold: bool = False) -> None:
        """Several pieces on one line (label left, amount right...): one line of text."""
        size, face = size or self.size, face or self.face
        for text, x, align in cells:
            if text:
                self.shapes.append(Text(x, self.y, text, size, face, align, bold))
        if any(t for t, _, _ in cells):
            self.lines.append(" ".join(t for t, _, _ in cells if t))
        self.y += self.line_height(size)

    def pair(self, label: str, value: str, *, x0: float | None = None,
             x1: float | None = None, size: float | None = None, face: Face | None = None,
             bold: bool = False) -> None:
        """A label at x0 and a value ending at x1, on one line."""
        self.cells([(label, self.left if x0 is None else x0, "left"),
                    (value, self.right if x1 is None else x1, "right")],
                   size=size, face=face, bold=bold)

    def rule(self, x0: float | None = None, x1: float | None = None, width: float = 0.25,
             space: float = 1.5) -> None:
        y = self.y + space / 2
        self.shapes.append(Rule(self.left if x0 is None else x0, y,
                                self.right if x1 is None else x1, y, width))
        self.y += space

    def gap(self, mm: float) -> None:
        self.y += mm

    def paragraph(self, text: str, *, indent: float = 0.0, hanging: float = 0.0,
                  size: float | None = None, face: Face | None = None) -> None:
        """Wrap text to the measure; continuation lines start at indent + hanging."""
        size, face = size or self.size, face or self.face
        first = self.left + indent
        for n, line in enumerate(wrap(text, face, size, self.right - first, hanging)):
            self.text(line, x=first + (hanging if n else 0), size=size, face=face)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              size: float | None = None, row_height: float | None = None) -> None:
        """A ruled grid: a header row, then one row per item."""
        size = size or self.size
        height = row_height or self.line_height(size) * 1.15
        edges = [self.left]
        for col in columns:
            edges.append(edges[-1] + col.width)
        top = self.y
        for n, row in enumerate([[c.title for c in columns], *rows]):
            self._table_row(columns, edges, row, size, height, header=n == 0)
            self.shapes.append(Rule(edges[0], self.y, edges[-1], self.y,
                                    0.35 if n == 0 else 0.2))
        self.shapes.append(Rect(edges[0], top, edges[-1], self.y, 0.35))
        for x in edges[1:-1]:
            self.shapes.append(Rule(x, top, x, self.y, 0.2))

    def _table_row(self, columns: Sequence[Column], edges: list[float], row: Sequence[str],
                   size: float, height: float, header: bool) -> None:
        pad = 1.8
        y = self.y + (height - pt_to_mm(size)) / 2
        for col, x0, x1, cell in zip(columns, edges[:-1], edges[1:], row, strict=True):
            align: Align = "center" if header else col.align
            x = {"left": x0 + pad, "right": x1 - pad, "center": (x0 + x1) / 2}[align]
            if cell:
                self.shapes.append(Text(x, y, cell, size, self.face, align))
        if any(row):
            self.lines.append(" ".join(c for c in row if c))
        self.y += height

    def page(self) -> Page:
        height = self.y + self.margin if self.height is None else self.height
        if self.height is not None and self.y > self.height - self.margin / 2:
            raise LayoutOverflow(self.y, self.height)
        return Page(self.width, height, tuple(self.shapes))


def wrap(text: str, face: Face, size: float, measure: float, hanging: float = 0.0) -> list[str]:
    """Greedy line breaking: between words for Latin text, anywhere for Japanese."""
    latin = text.isascii()
    tokens = text.split(" ") if latin else list(text)
    joiner = " " if latin else ""
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = f"{line}{joiner}{token}" if line else token
        room = measure - (hanging if lines else 0.0)
        if width_mm(candidate, face, size) <= room or not line or token in NO_LINE_START:
            line = candidate
        else:
            lines.append(line)
            line = token
    if line:
        lines.append(line)
    return lines
