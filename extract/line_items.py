"""Line items: the item table read row by row between its header (品名 / 数量 / 金額,
Description / Qty / Amount) and the first totals row. A row is a description on the
left and a run of numbers on the right (quantity, unit price, amount: the amount is the
rightmost); a row of numbers only ("3点 x 100", "2 @ $8.11 $16.22", "単価200") completes
the item above it. A reduced-rate marker (※, *, 軽) makes the item's rate 8%."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from extract.layout import row_view
from extract.labels import MARKER_LEGEND
from extract.money import label_hits
from extract.normalize import find_amounts, find_dates
from extract.regional import is_japanese
from extract.schema import DocType, Evidence, Extraction
from extract.tax import breakdown
from extract.view import DocView, TextLine
from ocr.types import union

HEADER_WORDS = re.compile(
    r"品名|品目|商品名?|摘要|内容|明細|数量|単価|金額|Description|Item|Qty|Quantity|Unit ?Price|"
    r"Price|Amount|Hours|Artikel|Désignation|Menge|Aantal|Bedrag|Montant|Prix", re.IGNORECASE)
END_KINDS = frozenset({"total", "subtotal", "tax_total", "taxable", "tendered", "change",
                       "previous"})
MARKER = re.compile(r"[※＊*★☆]|(?<![減])軽(?![減])")
TIME = re.compile(r"\d{1,2}:\d{2}")
# Characters that may stand between the numbers of a row's right-hand columns.
JUNK = set(" \t|.,:;'\"_-~・、。「」()（）[]※＊*★☆xX×@＠¥￥$€£円点個コ")
QTY_PREFIX = re.compile(r"^\W{0,3}(\d{1,3})\s*(?:点|個|コ)\s*")
# "3点 x 100", "2 @ $8.11": a count, maybe a unit word (OCR may garble it to one
# character), a times sign, the unit price.
QTY_TIMES = re.compile(r"(\d{1,4})\s*(?:点|個|コ|pcs?|PC|\S)?\s*(?:[xX×@＠*][\s\-]*){1,2}[¥￥$€£]?"
                       r"\s*(\d[\d,.]*)")
QTY_ROW = re.compile(r"^\W{0,3}\d{1,4}\s*(?:点|個|コ|pcs?|PC|\S)?\s*[xX×@＠*]\s*[@＠¥￥$€£]?\s*\d")
UNIT_LABEL = re.compile(r"単価\s*[¥￥]?\s*(\d[\d,.]*)")
GUTTER = 1.0
ALIGN = 0.08  # an amount this far (share of page width) off the amount column is no item


@dataclass(slots=True)
class Item:
    description: str
    amount: Decimal | None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    reduced: bool = False
    lines: list[TextLine] = field(default_factory=list)
    right: int = 0  # right edge of the amount, for the column check
    printed: str = ""  # the amount as OCR read it ("$20" for 520)
    counted: bool = False  # the row starts with a count ("3点 塩バターパン")


def _trailing(text: str) -> tuple[int, list[tuple[Decimal, int, int]]]:
    """The run of numbers that ends the line, and where it starts."""
    found = find_amounts(text)
    run: list[tuple[Decimal, int, int]] = []
    end = len(text)
    for value, s, e in reversed(found):
        if any(ch not in JUNK for ch in text[e:end]):
            break
        run.insert(0, (value, s, e))
        end = s
    return (run[0][1] if run else len(text)), run


def _clean(text: str) -> str:
    text = MARKER.sub(" ", text)
    text = QTY_PREFIX.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" \t|.,:;'\"_-~・、。「」([（")
    while text[-1:] in (")", "）", "]") and text.count(text[-1]) > text.count(
            {")": "(", "）": "（", "]": "["}[text[-1]]):
        text = text[:-1].rstrip()  # a closing bracket with no opener is debris
    return text


def _per_unit(amount: Decimal, quantity: Decimal) -> Decimal | None:
    unit = amount / quantity
    return unit if unit == unit.quantize(Decimal("0.01")) else None


def _columns(item: Item, values: list[Decimal]) -> None:
    """Quantity and unit price from the numbers before the amount."""
    amount = item.amount
    if amount is None:
        return
    before = values[:-1]
    if len(before) >= 2 and before[-2] * before[-1] == amount:
        item.quantity, item.unit_price = before[-2], before[-1]
    elif not before or before[-1] == amount:
        item.quantity, item.unit_price = Decimal(1), amount
    elif 0 < before[-1] < 1000 and before[-1] == before[-1].to_integral_value():
        unit = _per_unit(amount, before[-1])
        if unit is not None:
            item.quantity, item.unit_price = before[-1], unit


# Glyphs OCR reads for a digit in a noisy amount ("$20" for 520, "S00" for 500).
DIGIT_LIKE = frozenset("$SsBOoDlI|Zz")


def _mend_amount(item: Item, quantity: Decimal, unit_text: str) -> None:
    """"食パン $20 / 2点 x 260": an amount with a glyph read for a digit is the quantity
    times the unit price when every digit that was read agrees with that product."""
    unit = find_amounts(unit_text)
    if item.amount is None or not unit or quantity <= 0:
        return
    product = quantity * unit[0][0]
    printed = item.printed.replace(",", "")
    want = format(product, "f")
    if (product == item.amount or len(printed) != len(want)
            or not any(ch in DIGIT_LIKE for ch in printed)):
        return
    if all(p == w if p.isdigit() else p in DIGIT_LIKE for p, w in zip(printed, want, strict=True)):
        item.amount = product


def _continuation(item: Item, line: TextLine) -> bool:
    """"3点 x 100", "2 @ $8.11 $16.22", "単価200": the quantity row of the item above."""
    text = line.text
    start, run = _trailing(text)
    if any(ch.isalpha() and ch not in "xX点個コ" for ch in _clean(text[:start])) \
            and not UNIT_LABEL.search(text) and not QTY_ROW.match(text):
        return False
    times, unit = QTY_TIMES.search(text), UNIT_LABEL.search(text)
    if times is None and unit is None:
        return False
    if times is not None:
        item.quantity = Decimal(times.group(1))
        _mend_amount(item, item.quantity, times.group(2))
    last = run[-1] if run else None
    if item.amount is None and last is not None and (times is None or last[1] >= times.end()):
        item.amount = last[0]
        item.right = line.span_bbox(last[1], last[2])[2]
    if item.amount is not None and item.quantity:
        item.unit_price = _per_unit(item.amount, item.quantity)
    elif unit is not None and item.amount is not None:
        price = find_amounts(unit.group(1))
        if price and price[0][0] > 0:
            item.unit_price = price[0][0]
            item.quantity = item.amount / price[0][0]
    item.lines.append(line)
    return True


def _detach(line: TextLine, start: int, run: list[tuple[Decimal, int, int]]
            ) -> tuple[int, list[tuple[Decimal, int, int]]]:
    """Numbers set close after the description belong to it (単 4, Size 2): a column
    stands apart by more than GUTTER line heights."""
    head_end = len(line.text[:start].rstrip())
    if not run or head_end == 0:
        return start, run
    height = max(1, line.bbox[3] - line.bbox[1])
    while len(run) > 1:
        gap = line.span_bbox(run[0][1], run[0][2])[0] - line.span_bbox(head_end - 1, head_end)[2]
        if gap >= GUTTER * height:
            break
        head_end, run = run[0][2], run[1:]
    return (run[0][1] if run else len(line.text)), run


def _item(line: TextLine) -> Item | None:
    text = line.text
    start, run = _detach(line, *_trailing(text))
    head = text[:start]
    description = _clean(head)
    if sum(ch.isalpha() for ch in description) < 1:
        return None
    prefix = QTY_PREFIX.match(head)
    item = Item(description, run[-1][0] if run else None, reduced=bool(MARKER.search(head)),
                lines=[line], counted=prefix is not None)
    if run:
        item.right = line.span_bbox(run[-1][1], run[-1][2])[2]
        item.printed = text[run[-1][1]:run[-1][2]]
        _columns(item, [v for v, _, _ in run])
    if prefix and item.amount is not None and int(prefix.group(1)) > 0:
        item.quantity = Decimal(prefix.group(1))
        item.unit_price = _per_unit(item.amount, item.quantity)
    return item


def _summary(line: TextLine) -> bool:
    """A row that starts with a label (小計, Total, お預り, (8%対象): no item."""
    hits = label_hits(line.text)
    return bool(hits) and not any(ch.isalpha() for ch in line.text[:hits[0].start])


def _ends_table(line: TextLine) -> bool:
    hits = label_hits(line.text)
    return _summary(line) and hits[0].kind in END_KINDS


def _region(rows: DocView) -> tuple[int, int]:
    """The rows between the table header (or the date line) and the totals."""
    header = next((ln.index for ln in rows.lines
                   if len({m.group(0).lower() for m in HEADER_WORDS.finditer(ln.text)}) >= 2),
                  None)
    start = 0 if header is None else header + 1
    if header is None:
        for line in rows.lines:
            if _ends_table(line):
                break
            if find_dates(line.text) or TIME.search(line.text):
                start = line.index + 1
                break
    end = next((ln.index for ln in rows.lines[start:] if _ends_table(ln)), len(rows.lines))
    return start, end


def read_items(view: DocView) -> list[Item]:
    rows = row_view(view)
    start, end = _region(rows)
    items: list[Item] = []
    for line in rows.lines[start:end]:
        if MARKER_LEGEND.search(line.text):
            continue
        if items and _continuation(items[-1], line):
            continue
        if _summary(line) or any(h.kind == "ignore" for h in label_hits(line.text)):
            continue
        item = _item(line)
        if item is None:
            continue
        if items and items[-1].amount is None and item.amount is None:
            items[-1].description += " " + item.description  # a wrapped description
            items[-1].lines.append(line)
            continue
        items.append(item)
    return _uncounted(_aligned([i for i in items if i.amount is not None], view))


# A count that OCR garbled ("1点" read as "Im", "3点" as "3中" or "3m"): a short token of
# Latin letters or a digit and one glyph, before a name in Japanese script.
COUNT_DEBRIS = re.compile(r"^(?:[A-Za-z]{1,2}|\d[^\s\d]?)\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


def _uncounted(items: list[Item]) -> list[Item]:
    """Where the table prints a count before each name and some rows read it, a short
    token of debris that other rows start with is that count."""
    if any(i.counted for i in items):
        for item in items:
            if not item.counted:
                item.description = COUNT_DEBRIS.sub("", item.description, count=1)
    return items


def _aligned(items: list[Item], view: DocView) -> list[Item]:
    """Items whose amount stands in the amount column (not a postcode in the header)."""
    if len(items) < 3:
        return items
    column = median(i.right for i in items)
    width = view.ocr.pages[items[0].lines[0].page - 1].width or 1
    return [i for i in items if abs(i.right - column) <= ALIGN * width]


def _rates(view: DocView, items: list[Item]) -> tuple[str | None, str | None]:
    """The rate of marked (reduced) and of unmarked items."""
    rates = list(breakdown(view).buckets)
    if is_japanese(view):
        return "8", "10" if any(not i.reduced for i in items) and rates != ["8"] else "8"
    if len(rates) == 1:
        return rates[0], rates[0]
    return None, None


def _before_totals(items: list[Item], view: DocView, result: Extraction) -> list[Item]:
    """Totals rows whose labels OCR lost ("en 3,964", "B% IS 3,490") read like items:
    the table ends at the first row under an item that holds the total or the subtotal;
    a row naming a rate is an amount per rate, and on a receipt a negative amount is a
    discount under the items (an invoice lists its 値引 as an item of its own)."""
    sums = {v for v in (result.get("total"), result.get("subtotal")) if v is not None}
    if items and sums:
        first = items[0].lines[0].index
        cut = next((ln.index for ln in row_view(view).lines[first + 1:]
                    if (run := _trailing(ln.text)[1]) and run[-1][0] in sums), None)
        items = [i for i in items if cut is None or i.lines[0].index < cut]
    if len(items) > 1 and result.get("total") is not None:
        items = [i for i in items if i.amount != result.get("total")]
    rate_rows = set(breakdown(view).rows)
    least = Decimal(0) if result.doc_type == DocType.RECEIPT else None
    return [i for i in items if i.amount is not None and (least is None or i.amount >= least)
            and not any(ln.index in rate_rows for ln in i.lines)]


def extract_line_items(view: DocView, result: Extraction) -> None:
    items = _before_totals(read_items(view), view, result)
    if not items:
        return
    reduced, standard = _rates(view, items)
    out = []
    for item in items:
        rate = reduced if item.reduced else standard
        out.append({"description": item.description, "quantity": item.quantity,
                    "unit_price": item.unit_price, "amount": item.amount, "tax_rate": rate})
    lines = [ln for i in items for ln in i.lines]
    evidence = Evidence(lines[0].page, union([ln.bbox for ln in lines]),
                        min(w.confidence for ln in lines for w in ln.words),
                        "layout:item-table")
    result.set("line_items", out, evidence)
