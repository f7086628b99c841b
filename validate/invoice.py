"""インボイス制度: the registration number, the items a 適格請求書 must show, and
the invoice class that the export uses to pick the tax category."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from extract.normalize import registration_check_digit_ok
from validate.registry import Context, rule
from validate.types import Facts, Finding, InvoiceClass, Severity

REGISTRATION = re.compile(r"T\d{13}")


@rule("invoice.registration_number")
def registration_number(facts: Facts, ctx: Context) -> Iterator[Finding]:
    number = facts.text("vendor_registration_number")
    if number is None:
        return
    if not REGISTRATION.fullmatch(number):
        yield Finding("invoice.registration_format", Severity.ERROR,
                      ("vendor_registration_number",),
                      f"登録番号 {number} は「T + 13桁」の形式ではありません。",
                      f"Registration number {number} is not 'T' + 13 digits.")
    elif not registration_check_digit_ok(number):
        # Sole proprietors' numbers may not follow the 法人番号 check digit.
        yield Finding("invoice.registration_check_digit", Severity.WARNING,
                      ("vendor_registration_number",),
                      f"登録番号 {number} のチェックディジットが法人番号の規則と合いません。"
                      "公表サイトで確認してください。",
                      f"Registration number {number} fails the corporate-number check digit; "
                      "confirm it on the NTA publication site.")


# The six items of a 適格請求書 (消費税法57条の4), each a test on the facts.
Check = Callable[[Facts], bool]
QUALIFIED_ITEMS: dict[str, tuple[tuple[str, ...], str, Check]] = {
    "issuer": (("vendor_name", "vendor_registration_number"), "発行者名と登録番号",
               lambda f: bool(f.text("vendor_name") and f.text("vendor_registration_number"))),
    "date": (("issue_date",), "取引年月日", lambda f: f.date("issue_date") is not None),
    "description": (("line_items",), "取引内容", lambda f: bool(f.items())),
    "amount_per_rate": (("tax_breakdown",), "税率ごとの対価の額と税率",
                        lambda f: any(e.taxable_amount is not None
                                      for e in f.breakdown().values())),
    "tax_per_rate": (("tax_breakdown",), "税率ごとの消費税額",
                     lambda f: any(e.tax is not None for e in f.breakdown().values())),
    "recipient": (("customer_name",), "交付を受ける者の名称",
                  lambda f: f.text("customer_name") is not None),
}
# 適格簡易請求書: the recipient may be left out, and the tax or the rate is enough.
SIMPLIFIED_ITEMS = ("issuer", "date", "description")


def _missing(facts: Facts, keys: tuple[str, ...] | list[str]) -> list[str]:
    return [k for k in keys if not QUALIFIED_ITEMS[k][2](facts)]


def _rate_or_tax(facts: Facts) -> bool:
    return bool(facts.breakdown()) or facts.amount("tax_total") is not None


def classify(facts: Facts) -> InvoiceClass:
    if facts.doc_type not in ("invoice", "receipt"):
        return InvoiceClass.UNKNOWN
    if facts.text("vendor_registration_number") is None:
        return InvoiceClass.NOT_QUALIFIED
    if not _missing(facts, list(QUALIFIED_ITEMS)):
        return InvoiceClass.QUALIFIED
    if facts.doc_type == "receipt" and not _missing(facts, SIMPLIFIED_ITEMS) \
            and _rate_or_tax(facts):
        return InvoiceClass.SIMPLIFIED
    return InvoiceClass.NOT_QUALIFIED


@rule("invoice.required_items")
def required_items(facts: Facts, ctx: Context) -> Iterator[Finding]:
    """A document that carries a registration number but not what its class needs."""
    if facts.doc_type not in ("invoice", "receipt") or \
            facts.text("vendor_registration_number") is None:
        return
    if classify(facts) is not InvoiceClass.NOT_QUALIFIED:
        return
    keys = list(QUALIFIED_ITEMS) if facts.doc_type == "invoice" else list(SIMPLIFIED_ITEMS)
    missing = _missing(facts, keys)
    if facts.doc_type == "receipt" and not _rate_or_tax(facts):
        missing.append("tax_per_rate")
    names_ja = "、".join(QUALIFIED_ITEMS[k][1] for k in missing)
    fields = tuple(dict.fromkeys(f for k in missing for f in QUALIFIED_ITEMS[k][0]))
    kind_ja = "適格請求書" if facts.doc_type == "invoice" else "適格簡易請求書"
    yield Finding("invoice.required_items", Severity.WARNING, fields,
                  f"{kind_ja}の記載事項が読み取れません: {names_ja}。",
                  f"Items a qualified invoice must show were not found: {', '.join(missing)}.")
