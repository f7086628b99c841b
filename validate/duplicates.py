"""Duplicates: flagged, pointing at the earlier document, never dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import imagehash

from extract.evaluate import norm_text
from validate.registry import Context, rule
from validate.types import Facts, Finding, Prior, Severity

MAX_HASH_DISTANCE = 4  # bits of 64 that may differ between two scans of one page


def _same_number(f: Facts, p: Prior) -> bool:
    reg, number = f.text("vendor_registration_number"), f.text("invoice_number")
    return bool(reg and number and reg == p.registration_number
                and norm_text(number) == norm_text(p.invoice_number))


def _same_vendor_date_total(f: Facts, p: Prior) -> bool:
    vendor, day, total = f.text("vendor_name"), f.date("issue_date"), f.amount("total")
    return bool(vendor and day and total is not None and p.vendor_name
                and norm_text(vendor) == norm_text(p.vendor_name)
                and day == p.issue_date and total == p.total)


def _same_image(f: Facts, p: Prior) -> bool:
    if not f.image_hash or not p.image_hash:
        return False
    distance = imagehash.hex_to_hash(f.image_hash) - imagehash.hex_to_hash(p.image_hash)
    return distance <= MAX_HASH_DISTANCE


MATCHERS: dict[str, tuple[Callable[[Facts, Prior], bool], str, str]] = {
    "registration_and_number": (_same_number, "登録番号と請求番号が同じ",
                                "the same registration and invoice number"),
    "vendor_date_total": (_same_vendor_date_total, "発行者・日付・金額が同じ",
                          "the same vendor, date and total"),
    "image": (_same_image, "画像がほぼ同じ", "a near-identical image"),
}


@rule("duplicates")
def duplicates(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for prior in ctx.priors:
        for how, (matches, ja, en) in MATCHERS.items():
            if matches(facts, prior):
                yield Finding(f"duplicates.{how}", Severity.WARNING, (),
                              f"文書 {prior.id} と重複している可能性があります（{ja}）。",
                              f"Possible duplicate of document {prior.id} ({en}).",
                              ref_document=prior.id)
                break
