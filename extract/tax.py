"""Consumption tax per rate (10% standard, 8% reduced) and whether the amounts include
tax. A rate row gives the taxable amount (8%対象) and the tax (内税8%, 消費税等); a row whose
label OCR could not read is still taken when its amount is consistent with the tax of
that rate, the cross-check a clerk makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache

from extract.labels import MARKER_LEGEND
from extract.layout import row_view
from extract.money import label_hits, money_in
from extract.normalize import find_dates
from extract.schema import Evidence
from extract.view import DocView, TextLine

# A rate as printed: 10%, 8％, (軽)8%. Before 対象 the % may be missing or read by OCR
# as 9, 96, W or a circled numeral and 対象 as 象 ("89対象", "1096対象", "10W 象",
# "10⑯対象"); before a % sign or its look-alike before 対象, 8 may be read as B or S and
# 10 as 1O ("SW対象").
_PERCENT = r"[%％](?!\s*(?:off|引))"
_PERCENT_LIKE = "[%％96WwＷ\u2460-\u24ff]"


def _before_taisho(least: int) -> str:
    return rf"{_PERCENT_LIKE}{{{least},2}}(?=\s*対?象)"


RATE = re.compile(
    rf"(?<![\d.])(?P<r>10|8)\s*(?:{_PERCENT}|{_before_taisho(0)})"
    rf"|(?<![\w.])(?P<misread>1[OoD]|[BS])\s*(?:{_PERCENT}|{_before_taisho(1)})"
    r"|(?P<reduced>軽減|\(軽\)|（軽）)|(?P<standard>標準)")
RATES = ("10", "8")
# Any other rate (VAT 20%, Sales Tax 6.25%) counts on a row that names a tax.
OTHER_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s*[%％]")
TAX_BLOCK_REACH = 3  # rows around the rate rows where unlabelled rows may belong


@dataclass(slots=True)
class Bucket:
    taxable: tuple[Decimal, Evidence] | None = None
    tax: tuple[Decimal, Evidence] | None = None


@dataclass(slots=True)
class Breakdown:
    buckets: dict[str, Bucket] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # rows that named a rate

    def taxable_sum(self) -> Decimal | None:
        values = [b.taxable[0] for b in self.buckets.values() if b.taxable]
        return sum(values, Decimal(0)) if values else None

    def tax_sum(self) -> Decimal | None:
        values = [b.tax[0] for b in self.buckets.values() if b.tax]
        return sum(values, Decimal(0)) if values else None


def _other_rate(text: str) -> tuple[str, int, int] | None:
    m = OTHER_RATE.search(text)
    if m is None or not any(h.kind == "tax_total" for h in label_hits(text)):
        return None
    value = Decimal(m.group(1).replace(",", "."))
    if not 0 < value < 100:
        return None
    key = format(value.normalize(), "f")
    return key, m.start(), m.end()


def rate_of(text: str) -> tuple[str, int, int] | None:
    m = RATE.search(text)
    if m is None:
        return _other_rate(text)
    if m.group("r"):
        return m.group("r"), m.start(), m.end()
    if m.group("misread"):
        return ("10" if m.group("misread")[0] == "1" else "8"), m.start(), m.end()
    return ("8" if m.group("reduced") else "10"), m.start(), m.end()


def tax_of(taxable: Decimal, rate: str, inclusive: bool) -> set[Decimal]:
    """The tax amounts a taxable amount allows, whatever the rounding (to the yen, or
    to the cent where amounts have cents)."""
    r = Decimal(rate)
    exact = taxable * r / (100 + r) if inclusive else taxable * r / 100
    cents = isinstance(taxable.as_tuple().exponent, int) and taxable.as_tuple().exponent < 0
    quantum = Decimal("0.01") if cents else Decimal(1)
    return {exact.quantize(quantum, rounding=m)
            for m in (ROUND_FLOOR, ROUND_HALF_UP, ROUND_CEILING)}


def consistent(taxable: Decimal, tax: Decimal, rate: str) -> bool:
    return tax in tax_of(taxable, rate, True) or tax in tax_of(taxable, rate, False)


def _read_labelled(line: TextLine, bucket: Bucket, rate: str, rate_end: int) -> bool:
    """The amounts after 対象 / 内税 / 消費税 labels of a rate row; False if it has none.
    An amount between the rate and a tax label is the taxable amount whose 対象 OCR
    lost ("10% TR ¥548,520 消費税¥54,852")."""
    hits = [h for h in label_hits(line.text) if h.kind in ("taxable", "tax_total")]
    if hits and hits[0].kind == "tax_total" and hits[0].start > rate_end:
        before = money_in(line, rate_end, hits[0].start)
        if before and bucket.taxable is None:
            value, s, e = before[-1]
            bucket.taxable = (value, line.evidence(s, e, "rate-row"))
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else len(line.text)
        values = money_in(line, hit.end, stop)
        if not values:
            continue
        value, s, e = values[-1] if hit.kind == "tax_total" else values[0]
        slot = "tax" if hit.kind == "tax_total" else "taxable"
        if getattr(bucket, slot) is None:
            setattr(bucket, slot, (abs(value), line.evidence(s, e, f"label:{hit.text}")))
        last, ls, le = values[-1]
        if slot == "taxable" and len(values) > 1 and bucket.tax is None \
                and consistent(value, last, rate):  # "10%対象 ¥606,200 HRB ¥60,620"
            bucket.tax = (last, line.evidence(ls, le, "cross-check:rate-tax"))
    return bool(hits)


Loose = list[tuple[Decimal, TextLine, int, int]]  # an unlabelled amount near the rate rows


def _read_unlabelled(line: TextLine, rate: str, start: int, bucket: Bucket,
                     loose: Loose) -> None:
    """"10% 1,340" (taxable) or "8% 53" (the tax, if the taxable amount confirms it:
    printed on the row, read already, or an unlabelled amount near the rate rows whose
    label OCR lost, "1,800" above "内税8% 133")."""
    values = money_in(line, start)
    if not values:
        return
    value, s, e = values[-1]
    if (bucket.tax is None and bucket.taxable is not None
            and consistent(bucket.taxable[0], value, rate)):
        bucket.tax = (value, line.evidence(s, e, "cross-check:rate-tax"))
        return
    first, fs, fe = values[0]
    if bucket.taxable is not None:
        return
    if len(values) > 1 and bucket.tax is None and consistent(first, value, rate):
        bucket.taxable = (first, line.evidence(fs, fe, "rate-row"))
        bucket.tax = (value, line.evidence(s, e, "rate-row"))
    elif (base := _base_of(value, rate, loose)) is not None and bucket.tax is None:
        bucket.tax = (value, line.evidence(s, e, "rate-row"))
        bucket.taxable = base
    else:  # the rightmost amount is the column value; what precedes it is label debris
        bucket.taxable = (value, line.evidence(s, e, "rate-row"))


def _base_of(tax: Decimal, rate: str, loose: Loose) -> tuple[Decimal, Evidence] | None:
    """The loose amount that `tax` is the tax of, taken out of `loose` (one use each)."""
    for i, (value, line, s, e) in enumerate(loose):
        if tax < value and consistent(value, tax, rate):
            del loose[i]
            return value, line.evidence(s, e, "cross-check:rate-tax")
    return None


def _loose_amounts(rows: DocView, found: Breakdown) -> Loose:
    """Rows near the rate rows with one amount and no label that OCR could read."""
    if not found.rows:
        return []
    lo, hi = min(found.rows) - TAX_BLOCK_REACH, max(found.rows) + TAX_BLOCK_REACH
    out: Loose = []
    for line in rows.lines[max(0, lo):hi + 1]:
        if line.index in found.rows or label_hits(line.text) or find_dates(line.text):
            continue  # a dated row is a payment record ("paid on 31 March: 4,904.94")
        values = money_in(line)
        if len(values) == 1:
            out.append((values[0][0], line, values[0][1], values[0][2]))
    return out


def _infer_taxable(found: Breakdown, loose: Loose) -> None:
    """A taxable amount whose label OCR garbled: an unlabelled amount near the rate rows
    that the rate's tax confirms (1,260 for 内税8% 93)."""
    for rate, bucket in found.buckets.items():
        if bucket.taxable is not None or bucket.tax is None:
            continue
        for i, (value, line, s, e) in enumerate(loose):
            if bucket.tax[0] in tax_of(value, rate, True):
                bucket.taxable = (value, line.evidence(s, e, "cross-check:rate-tax"))
                del loose[i]
                break


def _read_rate_by_tax(line: TextLine, found: Breakdown) -> None:
    """A rate row whose rate OCR garbled ("BUR ¥79,120 消費税 ¥6,329"): an amount, a tax
    label, and a tax that is the tax of that amount at one rate only (8% here)."""
    hits = [h for h in label_hits(line.text) if h.kind != "ignore"]
    if len(hits) != 1 or hits[0].kind != "tax_total":
        return
    before, after = money_in(line, 0, hits[0].start), money_in(line, hits[0].end)
    if len(before) != 1 or len(after) != 1 or after[0][0] >= before[0][0]:
        return
    (base, bs, be), (tax, ts, te) = before[0], after[0]
    rates = [r for r in RATES if consistent(base, tax, r)]
    if len(rates) != 1 or found.buckets.get(rates[0], Bucket()).taxable is not None:
        return
    found.buckets[rates[0]] = Bucket((base, line.evidence(bs, be, "cross-check:rate-tax")),
                                     (tax, line.evidence(ts, te, "cross-check:rate-tax")))
    found.rows.append(line.index)


def _summary_start(rows: DocView) -> int:
    """The first row labelled as a total or subtotal: rates above it belong to items."""
    for line in rows.lines:
        if any(h.kind in ("total", "subtotal") for h in label_hits(line.text)):
            return line.index
    return 0


@lru_cache(maxsize=8)
def breakdown(view: DocView) -> Breakdown:
    rows = row_view(view)
    found = Breakdown()
    unlabelled: list[tuple[TextLine, str, int]] = []
    first = _summary_start(rows)
    nameless: list[TextLine] = []
    for line in rows.lines:
        rate = rate_of(line.text)
        if rate is None and line.index >= first:
            nameless.append(line)
        if rate is None or MARKER_LEGEND.search(line.text):
            continue
        bucket = found.buckets.setdefault(rate[0], Bucket())
        if _read_labelled(line, bucket, rate[0], rate[2]):
            found.rows.append(line.index)
        elif line.index >= first:
            found.rows.append(line.index)
            unlabelled.append((line, rate[0], rate[2]))
    for line in nameless:
        _read_rate_by_tax(line, found)
    loose = _loose_amounts(rows, found)
    for line, rate, start in unlabelled:
        _read_unlabelled(line, rate, start, found.buckets[rate], loose)
    _infer_taxable(found, loose)
    found.buckets = {r: b for r, b in found.buckets.items() if b.taxable or b.tax}
    return found


def fill_from_total(found: Breakdown, total: Decimal, view: DocView) -> None:
    """On a tax-inclusive receipt the rate amounts add up to the total: the one rate
    still missing its taxable amount gets the rest, if a row near the rates prints it."""
    known = {r: b.taxable[0] for r, b in found.buckets.items() if b.taxable}
    missing = [r for r in RATES if r not in known]
    if len(missing) != 1 or not known or not found.rows:
        return
    rate, rest = missing[0], total - sum(known.values(), Decimal(0))
    bucket = found.buckets.get(rate, Bucket())
    if rest <= 0 or (bucket.tax and bucket.tax[0] not in tax_of(rest, rate, True)):
        return
    rows = row_view(view)
    lo, hi = min(found.rows) - TAX_BLOCK_REACH, max(found.rows) + TAX_BLOCK_REACH
    for line in rows.lines[max(0, lo):hi + 1]:
        if any(h.kind not in ("taxable", "tax_total") for h in label_hits(line.text)):
            continue
        for value, s, e in money_in(line):
            if value == rest:
                bucket.taxable = (value, line.evidence(s, e, "cross-check:total-rest"))
                found.buckets[rate] = bucket
                return


@dataclass(frozen=True, slots=True)
class RateSummary:
    """A row of a tax summary: "SR @ 6% 9.10 0.55" (code, rate, net amount, its tax)."""

    row: int
    net: Decimal
    tax: Decimal
    evidence: Evidence


@lru_cache(maxsize=8)
def rate_summaries(view: DocView) -> tuple[RateSummary, ...]:
    """Rows that print a rate, then two amounts: a net amount and the tax on it at that
    rate (the tax says which is which; a rate row with one amount is no summary)."""
    found: list[RateSummary] = []
    for line in row_view(view).lines:
        m = OTHER_RATE.search(line.text)
        if m is None or MARKER_LEGEND.search(line.text):
            continue
        values = money_in(_colon_as_point(line), m.end())
        if len(values) != 2:
            continue
        rate = format(Decimal(m.group(1).replace(",", ".")).normalize(), "f")
        (net, s, _), (tax, _, e) = values
        if 0 <= tax < net and tax in tax_of(net, rate, False):
            found.append(RateSummary(line.index, net, tax, line.evidence(s, e, "rate-summary")))
    return tuple(found)


COLON_POINT = re.compile(r"(?<![\d:])(\d{1,4}):(\d{2})(?![\d:])")


def _colon_as_point(line: TextLine) -> TextLine:
    """A summary row has no times: "0:57" in it is 0.57 with the point misread."""
    return replace(line, text=COLON_POINT.sub(r"\1.\2", line.text))


INCLUSIVE = re.compile(r"内税|内消費税|税込|\(内|（内|うち消費税|"
                       r"incl(?:\.|uding|usive)?\s*(?:of\s*)?(?:GST|VAT|tax|BTW)|inclusief|TTC|inkl",
                       re.IGNORECASE)
EXCLUSIVE = re.compile(r"外税|税抜|税別|外消費税|"
                       r"excl(?:\.|uding|usive)?\s*(?:of\s*)?(?:GST|VAT|tax|BTW)|exclusief|\bHT\b|"
                       r"zzgl|netto|Sales\s*Tax", re.IGNORECASE)  # US sales tax is added on top


def marked_inclusive(view: DocView) -> bool | None:
    """What the document says of its prices: 内税/税込 (True), 外税/税抜 (False)."""
    inc, exc = bool(INCLUSIVE.search(view.text)), bool(EXCLUSIVE.search(view.text))
    if inc != exc:
        return inc
    return None
