"""The total, subtotal and tax of a document, picked among labelled amounts by the
arithmetic a clerk would check: total = subtotal + tax, = tendered - change, = the sum
of the rate amounts, = a pre-rounding total + rounding. Each check that a candidate
passes adds support; the label's strength and where it stands add a little. Amounts
whose label OCR garbled can win on support alone; お預り / お釣り / 前回ご請求額 never
compete (their labels have their own kinds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice, product

from extract.lost_labels import cash_without_labels, parts_above
from extract.money import UNLABELLED, Amount, of_kind
from extract.tax import Breakdown, RateSummary, tax_of

SUPPORT = 2.0  # what one passed cross-check is worth
MAX_RANK = 70
ROUNDING_LIMIT = Decimal(1)  # rounding adjustments are cents; more is a rounded total
DERIVED_BASE = -1.5  # a value no row labels as the total needs two checks to beat one


@dataclass(slots=True)
class Facts:
    """What the cross-checks read: the labelled amounts by kind, in reading order."""

    found: tuple[Amount, ...]
    breakdown: Breakdown
    inclusive: bool | None
    summaries: tuple[RateSummary, ...] = ()
    kinds: dict[str, list[Amount]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in ("total", "subtotal", "tax_total", "tendered", "change", "discount",
                     "rounding"):
            self.kinds[kind] = of_kind(self.found, kind)

    def positive(self, kind: str, limit: int = 6) -> list[Amount]:
        return list(islice((a for a in self.kinds[kind] if a.value > 0), limit))

    @property
    def cash_row(self) -> int | None:
        rows = [a.row for k in ("tendered", "change") for a in self.kinds[k]]
        return min(rows) if rows else None

    @property
    def summary_row(self) -> int | None:
        """The first row of the totals block: a total, subtotal or tax label, else a rate
        row ("8% 3,490 / 10% 1,356 / 4,846" is a totals block whose labels OCR lost)."""
        rows = [a.row for k in ("total", "subtotal", "tax_total") for a in self.kinds[k]]
        return min(rows or self.breakdown.rows, default=None)

    @property
    def body_row(self) -> int:
        """The first row below the header: tendered amounts above it are card numbers."""
        rows = [a.row for k in ("total", "subtotal", "tax_total", "rounding", "discount")
                for a in self.kinds[k]]
        return min(rows, default=0)


Derived = list[tuple[Decimal, Amount]]  # a value the total should be, and its source


def _sub_plus_tax(f: Facts) -> Derived:
    """No tax rate is above 100%: a "tax" larger than the subtotal is a tax number
    (GST ID 862147633888) that a tax label took for an amount."""
    return [(s.value + t.value, s) for s, t in product(f.positive("subtotal"),
                                                        f.positive("tax_total"))
            if t.value < s.value]


def _sub_only(f: Facts) -> Derived:
    if f.inclusive is False or (f.inclusive is None and f.positive("tax_total")):
        return []
    return [(s.value, s) for s in f.positive("subtotal")]


def _sub_less_discount(f: Facts) -> Derived:
    taxes = [Decimal(0)] if f.inclusive is not False else []
    taxes += [t.value for t in f.positive("tax_total")] if f.inclusive is not True else []
    return [(s.value - abs(d.value) + t, s)
            for s, d, t in product(f.positive("subtotal"), f.kinds["discount"][:3], taxes)
            if d.value != 0]


def _paid(f: Facts) -> list[Amount]:
    """Tendered amounts in the summary block (not a card number in the header)."""
    return [p for p in f.positive("tendered", limit=20) if p.row >= f.body_row][:4]


def _tendered_less_change(f: Facts) -> Derived:
    return [(p.value - c.value, p) for p, c in product(_paid(f), f.kinds["change"][:3])
            if c.value >= 0 and p.value > c.value and c.row >= p.row]


def _tendered_exact(f: Facts) -> Derived:
    """Paid by card, or cash with no change row: the amount paid is the total."""
    if any(c.value > 0 for c in f.kinds["change"]):
        return []
    return [(p.value, p) for p in _paid(f)]


def _rate_buckets(f: Facts) -> Derived:
    taxable, tax = f.breakdown.taxable_sum(), f.breakdown.tax_sum()
    first = next((b.taxable for b in f.breakdown.buckets.values() if b.taxable), None)
    if taxable is None or first is None:
        return []
    anchor = Amount("taxable", MAX_RANK, "rate buckets", first[0], -1, 0, 1, True, first[1])
    out = [(taxable, anchor)] if f.inclusive is not False else []
    if tax is not None and f.inclusive is not True:
        out.append((taxable + tax, anchor))
    return out


def _rounded(f: Facts) -> Derived:
    out = [(t.value + r.value, t) for t, r in product(f.positive("total"), f.kinds["rounding"])
           if r.value != 0 and r.row > t.row]
    return out + _not_rounded(f)


ROUNDING_REACH = 2  # rows between a total and the rounding row that adjusts it


def _not_rounded(f: Facts) -> Derived:
    """"Total 9.00 / Rounding Adj 0.00": nothing was rounded off, so the total after
    rounding is the total just above the zero row (a misread "Rounded Total 9.60"
    under it loses). Only with no tax row between them: a total above a tax is a
    subtotal that the label calls a total."""
    out: Derived = []
    for r in f.kinds["rounding"]:
        if r.value != 0:
            continue
        above = [t for t in f.positive("total") if 0 < r.row - t.row <= ROUNDING_REACH
                 and not any(t.row < x.row < r.row for x in f.kinds["tax_total"])]
        out += [(t.value, r) for t in above[-1:]]
    return out


def _row_triple(f: Facts) -> Derived:
    """"Total 24.99 5.00 29.99": net + tax = gross in one row."""
    out: Derived = []
    for a in f.kinds["total"]:
        if a.count >= 3 and a.position == a.count - 1:
            seg = [b for b in f.kinds["total"] if b.row == a.row and b.label == a.label]
            if len(seg) >= 3 and seg[-3].value + seg[-2].value == a.value:
                out.append((a.value, seg[-3]))
    return out


def _tax_summary(f: Facts) -> Derived:
    """The tax summary under the totals ("GST Summary / T @ 6% 9.10 0.55"): the nets
    and their taxes add up to the total."""
    start = f.summary_row or 0
    rows = {(s.net, s.tax): s for s in f.summaries if s.row >= start}
    if not rows:
        return []
    value = sum((net + tax for net, tax in rows), Decimal(0))
    first = min(rows.values(), key=lambda s: s.row)
    return [(value, Amount("taxable", MAX_RANK, "tax summary", first.net, first.row, 0, 1,
                           True, first.evidence))]


DERIVATIONS: dict[str, tuple[Callable[[Facts], Derived], float]] = {
    "subtotal+tax": (_sub_plus_tax, SUPPORT),
    "subtotal": (_sub_only, SUPPORT),
    "subtotal-discount": (_sub_less_discount, SUPPORT),
    "tendered-change": (_tendered_less_change, SUPPORT),
    "tendered": (_tendered_exact, 0.75 * SUPPORT),
    "rate-buckets": (_rate_buckets, SUPPORT),
    "rounded": (_rounded, SUPPORT),
    "row-net+tax=gross": (_row_triple, SUPPORT),
    "tax-summary": (_tax_summary, SUPPORT),
    "cash-rows": (cash_without_labels, SUPPORT),
    "rate-parts": (parts_above, SUPPORT),
}


@dataclass(frozen=True, slots=True)
class Scored:
    amount: Amount
    score: float
    checks: tuple[str, ...]


def _derived(f: Facts) -> dict[str, Derived]:
    return {name: fn(f) for name, (fn, _) in DERIVATIONS.items()}


def _candidates(f: Facts, derived: dict[str, Derived]) -> list[tuple[Amount, float]]:
    """Labelled totals, unlabelled amounts of the summary block, derived values."""
    out = [(a, 3.0 - min(a.rank, MAX_RANK) / 35) for a in f.kinds["total"] if a.value > 0]
    # "Rounding 22.90" is a total after rounding whose label OCR cut short.
    out += [(a, 0.5) for a in f.kinds["rounding"] if a.value >= ROUNDING_LIMIT]
    start, stop = f.summary_row, f.cash_row
    if start is not None:
        stop = stop if stop is not None and stop > start else start + 8
        out += [(a, 0.5) for a in f.found
                if a.kind == UNLABELLED and a.count == 1 and start <= a.row < stop
                and a.value > 0]
    seen = {a.value for a, _ in out}
    for values in derived.values():
        for value, source in values:
            if value > 0 and value not in seen:
                seen.add(value)
                out.append((_as_derived(source, value), DERIVED_BASE))
    return out


def _as_derived(source: Amount, value: Decimal) -> Amount:
    return Amount("derived", MAX_RANK, source.label, value, source.row, 0, 1, True,
                  source.evidence)


# Checks that assume a tax mode: worth half when the document does not say which.
MODE_BOUND = frozenset({"subtotal", "rate-buckets"})


def _weight(check: str, f: Facts) -> float:
    weight = DERIVATIONS[check][1]
    return weight / 2 if check in MODE_BOUND and f.inclusive is None else weight


def _score(a: Amount, base: float, f: Facts, derived: dict[str, Derived]) -> Scored:
    checks = tuple(name for name, values in derived.items()
                   if any(v == a.value and s is not a for v, s in values)
                   and not (name == "rate-buckets" and a.row in f.breakdown.rows))
    score = base + sum(_weight(c, f) for c in checks)
    if f.cash_row is not None and a.row > f.cash_row:
        score -= 1.5  # below the cash rows: a tax summary or a footer
    if a.count > 1 and not a.largest:
        score -= 1.5  # "TOTAL 52.00 3.12": a summary row's tax column
    if _below_subtotal(a.value, f):
        score -= 3.0  # less than the subtotal less every discount: a misread
    return Scored(a, score, checks)


# Checks that name a total on their own; the others (it was paid, the subtotal, the sum
# of the rate amounts, which may miss a rate) only confirm one, or agree with another.
STANDALONE = frozenset({"subtotal+tax", "tendered-change", "row-net+tax=gross",
                        "tax-summary"})


def _stands_alone(checks: tuple[str, ...]) -> bool:
    """Whether a value that no row labels as the total may be taken for it."""
    return len(checks) >= 2 or bool(STANDALONE & set(checks))


def _below_subtotal(value: Decimal, f: Facts) -> bool:
    subs = f.positive("subtotal")
    discounts = sum((abs(d.value) for d in f.kinds["discount"]), Decimal(0))
    return bool(subs) and value < min(s.value for s in subs) - discounts


def _may_win(s: Scored) -> bool:
    """A derived value needs checks that name a total; an amount whose label OCR lost
    needs one check at least (being near the totals is not enough)."""
    if s.amount.kind == "derived":
        return _stands_alone(s.checks)
    return s.amount.kind != UNLABELLED or bool(s.checks)


def pick_total(f: Facts) -> Scored | None:
    derived = _derived(f)
    scored = [_score(a, base, f, derived) for a, base in _candidates(f, derived)]
    scored = [s for s in scored if _may_win(s)]
    return max(scored, key=lambda s: (s.score, s.amount.row, -s.amount.rank), default=None)


def pick_subtotal(f: Facts, total: Decimal | None) -> Amount | None:
    subs = f.positive("subtotal", limit=20)
    if total is not None:
        taxes = {t.value for t in f.positive("tax_total")}
        exact = ([s for s in subs if total - s.value in taxes]
                 or [s for s in subs if s.value == total])
        if exact:
            return exact[-1]
        discounts = sum((abs(d.value) for d in f.kinds["discount"]), Decimal(0))
        subs = [s for s in subs if s.value <= total + discounts]
    return min(subs, key=lambda s: (s.rank, -s.row), default=None)


def pick_tax(f: Facts, total: Decimal | None, sub: Decimal | None) -> Amount | None:
    """The tax that makes subtotal + tax = total; else the strongest tax label on a
    row that names no rate (the sum, not one rate's share)."""
    taxes = [t for t in f.kinds["tax_total"] if total is None or abs(t.value) < total]
    if total is not None and sub is not None:
        exact = [t for t in taxes if sub + abs(t.value) == total]
        if exact:
            return exact[0]
    taxes = [t for t in taxes if t.value >= 0]
    summary = [t for t in taxes if t.row not in f.breakdown.rows]
    rates_taxed = sum(1 for b in f.breakdown.buckets.values() if b.tax)
    if not summary and rates_taxed > 1:
        return None  # one tax per rate and no sum printed: the caller adds them up
    return min(summary or taxes, key=lambda t: (t.rank, t.row), default=None)


def mend_subtotal(f: Facts, best: Scored | None, sub: Amount | None,
                  tax: Amount | None) -> Amount | None:
    """A printed subtotal one digit off the total less the tax ("Subtotal 24.96 / Tax
    8.875% 2.21 / TOTAL 27.11 / Cash 30.00 / Change 2.89"): OCR misread a digit, and the
    total less the tax is the subtotal, when a check of its own confirms the total and
    the rate confirms the tax on that subtotal."""
    if best is None or sub is None or tax is None or not STANDALONE & set(best.checks):
        return None
    net = best.amount.value - abs(tax.value)
    if net <= 0 or not _one_digit_apart(net, sub.value):
        return None
    if not any(abs(tax.value) in tax_of(net, rate, False) for rate in f.breakdown.buckets):
        return None
    source = f"{sub.evidence.source}+cross-check:total-tax"
    return replace(sub, value=net, evidence=replace(sub.evidence, source=source))


def mend_total(f: Facts, best: Scored | None) -> Scored | None:
    """A printed total one digit off subtotal + tax (+ a rounding row under them),
    "Total Sales (Excl. GST) 95.17 / Total GST 5.71 / Rounding 0.02 / Total Sales
    (Incl. GST) 100.80": OCR misread a digit of the total when nothing else confirms it
    and every part of the sum read more surely than it did. The sum is the total. Not
    where prices include the tax (内税): the tax is then inside the subtotal."""
    if best is None or best.checks or best.amount.kind != "total" or f.inclusive is True:
        return None
    total = best.amount
    sums = {sum((p.value for p in parts), Decimal(0)) for parts in _sum_parts(f, total)
            if min(p.evidence.confidence for p in parts) > total.evidence.confidence}
    near = [v for v in sums if v != total.value and _one_digit_apart(v, total.value)]
    if len(near) != 1:
        return None
    return Scored(replace(total, value=near[0]), best.score, ("mended:subtotal+tax",))


def _sum_parts(f: Facts, total: Amount) -> list[tuple[Amount, ...]]:
    """Subtotal and tax printed above the total, and the rounding row between them and
    the total where there is one (the total is then the rounded sum)."""
    out: list[tuple[Amount, ...]] = []
    for s, t in product(f.positive("subtotal"), f.positive("tax_total")):
        if t.value >= s.value or max(s.row, t.row) >= total.row:
            continue
        rounding = [r for r in f.kinds["rounding"] if r.value != 0
                    and abs(r.value) < ROUNDING_LIMIT and max(s.row, t.row) < r.row <= total.row]
        out += [(s, t, r) for r in rounding] if rounding else [(s, t)]
    return out


def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    x, y = format(a, "f"), format(b, "f")
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y, strict=True)) == 1
