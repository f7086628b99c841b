"""Arithmetic: items sum, subtotal + tax = total, tax per rate rounded once per rate."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from validate.registry import Context, rule
from validate.types import Facts, Finding, RateAmounts, Severity

ROUNDINGS = (ROUND_FLOOR, ROUND_CEILING, ROUND_HALF_UP)  # the issuer's choice


def _unit(value: Decimal) -> Decimal:
    """Round to the currency's unit as printed: yen, or the printed decimals."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 \
        else Decimal(1)


def allowed_taxes(base: Decimal, rate: Decimal, inclusive: bool, unit: Decimal
                  ) -> set[Decimal]:
    exact = base * rate / (100 + rate) if inclusive else base * rate / 100
    return {exact.quantize(unit, rounding=r) for r in ROUNDINGS}


@rule("arithmetic.total")
def total_is_subtotal_plus_tax(facts: Facts, ctx: Context) -> Iterator[Finding]:
    sub, tax, total = facts.amount("subtotal"), facts.amount("tax_total"), facts.amount("total")
    if facts.flag("amounts_include_tax") or None in (sub, tax, total):
        return
    if sub + tax != total:
        yield Finding("arithmetic.total", Severity.ERROR, ("subtotal", "tax_total", "total"),
                      f"小計 {sub} + 消費税 {tax} が合計 {total} と一致しません。",
                      f"Subtotal {sub} + tax {tax} does not equal the total {total}.")


@rule("arithmetic.line_items")
def items_sum(facts: Facts, ctx: Context) -> Iterator[Finding]:
    amounts = [i.amount for i in facts.items()]
    if not amounts or any(a is None for a in amounts):
        return
    inclusive = facts.flag("amounts_include_tax")
    target_name = "total" if inclusive or facts.amount("subtotal") is None else "subtotal"
    target = facts.amount(target_name)
    got = sum(amounts, Decimal(0))
    if target is not None and got != target:
        yield Finding("arithmetic.line_items", Severity.ERROR, ("line_items", target_name),
                      f"明細の合計 {got} が{'合計' if target_name == 'total' else '小計'} "
                      f"{target} と一致しません。",
                      f"Line items sum to {got}, not the {target_name} {target}.")


@rule("arithmetic.rate_tax")
def tax_per_rate(facts: Facts, ctx: Context) -> Iterator[Finding]:
    inclusive = bool(facts.flag("amounts_include_tax"))
    for rate, entry in facts.breakdown().items():
        if entry.taxable_amount is None or entry.tax is None:
            continue
        unit = _unit(entry.tax)
        if entry.tax in allowed_taxes(entry.taxable_amount, rate, inclusive, unit):
            continue
        yield _rate_finding(facts, rate, entry, inclusive, unit)


def _rate_finding(facts: Facts, rate: Decimal, entry: RateAmounts, inclusive: bool,
                  unit: Decimal) -> Finding:
    per_line = _per_line_sum(facts, rate, inclusive, unit)
    if per_line is not None and entry.tax in per_line:
        return Finding("arithmetic.per_line_rounding", Severity.WARNING, ("tax_breakdown",),
                       f"{rate}% の消費税が明細ごとの端数処理で計算されています"
                       "（インボイス制度では税率ごとに1回）。",
                       f"The {rate}% tax was rounded per line; the invoice rules require "
                       "rounding once per rate.")
    return Finding("arithmetic.rate_tax", Severity.ERROR, ("tax_breakdown",),
                   f"{rate}% 対象 {entry.taxable_amount} に対する消費税 {entry.tax} "
                   "が税率と合いません。",
                   f"Tax {entry.tax} does not match {rate}% of {entry.taxable_amount}.")


def _per_line_sum(facts: Facts, rate: Decimal, inclusive: bool, unit: Decimal
                  ) -> set[Decimal] | None:
    lines = [i.amount for i in facts.items() if i.tax_rate == rate and i.amount is not None]
    if len(lines) < 2:
        return None
    sums = set()
    for rounding in ROUNDINGS:
        exact = [a * rate / ((100 + rate) if inclusive else 100) for a in lines]
        sums.add(sum((e.quantize(unit, rounding=rounding) for e in exact), Decimal(0)))
    return sums


@rule("arithmetic.breakdown_total")
def breakdown_adds_up(facts: Facts, ctx: Context) -> Iterator[Finding]:
    breakdown = facts.breakdown()
    taxes = [e.tax for e in breakdown.values()]
    tax_total = facts.amount("tax_total")
    if breakdown and tax_total is not None and None not in taxes and \
            sum(taxes, Decimal(0)) != tax_total:
        yield Finding("arithmetic.breakdown_total", Severity.ERROR,
                      ("tax_breakdown", "tax_total"),
                      f"税率ごとの消費税の合計が消費税額 {tax_total} と一致しません。",
                      f"The taxes per rate do not add up to the tax total {tax_total}.")
