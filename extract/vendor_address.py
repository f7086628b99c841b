"""The issuer's address: the lines under its name, in their own column, up to the first
phone number, tax number, title or amount."""

from __future__ import annotations

import re

from extract.money import label_hits
from extract.normalize import parse_amount, parse_date
from extract.schema import Evidence, Extraction
from extract.vendor_lines import BRANCH_LINE, HEADER, JP_ADDRESS, LATIN_ADDRESS, PRICE, TITLES
from extract.view import DocView, TextLine
from ocr.types import union


def evidence(lines: list[TextLine], source: str) -> Evidence:
    confidence = min(w.confidence for ln in lines for w in ln.words)
    return Evidence(lines[0].page, union([ln.bbox for ln in lines]), confidence, source)


ADDRESS_STOP = re.compile(
    r"^\(?\+?\d{2,4}\)?[\s\-]?\d{2,4}[\s\-]\d{3,4}$|TEL|FAX|Phone|電話|GST|E-?mail|@|www\.|http|INVOICE|RECEIPT|Date|日付|登録番号|"
    r"^\s*[TF]\s?:|Cashier|No\.?\s?:|\d{1,2}:\d{2}|Company|Site\s?:|Mobile|Whats\s?app",
    re.IGNORECASE)
REG_ROW = re.compile(r"^[\s(（]*(?:Co\.?\s?(?:No|Reg)|Company\s(?:No|Reg)|[A-Za-z0-9\-]*\d"
                     r"[A-Za-z0-9\-]*\s?\)?$)", re.IGNORECASE)
POSTCODE = re.compile(r"〒\s?\d{3}-?\d{4}\s*|^\W*T?\s?\d{3}-\d{4}(?:\s+|$)")  # 〒 read as T
MAX_ADDRESS_ROWS = 5
ADDRESS_CONFIDENCE = 0.45  # a stamp or a smudge under the address is no part of it


PHONE = re.compile(r"(?:ph(?:one)?\b[\s.:\-]*)?\(?\+?\d{2,4}\)?[\s\-]?\d{2,4}[\s\-]\d{3,4}\b",
                   re.IGNORECASE)


def _address_part(line: TextLine) -> tuple[str, bool]:
    """The address text of a line, and whether the address ends on it (a phone number
    or a tax number follows on the same line)."""
    text = POSTCODE.sub("", line.text)
    cut = min((m.start() for p in (ADDRESS_STOP, PHONE, HEADER) for m in [p.search(text)]
               if m), default=len(text))
    words = text[:cut].split()
    while words and not any(ch.isalnum() for ch in words[-1]):
        words.pop()  # trailing OCR debris: "~", "=", "-"
    return " ".join(words).strip(" |"), cut < len(text)


def _address_lines(rows: DocView, name_line: TextLine) -> list[tuple[TextLine, str]]:
    """The lines under the name, up to the first phone / tax number / title line."""
    found: list[tuple[TextLine, str]] = []
    column, dated = name_line, False
    for line in rows.lines[name_line.index + 1:name_line.index + 2 * MAX_ADDRESS_ROWS]:
        if line.page != name_line.page or not _under(line, column) or _mean_confidence(line) < \
                ADDRESS_CONFIDENCE:
            continue
        text, ends = _address_part(line)
        if PRICE.search(line.text) or parse_amount(text) is not None or any(
                h.kind not in ("ignore", "count") for h in label_hits(line.text)):
            break
        if TITLES.match(line.text.strip()):  # "TAX INVOICE" closes the header
            break
        if not found and parse_date(line.text):  # a date alone under the name: no address
            dated = True
            continue
        if not text or REG_ROW.match(text) or BRANCH_LINE.match(text.replace(" ", "")):
            if found or ends:
                break
            continue
        if dated and not found and not (LATIN_ADDRESS.search(text) or JP_ADDRESS.search(text)):
            break  # under the date the receipt's body begins, unless an address follows
        found.append((line, text))
        column = line  # the address block's own column, left-aligned or centred
        if ends or len(found) >= MAX_ADDRESS_ROWS:
            break
    return found


def _mean_confidence(line: TextLine) -> float:
    return sum(w.confidence for w in line.words) / max(1, len(line.words))


def _under(line: TextLine, above: TextLine) -> bool:
    """Below `above` and overlapping it horizontally."""
    x0, _, x1, y1 = above.bbox
    return line.bbox[1] > (above.bbox[1] + y1) / 2 and line.bbox[0] < x1 + 40 \
        and line.bbox[2] > x0 - 40


def read_address(rows: DocView, name_line: TextLine, result: Extraction) -> bool:
    found = _address_lines(rows, name_line)
    if found and any(ch.isdigit() for _, text in found for ch in text):
        result.set("vendor_address", " ".join(text for _, text in found),
                   evidence([ln for ln, _ in found], "layout:address"))
        return True
    return False
