"""Every rule with documents that pass it and documents that fail it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from validate.config import RulesConfig, RulesConfigError, RuleSetting, load_rules
from validate.registry import RULES, validate
from validate.service import context
from validate.types import Facts, InvoiceClass, Prior, Severity

TODAY = date(2026, 11, 24)


def qualified_invoice(**overrides) -> dict:
    values = {
        "vendor_name": "株式会社青葉企画", "vendor_registration_number": "T7010705000725",
        "customer_name": "山田商事株式会社", "issue_date": "2026-10-31", "due_date": "2026-11-30",
        "invoice_number": "INV-0042", "amounts_include_tax": False,
        "subtotal": "15000", "tax_total": "1400", "total": "16400",
        "tax_breakdown": {"10": {"taxable_amount": "10000", "tax": "1000"},
                          "8": {"taxable_amount": "5000", "tax": "400"}},
        "line_items": [{"description": "デザイン料", "amount": "10000", "tax_rate": "10"},
                       {"description": "※菓子折", "amount": "5000", "tax_rate": "8"}],
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def run(values: dict, doc_type: str = "invoice", priors: tuple[Prior, ...] = (),
        config: RulesConfig | None = None, **facts):
    return validate(Facts(doc_type, values, **facts),
                    context(config or RulesConfig(), priors, today=TODAY))


def codes(values: dict, doc_type: str = "invoice", **kw) -> set[str]:
    return {f.code for f in run(values, doc_type, **kw).findings}


def test_a_correct_qualified_invoice_has_no_findings() -> None:
    result = run(qualified_invoice())
    assert result.findings == ()
    assert result.invoice_class is InvoiceClass.QUALIFIED
    assert not result.needs_review


@pytest.mark.parametrize(("overrides", "code"), [
    ({"total": "16500"}, "arithmetic.total"),
    ({"subtotal": "14000"}, "arithmetic.total"),
    ({"line_items": [{"description": "a", "amount": "9000", "tax_rate": "10"},
                     {"description": "b", "amount": "5000", "tax_rate": "8"}]},
     "arithmetic.line_items"),
    ({"tax_breakdown": {"10": {"taxable_amount": "10000", "tax": "1100"},
                        "8": {"taxable_amount": "5000", "tax": "400"}}}, "arithmetic.rate_tax"),
    ({"tax_total": "1500", "total": "16500"}, "arithmetic.breakdown_total"),
    ({"vendor_registration_number": "T701070500072"}, "invoice.registration_format"),
    ({"vendor_registration_number": "T7010705000724"}, "invoice.registration_check_digit"),
    ({"issue_date": "2027-01-05", "due_date": "2027-02-05"}, "dates.future"),
    ({"due_date": "2026-10-01"}, "dates.due_before_issue"),
])
def test_seeded_errors_are_caught(overrides: dict, code: str) -> None:
    result = run(qualified_invoice(**overrides))
    assert code in {f.code for f in result.findings}
    assert result.needs_review


def test_published_registration_numbers_pass_the_check_digit() -> None:
    for number in ("T7010705000725", "T4011001098993", "T2120901007402"):
        assert "invoice.registration_check_digit" not in codes(
            qualified_invoice(vendor_registration_number=number))


def test_check_digit_mismatch_is_only_a_warning() -> None:
    finding = next(f for f in run(qualified_invoice(
        vendor_registration_number="T7010705000724")).findings)
    assert finding.severity is Severity.WARNING


@pytest.mark.parametrize("tax", ["333", "334"])  # 3333 x 10% = 333.3: floor, ceil, half-up
def test_tax_rounding_once_per_rate_accepts_the_issuers_choice(tax: str) -> None:
    values = qualified_invoice(
        subtotal="3333", tax_total=tax, total=str(3333 + int(tax)),
        tax_breakdown={"10": {"taxable_amount": "3333", "tax": tax}},
        line_items=[{"description": "a", "amount": "3333", "tax_rate": "10"}])
    assert codes(values) == set()


def test_per_line_rounding_is_flagged() -> None:
    # 3 lines of 105 at 10%: per line 10 + 10 + 10 = 30; once per rate: 31 or 32
    items = [{"description": f"品{i}", "amount": "105", "tax_rate": "10"} for i in range(3)]
    values = qualified_invoice(
        subtotal="315", tax_total="30", total="345", line_items=items,
        tax_breakdown={"10": {"taxable_amount": "315", "tax": "30"}})
    found = {f.code: f for f in run(values).findings}
    assert "arithmetic.per_line_rounding" in found
    assert "arithmetic.rate_tax" not in found


def test_tax_inclusive_receipt_checks_gross_times_rate_over_100_plus_rate() -> None:
    receipt = {"vendor_name": "オーブンテラス", "vendor_registration_number": "T7010705000725",
               "issue_date": "2026-06-11", "total": "1378", "amounts_include_tax": True,
               "tax_breakdown": {"8": {"taxable_amount": "1260", "tax": "93"},
                                 "10": {"taxable_amount": "118", "tax": "10"}},
               "line_items": [{"description": "パン", "amount": "1260", "tax_rate": "8"},
                              {"description": "袋", "amount": "118", "tax_rate": "10"}]}
    result = run(receipt, "receipt")
    assert result.findings == ()
    assert result.invoice_class is InvoiceClass.SIMPLIFIED
    wrong = dict(receipt, tax_breakdown={"8": {"taxable_amount": "1260", "tax": "100"}})
    assert "arithmetic.rate_tax" in codes(wrong, "receipt")


@pytest.mark.parametrize(("doc_type", "overrides", "expected"), [
    ("invoice", {}, InvoiceClass.QUALIFIED),
    ("invoice", {"customer_name": None}, InvoiceClass.NOT_QUALIFIED),
    ("invoice", {"vendor_registration_number": None}, InvoiceClass.NOT_QUALIFIED),
    ("receipt", {"customer_name": None}, InvoiceClass.SIMPLIFIED),
    ("receipt", {"customer_name": None, "tax_breakdown": None, "tax_total": None,
                 "subtotal": None, "amounts_include_tax": None}, InvoiceClass.NOT_QUALIFIED),
    ("contract", {}, InvoiceClass.UNKNOWN),
])
def test_invoice_class(doc_type: str, overrides: dict, expected: InvoiceClass) -> None:
    assert run(qualified_invoice(**overrides), doc_type).invoice_class is expected


def test_missing_required_items_are_named() -> None:
    finding = next(f for f in run(qualified_invoice(customer_name=None)).findings
                   if f.code == "invoice.required_items")
    assert "customer_name" in finding.fields
    assert "交付を受ける者" in finding.message_ja


def _prior(**kw) -> Prior:
    base = dict(id=7, registration_number=None, invoice_number=None, vendor_name=None,
                issue_date=None, total=None, image_hash=None)
    return Prior(**(base | kw))


@pytest.mark.parametrize(("prior", "code"), [
    (_prior(registration_number="T7010705000725", invoice_number="inv-0042"),
     "duplicates.registration_and_number"),
    (_prior(vendor_name="株式会社 青葉企画", issue_date=date(2026, 10, 31),
            total=Decimal("16400")), "duplicates.vendor_date_total"),
    (_prior(image_hash="c3c3c3c3c3c3c3c3"), "duplicates.image"),
])
def test_duplicates_point_at_the_earlier_document(prior: Prior, code: str) -> None:
    result = run(qualified_invoice(), priors=(prior,), image_hash="c3c3c3c3c3c3c3c2")
    found = [f for f in result.findings if f.code == code]
    assert found and found[0].ref_document == 7
    assert found[0].to_dict()["document_id"] == 7


def test_a_different_document_is_not_a_duplicate() -> None:
    prior = _prior(registration_number="T7010705000725", invoice_number="INV-0041",
                   vendor_name="株式会社青葉企画", issue_date=date(2026, 9, 30),
                   total=Decimal("16400"), image_hash="0f0f0f0f0f0f0f0f")
    assert run(qualified_invoice(), priors=(prior,), image_hash="c3c3c3c3c3c3c3c3"
               ).findings == ()


def test_scan_quality_and_input_deadline() -> None:
    found = codes(qualified_invoice(), page_dpis=(150,), received_on=date(2027, 1, 20))
    assert {"quality.resolution", "quality.input_deadline"} <= found
    assert codes(qualified_invoice(), page_dpis=(300,), received_on=date(2026, 11, 2)) == set()


def test_stamp_duty_note_on_large_receipts_only() -> None:
    big = run({"total": "55000", "issue_date": "2026-10-01"}, "receipt").findings
    assert [f.severity for f in big if f.code == "receipts.stamp_duty"] == [Severity.INFO]
    assert "receipts.stamp_duty" not in codes({"total": "49999", "issue_date": "2026-10-01"},
                                              "receipt")


def test_low_confidence_and_missing_fields_send_to_review() -> None:
    result = run({"total": "1000", "issue_date": "2026-10-01"}, "receipt",
                 confidence={"total": 0.3, "issue_date": 0.95})
    assert "confidence.low" in {f.code for f in result.findings}
    assert result.needs_review
    assert "confidence.missing" in codes({"issue_date": "2026-10-01"}, "receipt")


def test_rules_can_be_disabled_and_reweighted(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  dates.due_before_issue: {enabled: false}\n"
                    "  arithmetic.total: {severity: warning}\nconfidence_threshold: 0.5\n",
                    encoding="utf-8")
    config = load_rules(path, set(RULES))
    assert config.setting("dates.due_before_issue") == RuleSetting(enabled=False)
    result = run(qualified_invoice(due_date="2026-10-01", total="16500"), config=config)
    assert {f.code: f.severity for f in result.findings} == {
        "arithmetic.total": Severity.WARNING}


@pytest.mark.parametrize("text", ["rules: [1, 2", "rules:\n  no.such.rule: {}\n",
                                  "confidence_threshold: 7\n", "surprise: 1\n"])
def test_a_broken_rules_file_is_refused_with_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesConfigError) as info:
        load_rules(path, set(RULES))
    assert str(path) in str(info.value)
