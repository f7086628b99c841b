"""Till receipts on an 80 mm roll: Japanese レシート / 領収書 (内税 or 外税, ※ for
8% goods, お預り and お釣り) and English store receipts with sales tax."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from synth.content import (
    CENT, LineItem, Receipt, Totals, draw_items, exclusive_totals, inclusive_totals,
)
from synth.document import Document, Json, from_sheets, items_field, rate_key, totals_fields
from synth.fonts import Face
from synth.formats import en_date, ja_date, money, random_date, yen
from synth.layout import Sheet
from synth.names import (
    EN_RECEIPT_GOODS, EN_STORES, JA_BRANCHES, JA_RECEIPT_FOOD, JA_RECEIPT_OTHER,
    JA_STORE_BRANDS, en_company, ja_company,
)

ISSUE_RANGE = (date(2021, 1, 4), date(2026, 10, 30))
ROLL_WIDTH = 80.0
ROLL_DPI = (203, 203, 300)
JA_FACE, JA_SIZE = Face.PGOTHIC, 10.5
WEEKDAYS = "月火水木金土日"
PAYMENTS = ("cash", "cash", "cash", "credit_card", "electronic_money")
JA_PAYMENT_LABELS = {"credit_card": "クレジット", "electronic_money": "電子マネー"}


def _tendered(rng: random.Random, total: Decimal, unit: Decimal) -> Decimal:
    """Cash handed over: the total rounded up to a note, or the exact amount."""
    if rng.random() < 0.15:
        return total
    note = Decimal(rng.choice((1, 5, 10, 20))) * unit
    return (total / note).to_integral_value(rounding=ROUND_CEILING) * note


def draw_ja_receipt(rng: random.Random) -> Receipt:
    brand = rng.choice(JA_STORE_BRANDS)
    vendor = ja_company(rng, name=brand)
    if rng.random() < 0.1:
        vendor = replace(vendor, registration="")
    rates = (Decimal(10), Decimal(8))
    items = draw_items(rng, JA_RECEIPT_FOOD, rng.randint(1, 6), step=rng.choice((1, 10)),
                       rates=rates, max_qty=3)
    items += draw_items(rng, JA_RECEIPT_OTHER, rng.randint(0, 3), step=rng.choice((1, 10)),
                        rates=rates, max_qty=2)
    rng.shuffle(items)
    totals = inclusive_totals(items) if rng.random() < 0.75 else exclusive_totals(items)
    payment = rng.choice(PAYMENTS)
    tendered = _tendered(rng, totals.total, Decimal(1000)) if payment == "cash" else None
    return Receipt("ja", rng.choice(("領収書", "レシート", "", "", "領収証")), vendor,
                   rng.choice(JA_BRANCHES) if rng.random() < 0.85 else "",
                   random_date(rng, *ISSUE_RANGE), f"{rng.randint(7, 22)}:{rng.randint(0, 59):02d}",
                   f"{rng.randint(1, 9999):04d}", tuple(items), totals, "JPY", tendered, payment,
                   rng.choice(("kanji", "slash")))


def draw_en_receipt(rng: random.Random) -> Receipt:
    vendor = en_company(rng, name=rng.choice(EN_STORES))
    rate = Decimal(rng.choice(("6.25", "7", "8.25", "8.875")))
    items = draw_items(rng, EN_RECEIPT_GOODS, rng.randint(1, 6), step=rng.choice((1, 5, 25)),
                       rates=(rate, rate), max_qty=3, cents=True)
    totals = exclusive_totals(items, CENT, ROUND_HALF_UP)
    payment = rng.choice(("cash", "cash", "credit_card"))
    tendered = _tendered(rng, totals.total, Decimal(1)) if payment == "cash" else None
    hour, minute = rng.randint(7, 21), rng.randint(0, 59)
    return Receipt("en", "", vendor, "", random_date(rng, *ISSUE_RANGE),
                   f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
                   f"{rng.randint(1000, 99999)}", tuple(items), totals, "USD", tendered,
                   payment, rng.choice(("us", "us", "iso")))


def _ja_head(s: Sheet, r: Receipt, rng: random.Random) -> None:
    if r.branch and rng.random() < 0.5:
        s.text(f"{r.vendor.name} {r.branch}", align="center", size=14, bold=True)
    else:
        s.text(r.vendor.name, align="center", size=15, bold=True)
        if r.branch:
            s.text(r.branch, align="center", size=11)
    s.gap(1)
    for line in r.vendor.address_lines:
        s.paragraph(line, size=9)
    s.text(f"TEL {r.vendor.phone}", size=9)
    if r.vendor.registration:
        s.text(f"登録番号 {r.vendor.registration}", size=9.5)
    if r.title:
        s.gap(2)
        s.text(r.title, align="center", size=14, bold=True)
    s.gap(2)
    weekday = WEEKDAYS[r.issue_date.weekday()]
    s.text(f"{ja_date(r.issue_date, r.date_style)}({weekday}) {r.time}")
    s.text(f"レジ{rng.randint(1, 8):02d} No.{r.number}")
    s.rule()


def _ja_item(s: Sheet, item: LineItem) -> None:
    name = f"{item.description}{' ※' if item.reduced else ''}"
    if item.quantity == 1:
        s.pair(name, yen(item.amount))
        return
    s.text(name)
    s.pair(f"  {item.quantity}点 × @{item.unit_price:,}", yen(item.amount))


def _ja_taxes(s: Sheet, t: Totals, rng: random.Random) -> bool:
    """The per-rate lines; True when a tax-total line was printed as well."""
    inner = rng.choice(("内消費税等", "内消費税", "内税"))
    for rt in t.rates:
        if t.include_tax:
            s.pair(f"({rt.rate}%対象", f"{yen(rt.taxable)})")
            s.pair(f"({inner} {rt.rate}%", f"{yen(rt.tax)})")
        else:
            s.pair(f"{rt.rate}%対象", yen(rt.taxable))
            s.pair(f"消費税等({rt.rate}%)", yen(rt.tax))
    if len(t.rates) > 1 and (not t.include_tax or rng.random() < 0.5):
        s.pair("内消費税等合計" if t.include_tax else "消費税等合計", yen(t.tax_total))
        return True
    return len(t.rates) == 1


def lay_ja_receipt(r: Receipt, rng: random.Random) -> tuple[Sheet, bool]:
    s = Sheet(ROLL_WIDTH, None, margin=4, face=JA_FACE, size=JA_SIZE)
    _ja_head(s, r, rng)
    for item in r.items:
        _ja_item(s, item)
    s.rule()
    t = r.totals
    if t.subtotal is not None:
        s.pair("小計", yen(t.subtotal))
    elif rng.random() < 0.5:
        s.pair("小計", yen(t.total))  # a gross 小計: printed, but not the truth's subtotal
    if t.include_tax:
        s.pair(rng.choice(("合計", "合計", "合 計", "お買上計")), yen(t.total), size=14, bold=True)
        printed_tax_total = _ja_taxes(s, t, rng)
    else:
        printed_tax_total = _ja_taxes(s, t, rng)
        s.pair("合計", yen(t.total), size=14, bold=True)
    if r.tendered is not None:
        s.pair("お預り", yen(r.tendered))
        s.pair("お釣り", yen(r.tendered - t.total))
    else:
        s.pair(JA_PAYMENT_LABELS[r.payment_method], yen(t.total))
    s.rule()
    if any(i.reduced for i in r.items):
        s.text("※印は軽減税率(8%)適用商品", size=9)
    s.text("お買上げありがとうございました", align="center", size=9)
    return s, printed_tax_total


def lay_en_receipt(r: Receipt, rng: random.Random) -> Sheet:
    s = Sheet(ROLL_WIDTH, None, margin=4, face=Face.MONO, size=9.5)
    s.text(r.vendor.name, align="center", size=13, face=Face.SANS_BOLD)
    for line in (*r.vendor.address_lines, r.vendor.phone):
        s.text(line, align="center")
    s.gap(2)
    s.pair(f"{en_date(r.issue_date, r.date_style)} {r.time}", f"#{r.number}")
    s.rule()
    cur = r.currency
    for item in r.items:
        if item.quantity == 1:
            s.pair(item.description, money(item.amount, cur))
        else:
            s.text(item.description)
            s.pair(f"  {item.quantity} @ {money(item.unit_price, cur)}", money(item.amount, cur))
    s.rule()
    rate = r.totals.rates[0]
    s.pair("Subtotal", money(r.totals.subtotal or 0, cur))
    s.pair(f"Sales Tax {rate_key(rate.rate)}%", money(rate.tax, cur))
    s.pair("TOTAL", money(r.totals.total, cur), size=12, face=Face.SANS_BOLD)
    if r.tendered is not None:
        s.pair("Cash", money(r.tendered, cur))
        s.pair("Change", money(r.tendered - r.totals.total, cur))
    else:
        s.pair(f"VISA ****{rng.randint(1000, 9999)}", money(r.totals.total, cur))
    s.gap(3)
    s.text("Thank you for shopping with us!", align="center")
    return s


def receipt_fields(r: Receipt, tax_total: bool) -> dict[str, Json]:
    fields: dict[str, Json] = {"vendor_name": r.vendor.name}
    if r.branch:
        fields["vendor_branch"] = r.branch
    fields["vendor_address"] = r.vendor.address
    if r.vendor.registration:
        fields["vendor_registration_number"] = r.vendor.registration
    fields |= {"issue_date": r.issue_date.isoformat(), "currency": r.currency,
               **totals_fields(r.totals, tax_total=tax_total),
               "line_items": items_field(r.items), "payment_method": r.payment_method}
    return fields


def ja_receipt(rng: random.Random) -> Document:
    r = draw_ja_receipt(rng)
    sheet, tax_total = lay_ja_receipt(r, rng)
    return from_sheets("ja_receipt", "receipt", [sheet], receipt_fields(r, tax_total),
                       rng.choice(ROLL_DPI))


def en_receipt(rng: random.Random) -> Document:
    r = draw_en_receipt(rng)
    sheet = lay_en_receipt(r, rng)
    return from_sheets("en_receipt", "receipt", [sheet], receipt_fields(r, True),
                       rng.choice(ROLL_DPI))
