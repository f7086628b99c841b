"""Invoices: Japanese 請求書 (外税, 10% and ※8% lines, 振込先) and English invoices in
USD or EUR. Each kind draws its content, lays out an A4 page and states its truth."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from synth.content import CENT, Invoice, draw_items, exclusive_totals
from synth.document import Document, Json, from_sheets, items_field, rate_key, totals_fields
from synth.fonts import Face
from synth.formats import add_months, en_date, ja_date, money, month_end, random_date, yen
from synth.layout import A4, Column, Rect, Sheet
from synth.names import (
    BANK_BRANCHES, BANKS, EN_INVOICE_GOODS, JA_INVOICE_GOODS, JA_REDUCED_GOODS, en_company,
    ja_company, pair_of,
)

ISSUE_RANGE = (date(2021, 1, 4), date(2026, 10, 30))
STANDARD, REDUCED = Decimal(10), Decimal(8)
US_SALES_TAX = ("6.25", "7", "7.25", "8", "8.25", "8.875", "10")
EU_VAT = ("19", "20", "21")
A4_DPI = (200, 200, 200, 300)


def _invoice_number(rng: random.Random, issue: date) -> str:
    n = rng.randint(1, 9999)
    return rng.choice((f"INV-{issue:%Y%m}-{n:04d}", f"{issue:%Y%m%d}-{n % 1000:03d}",
                       f"{rng.randint(100000, 999999)}", f"SI{issue:%y}{n:05d}"))


def _due(rng: random.Random, issue: date) -> date:
    if rng.random() < 0.7:
        return month_end(add_months(issue, 1))  # 月末締め翌月末払い
    return issue + timedelta(days=30)


def draw_ja_invoice(rng: random.Random) -> Invoice:
    vendor, customer = pair_of(lambda: ja_company(rng), lambda c: c.name)
    issue = random_date(rng, *ISSUE_RANGE)
    items = draw_items(rng, JA_INVOICE_GOODS, rng.randint(1, 5), step=rng.choice((1, 10, 100)),
                       rates=(STANDARD, REDUCED), max_qty=5)
    if rng.random() < 0.45:
        items += draw_items(rng, JA_REDUCED_GOODS, rng.randint(1, 3), step=rng.choice((1, 10)),
                            rates=(STANDARD, REDUCED), max_qty=30)
        rng.shuffle(items)
    bank = (f"{rng.choice(BANKS)} {rng.choice(BANK_BRANCHES)} "
            f"{rng.choice(('普通', '普通', '当座'))} {rng.randint(1000000, 9999999)}")
    return Invoice("ja", rng.choice(("請求書", "請求書", "御請求書")), _invoice_number(rng, issue),
                   issue, _due(rng, issue), vendor, customer, tuple(items),
                   exclusive_totals(items), "JPY", bank,
                   rng.choice(("kanji", "kanji", "slash", "wareki")))


def draw_en_invoice(rng: random.Random) -> Invoice:
    euro = rng.random() < 0.35
    currency = "EUR" if euro else "USD"
    vendor, customer = pair_of(lambda: en_company(rng, euro), lambda c: c.name)
    issue = random_date(rng, *ISSUE_RANGE)
    rate = Decimal(rng.choice(EU_VAT if euro else US_SALES_TAX))
    items = draw_items(rng, EN_INVOICE_GOODS, rng.randint(1, 5), step=rng.choice((1, 25, 100)),
                       rates=(rate, rate), max_qty=6, cents=True)
    styles = ("dmy_long", "eu", "iso") if euro else ("long", "long", "us", "iso")
    return Invoice("en", rng.choice(("INVOICE", "Invoice", "TAX INVOICE")),
                   _invoice_number(rng, issue), issue, _due(rng, issue),
                   vendor, customer, tuple(items),
                   exclusive_totals(items, CENT, ROUND_HALF_UP), currency, "",
                   rng.choice(styles))


def _ja_header(s: Sheet, inv: Invoice, due_on_top: bool) -> None:
    s.text(inv.title, align="center", size=22, bold=True)
    s.gap(3)
    s.text(f"請求番号：{inv.number}", align="right")
    s.text(f"請求日：{ja_date(inv.issue_date, inv.date_style)}", align="right")
    if due_on_top:
        s.text(f"お支払期限：{ja_date(inv.due_date, inv.date_style)}", align="right")
    s.gap(4)
    top = s.y
    s.text(f"{inv.customer.name} 御中", size=14)
    s.rule(x1=s.left + 95, width=0.35)
    s.gap(2)
    s.text("下記のとおりご請求申し上げます。")
    s.gap(3)
    box_top = s.y - 1.5
    s.cells([("ご請求金額", s.left + 3, "left"),
             (f"{yen(inv.totals.total)}-", s.left + 92, "right")], size=15, bold=True)
    s.shapes.append(Rect(s.left, box_top, s.left + 95, s.y, 0.5))
    left_end, s.y = s.y, top
    x = s.left + 108
    s.text(inv.vendor.name, x=x, size=12.5)
    for line in (inv.vendor.postal, *inv.vendor.address_lines, f"TEL {inv.vendor.phone}",
                 f"登録番号：{inv.vendor.registration}"):
        s.text(line, x=x, size=9.5)
    s.y = max(left_end, s.y) + 6


def _ja_summary(s: Sheet, inv: Invoice) -> None:
    x0 = s.left + 100
    s.gap(2)
    s.pair("小計", yen(inv.totals.subtotal or 0), x0=x0)
    s.pair("消費税", yen(inv.totals.tax_total), x0=x0)
    s.pair("合計", yen(inv.totals.total), x0=x0, size=12, bold=True)
    s.rule(x0=x0, width=0.3)
    for r in inv.totals.rates:
        s.cells([(f"{r.rate}%対象", x0 - 8, "left"), (yen(r.taxable), x0 + 36, "right"),
                 ("消費税", x0 + 42, "left"), (yen(r.tax), s.right, "right")], size=9.5)


def _ja_footer(s: Sheet, inv: Invoice, due_on_top: bool) -> None:
    s.gap(8)
    s.text("【お振込先】", bold=True)
    s.text(inv.bank_account, x=s.left + 4)
    s.text(f"口座名義：{inv.vendor.name}", x=s.left + 4)
    if not due_on_top:
        s.text(f"お支払期限：{ja_date(inv.due_date, inv.date_style)}", x=s.left + 4)
    s.gap(3)
    s.text("※恐れ入りますが、振込手数料は貴社にてご負担くださいますようお願い申し上げます。",
           size=9)


def lay_ja_invoice(inv: Invoice, rng: random.Random) -> Sheet:
    s = Sheet(*A4, margin=18, face=Face.PGOTHIC, size=10.5)
    due_on_top = rng.random() < 0.5
    _ja_header(s, inv, due_on_top)
    rows = [[f"{i.description}{' ※' if i.reduced else ''}", f"{i.quantity}",
             f"{i.unit_price:,}", f"{i.amount:,}"] for i in inv.items]
    rows += [["", "", "", ""]] * rng.randint(0, 3)
    s.table([Column("品名", 92), Column("数量", 18, "right"), Column("単価", 30, "right"),
             Column("金額", 34, "right")], rows)
    if any(i.reduced for i in inv.items):
        s.gap(1)
        s.text("※は軽減税率（8%）対象品目です。", size=9)
    _ja_summary(s, inv)
    _ja_footer(s, inv, due_on_top)
    return s


def _en_header(s: Sheet, inv: Invoice) -> None:
    top = s.y
    s.text(inv.vendor.name, size=14, face=Face.SANS_BOLD)
    for line in (*inv.vendor.address_lines, f"Phone: {inv.vendor.phone}"):
        s.text(line, size=9.5)
    left_end, s.y = s.y, top
    s.text(inv.title, align="right", size=24, face=Face.SANS_BOLD)
    s.gap(2)
    for label, value in (("Invoice #", inv.number),
                         ("Date", en_date(inv.issue_date, inv.date_style)),
                         ("Due Date", en_date(inv.due_date, inv.date_style))):
        s.cells([(f"{label}:", s.right - 70, "left"), (value, s.right, "right")])
    s.y = max(left_end, s.y) + 8
    s.text("Bill To:", face=Face.SANS_BOLD)
    for line in (inv.customer.name, *inv.customer.address_lines):
        s.text(line, x=s.left + 2)
    s.gap(6)


def lay_en_invoice(inv: Invoice, rng: random.Random) -> Sheet:
    s = Sheet(*A4, margin=20, face=Face.SANS, size=10)
    _en_header(s, inv)
    cur = inv.currency
    rows = [[i.description, f"{i.quantity}", money(i.unit_price, cur), money(i.amount, cur)]
            for i in inv.items]
    s.table([Column("Description", 90), Column("Qty", 16, "right"),
             Column("Unit Price", 32, "right"), Column("Amount", 32, "right")], rows)
    x0 = s.right - 80
    s.gap(3)
    rate = inv.totals.rates[0]
    label = "VAT" if cur == "EUR" else rng.choice(("Tax", "Sales Tax"))
    s.pair("Subtotal", money(inv.totals.subtotal or 0, cur), x0=x0)
    s.pair(f"{label} ({rate_key(rate.rate)}%)", money(rate.tax, cur), x0=x0)
    s.rule(x0=x0, width=0.3)
    s.pair("Total Due" if rng.random() < 0.7 else "Total", money(inv.totals.total, cur),
           x0=x0, size=12, face=Face.SANS_BOLD)
    s.gap(12)
    s.text(f"Payment terms: due by {en_date(inv.due_date, inv.date_style)}.", size=9.5)
    s.text("Thank you for your business!", size=9.5)
    return s


def invoice_fields(inv: Invoice) -> dict[str, Json]:
    fields: dict[str, Json] = {"vendor_name": inv.vendor.name,
                               "vendor_address": inv.vendor.address}
    if inv.vendor.registration:
        fields["vendor_registration_number"] = inv.vendor.registration
    fields |= {"customer_name": inv.customer.name, "issue_date": inv.issue_date.isoformat(),
               "currency": inv.currency, **totals_fields(inv.totals),
               "line_items": items_field(inv.items)}
    if inv.bank_account:
        fields["payment_method"] = "bank_transfer"
    fields |= {"invoice_number": inv.number, "due_date": inv.due_date.isoformat()}
    if inv.bank_account:
        fields["bank_account"] = inv.bank_account
    return fields


def ja_invoice(rng: random.Random) -> Document:
    inv = draw_ja_invoice(rng)
    sheet = lay_ja_invoice(inv, rng)
    return from_sheets("ja_invoice", "invoice", [sheet], invoice_fields(inv), rng.choice(A4_DPI))


def en_invoice(rng: random.Random) -> Document:
    inv = draw_en_invoice(rng)
    sheet = lay_en_invoice(inv, rng)
    return from_sheets("en_invoice", "invoice", [sheet], invoice_fields(inv), rng.choice(A4_DPI))

