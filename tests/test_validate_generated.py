"""Validation on the project's generated set: no false error on correct documents,
and every seeded arithmetic or registration-number error caught."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from validate.config import RulesConfig
from validate.registry import validate
from validate.service import context
from validate.types import Facts, Severity

TODAY = date(2030, 1, 1)  # the generator's dates are all before this


def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    from synth import generate_set

    truth = generate_set(tmp_path_factory.mktemp("v"), count=60, seed=5, degraded=False,
                         kinds=["ja_invoice", "ja_receipt", "en_invoice", "en_receipt"])
    return [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return rows(tmp_path_factory)


def errors(row: dict, fields: dict) -> list[str]:
    result = validate(Facts(row["doc_type"], fields), context(RulesConfig(), today=TODAY))
    return [f.code for f in result.findings if f.severity is Severity.ERROR]


def test_correct_documents_have_no_error_findings(truth: list[dict]) -> None:
    false = {r["file"]: errors(r, r["fields"]) for r in truth}
    assert {k: v for k, v in false.items() if v} == {}


def _bump(value: str, by: int = 1) -> str:
    return str(Decimal(value) + by)


SEEDS = {
    "total": lambda f: {**f, "total": _bump(f["total"])},
    "tax": lambda f: {**f, "tax_breakdown": {
        # +10: a tax one yen off can be the issuer's rounding up, which is allowed
        r: {**e, "tax": _bump(e["tax"], 10)} if "tax" in e else e
        for r, e in f["tax_breakdown"].items()}},
    "item": lambda f: {**f, "line_items": [
        {**f["line_items"][0], "amount": _bump(f["line_items"][0]["amount"])},
        *f["line_items"][1:]]},
    "registration": lambda f: {**f, "vendor_registration_number":
                               f["vendor_registration_number"][:-1]},
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_seeded_error_is_caught(truth: list[dict], seed: str) -> None:
    tried = missed = 0
    for row in truth:
        fields = row["fields"]
        needs = {"total": ("total",), "tax": ("tax_breakdown",), "item": ("line_items",),
                 "registration": ("vendor_registration_number",)}[seed]
        if not all(fields.get(n) for n in needs):
            continue
        if seed == "tax" and not any("tax" in e and "taxable_amount" in e
                                     for e in fields["tax_breakdown"].values()):
            continue
        if seed == "total" and not (fields.get("subtotal") or fields.get("line_items")
                                    or fields.get("tax_breakdown")):
            continue
        tried += 1
        missed += not errors(row, SEEDS[seed](fields))
    assert tried >= 5
    assert missed == 0, f"{missed} of {tried} seeded {seed} errors not caught"
