"""What a generated document says, as typed values: line items, per-rate totals and
the arithmetic that makes them agree (tax rounded once per rate, never per line)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from synth.names import Company, Goods, price

YEN = Decimal(1)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal  # percent: 10, 8, 8.875
    reduced: bool = False  # printed with the 軽減税率 mark (※)

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


@dataclass(frozen=True, slots=True)
class RateTotal:
    rate: Decimal
    taxable: Decimal  # as printed on the rate's 対象 line: net, or gross when tax-inclusive
    tax: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    include_tax: bool
    rates: tuple[RateTotal, ...]  # highest rate first, as documents print them
    subtotal: Decimal | None  # the tax-exclusive sum; None when only gross amounts print
    tax_total: Decimal
    total: Decimal


def _by_rate(items: Sequence[LineItem]) -> dict[Decimal, Decimal]:
    sums: dict[Decimal, Decimal] = {}
    for item in items:
        sums[item.rate] = sums.get(item.rate, Decimal(0)) + item.amount
    return dict(sorted(sums.items(), reverse=True))


def exclusive_totals(items: Sequence[LineItem], quantum: Decimal = YEN,
                     rounding: str = ROUND_FLOOR) -> Totals:
    """外税: line amounts are net; tax = R(net of the rate x rate), once per rate."""
    rates = tuple(RateTotal(rate, net, (net * rate / 100).quantize(quantum, rounding))
                  for rate, net in _by_rate(items).items())
    subtotal = sum((r.taxable for r in rates), Decimal(0))
    tax = sum((r.tax for r in rates), Decimal(0))
    return Totals(False, rates, subtotal, tax, subtotal + tax)


def inclusive_totals(items: Sequence[LineItem], quantum: Decimal = YEN) -> Totals:
    """内税: line amounts are gross; tax = floor(gross x rate / (100 + rate)) per rate."""
    rates = tuple(RateTotal(rate, gross,
                            (gross * rate / (100 + rate)).quantize(quantum, ROUND_FLOOR))
                  for rate, gross in _by_rate(items).items())
    total = sum((r.taxable for r in rates), Decimal(0))
    return Totals(True, rates, None, sum((r.tax for r in rates), Decimal(0)), total)


def draw_items(rng: random.Random, goods: Sequence[Goods], count: int, *, step: int,
               rates: tuple[Decimal, Decimal], max_qty: int, cents: bool = False
               ) -> list[LineItem]:
    """count distinct goods; rates = (standard, reduced)."""
    items = []
    for g in rng.sample(list(goods), k=min(count, len(goods))):
        unit = price(rng, g, step)
        if cents:
            unit = (unit / 100).quantize(CENT)
        qty = Decimal(rng.choice([1] * 3 + list(range(1, max_qty + 1))))
        items.append(LineItem(g.name, qty, unit, rates[1] if g.reduced else rates[0],
                              g.reduced))
    return items


@dataclass(frozen=True, slots=True)
class Invoice:
    lang: str  # "ja" or "en"
    title: str
    number: str
    issue_date: date
    due_date: date
    vendor: Company
    customer: Company
    items: tuple[LineItem, ...]
    totals: Totals
    currency: str
    bank_account: str  # the account as printed, "" when none is
    date_style: str


@dataclass(frozen=True, slots=True)
class Receipt:
    lang: str
    title: str  # "領収書", "レシート", "" ...
    vendor: Company  # the brand; registration "" when not printed
    branch: str  # "渋谷店", "" when none
    issue_date: date
    time: str
    number: str
    items: tuple[LineItem, ...]
    totals: Totals
    currency: str
    tendered: Decimal | None  # None for card payments
    payment_method: str  # "cash", "credit_card", "electronic_money"
    date_style: str


@dataclass(frozen=True, slots=True)
class Contract:
    lang: str
    title: str
    parties: tuple[Company, Company]
    contract_date: date
    effective_date: date
    expiry_date: date | None  # None when only a term is printed
    term_months: int
    term_in_years: bool  # printed as 2年間 / two (2) years rather than 24か月間 / months
    auto_renewal: bool
    amount: Decimal | None
    amount_period: str  # "monthly", "yearly", "total"
    jurisdiction: str  # the court (地方裁判所) or the governing law's state
    date_style: str

    @property
    def term(self) -> str:
        """The truth's term: "1 year", "2 years", "24 months"."""
        n, unit = ((self.term_months // 12, "year") if self.term_in_years
                   else (self.term_months, "month"))
        return f"{n} {unit}{'s' if n > 1 else ''}"
