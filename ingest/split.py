"""Scanner batches: one file of many pages cut into documents. A pure stage: OCR pages
in, page ranges out. Blank separator pages belong to no part; a page starts a new
document when it follows a blank page or (in `auto`) when it carries a document title
of its own type in its title area (a new 請求書 header) or is a till receipt, unless it
says it continues the one before (`2/3`, `- 2 -`, 続き) or carries the same document
number as the page before (an invoice that prints its header on every page)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from core.errors import InputError
from core.settings import SplitMode
from extract.doctype import RECEIPT_ASPECT, classify, score_types
from extract.identity import extract_invoice_number
from extract.schema import DocType, Extraction
from extract.view import DocView
from ocr.types import OcrDocument, OcrPage

TITLE_AREA = 0.35  # a title stands in the top part of the page
MAX_TITLE_CHARS = 24  # a title is a short line, not a sentence that mentions 契約書
TITLES: dict[DocType, tuple[str, ...]] = {
    DocType.INVOICE: ("請求書", "INVOICE", "FACTURE", "FACTUUR", "RECHNUNG"),
    DocType.RECEIPT: ("領収書", "領収証", "レシート", "RECEIPT"),
    DocType.CONTRACT: ("契約書", "覚書", "合意書", "AGREEMENT", "CONTRACT"),
}
# "page n of m" in its usual spellings; n >= 2 means the page continues a document
PAGE_MARKS = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in (
    r"\bpage\s*(\d{1,3})\s*(?:of|/)\s*\d{1,3}\b",
    r"\bp\.\s*(\d{1,3})\s*/\s*\d{1,3}\b",
    r"(\d{1,3})\s*/\s*\d{1,3}\s*(?:ページ|頁)",
    r"\(\s*(\d{1,3})\s*/\s*\d{1,3}\s*\)",
    r"^\s*[-–—]\s*(\d{1,3})\s*[-–—]\s*$",
    r"(\d{1,3})\s*(?:ページ目|枚目)",
)]
CONTINUED = re.compile(r"続き|続紙|\(続\)|\bcontinued\b", re.IGNORECASE)


class Cause(StrEnum):
    """Why a part starts where it does (the evidence of a split)."""

    WHOLE = "whole_file"  # split=none, or nothing to split on
    FIRST = "first_page"
    AFTER_BLANK = "after_blank"
    TITLE = "title"  # a page-level document start: a title of the page's type
    RECEIPT_SHAPE = "receipt_shape"  # a till roll is a document of its own


@dataclass(frozen=True, slots=True)
class Part:
    """Pages `first`..`last` of the original (1-based, inclusive) make one document."""

    first: int
    last: int
    cause: Cause
    evidence: str | None = None  # the title line that started it, for TITLE

    @property
    def pages(self) -> range:
        return range(self.first, self.last + 1)


class SplitCode(StrEnum):
    BAD_MODE = "bad_split_mode"


MESSAGES: dict[SplitCode, tuple[str, str]] = {
    SplitCode.BAD_MODE: (
        "split の値が正しくありません。auto・none・blank のいずれかを指定してください。",
        "split must be one of auto, none or blank."),
}


class SplitError(InputError):
    """A split mode that does not exist (answered 422 over HTTP)."""

    def __init__(self, code: SplitCode, detail: str = "") -> None:  # type: ignore[override]
        super().__init__(code, detail)  # type: ignore[arg-type]

    @property
    def message_ja(self) -> str:
        return MESSAGES[SplitCode(self.code)][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[SplitCode(self.code)][1]


def parse_mode(value: str | None, default: SplitMode) -> SplitMode:
    """A mode from a form field, a query or an option; empty means the default."""
    if value is None or not value.strip():
        return default
    try:
        return SplitMode(value.strip().lower())
    except ValueError:
        raise SplitError(SplitCode.BAD_MODE, repr(value[:40])) from None


def split_points(pages: Sequence[OcrPage], mode: SplitMode) -> list[Part]:
    """The documents in a file, in page order. A file of blank pages only stays one
    document, so nothing is ever lost; an empty file has no parts."""
    if not pages:
        return []
    return SPLITTERS[mode](pages) or _whole(pages)


def part_document(ocr: OcrDocument, part: Part) -> OcrDocument:
    """The part's pages as a document of their own, numbered from 1."""
    chosen = [p for p in ocr.pages if p.number in part.pages]
    return OcrDocument(tuple(replace(p, number=i) for i, p in enumerate(chosen, start=1)))


def _whole(pages: Sequence[OcrPage]) -> list[Part]:
    return [Part(pages[0].number, pages[-1].number, Cause.WHOLE)]


def _runs(pages: Sequence[OcrPage]) -> list[tuple[list[OcrPage], Cause]]:
    """Stretches of pages with ink, split at blank pages (which are dropped)."""
    runs: list[tuple[list[OcrPage], Cause]] = []
    current: list[OcrPage] = []
    for page in pages:
        if page.blank:
            current = []
            continue
        if not current:
            runs.append((current, Cause.AFTER_BLANK if runs else Cause.FIRST))
        current.append(page)
    return runs


def _at_blanks(pages: Sequence[OcrPage]) -> list[Part]:
    return [Part(run[0].number, run[-1].number, cause) for run, cause in _runs(pages)]


def _auto(pages: Sequence[OcrPage]) -> list[Part]:
    parts: list[Part] = []
    for run, cause in _runs(pages):
        start, started_by, evidence = run[0], cause, None
        for prev, page in pairwise(run):
            found = page_start(page)
            if found is not None and not same_number(prev, page):
                parts.append(Part(start.number, prev.number, started_by, evidence))
                start, (started_by, evidence) = page, found
        parts.append(Part(start.number, run[-1].number, started_by, evidence))
    return parts


SPLITTERS: dict[SplitMode, Callable[[Sequence[OcrPage]], list[Part]]] = {
    SplitMode.NONE: _whole,
    SplitMode.BLANK: _at_blanks,
    SplitMode.AUTO: _auto,
}


def page_start(page: OcrPage) -> tuple[Cause, str | None] | None:
    """Whether a page (not the first after a blank) starts a new document, and why."""
    if continues(page):
        return None
    if page.width and page.height / page.width >= RECEIPT_ASPECT:
        return Cause.RECEIPT_SHAPE, None
    doc_type = classify(score_types(DocView(OcrDocument((page,)))))
    title = title_line(page, doc_type)
    return (Cause.TITLE, title) if title is not None else None


def document_number(page: OcrPage) -> str | None:
    """The invoice number (請求番号, No., Invoice #) the page prints, if any."""
    found = Extraction(DocType.INVOICE)
    extract_invoice_number(DocView(OcrDocument((page,))), found)
    return found.get("invoice_number")


def same_number(before: OcrPage, page: OcrPage) -> bool:
    """Two pages printing one document number belong to one document."""
    number = document_number(page)
    return number is not None and number == document_number(before)


def title_line(page: OcrPage, doc_type: DocType) -> str | None:
    """A short line in the title area that names the page's own document type."""
    words = TITLES.get(doc_type, ())
    for line in page.lines:
        if line.bbox[1] > page.height * TITLE_AREA:
            continue
        squashed = "".join(unicodedata.normalize("NFKC", line.text).split()).upper()
        if len(squashed) <= MAX_TITLE_CHARS and any(w in squashed for w in words):
            return line.text
    return None


def continues(page: OcrPage) -> bool:
    """The page says it is not the first of its document (page 2 of 3, 続き)."""
    text = unicodedata.normalize("NFKC", page.text)
    if CONTINUED.search(text):
        return True
    return any(int(m.group(1)) >= 2 for pattern in PAGE_MARKS for m in pattern.finditer(text))
