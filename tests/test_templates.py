"""Vendor templates: hand-written YAML validated at load, templates learned from a
reviewer's correction (issue 8), and never a template applied to another vendor."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from extract.registry import extract_document
from extract.template_learn import learn_locator
from extract.templates import (Loaded, Template, TemplateCache, TemplateError, TemplateSet,
                               load_templates, parse_template)
from ingest.executor import InlineExecutor
from ingest.pipeline import Pipeline
from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import ExtractedField, Role
from tests import ocrdoc
from tests.scans import deduction_invoice

MINATO, MINATO_REG = "株式会社みなと工業", "T7010705000725"
KAMOME, KAMOME_REG = "有限会社かもめ運輸", "T8010001008843"


def _field(db: Database, document_id: int, name: str) -> ExtractedField:
    with db.session() as s:
        row = s.query(ExtractedField).filter_by(document_id=document_id, name=name).one()
        s.expunge(row)
        return row


def _ingest(pipeline: Pipeline, path: Path) -> int:
    received = pipeline.receive(path)
    pipeline.process(received.document_id)
    return received.document_id


def test_a_correction_teaches_the_vendors_template(settings: Settings, tmp_path: Path
                                                   ) -> None:
    """Issue 8: correct the total on one document; the next document of the same vendor
    and layout reads it right, where the same layout read it wrong before; another
    vendor with the same layout is read as before."""
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    pipeline = Pipeline(settings, db, InlineExecutor())
    first = _ingest(pipeline, deduction_invoice(tmp_path / "a.png", MINATO, MINATO_REG,
                                                10_000, 3_000))
    before = _ingest(pipeline, deduction_invoice(tmp_path / "b.png", MINATO, MINATO_REG,
                                                 24_000, 5_000))
    # the generic reading: subtotal + tax, not the amount due after the advance
    assert _field(db, first, "total").value == "11000"
    assert (_field(db, before, "total").value, _field(db, before, "total").source) == \
        ("26400", "label:小計+subtotal+tax")

    with db.session() as s:
        key = create_key(s, "reviewer", Role.REVIEWER)
    with TestClient(create_app(settings, start_worker=False)) as client:
        res = client.patch(f"/api/v1/documents/{first}/fields/total",
                           headers={"Authorization": f"Bearer {key}"},
                           json={"value": "8,000", "reason": "前受金を差し引いた額"})
        assert res.status_code == 200, res.text
        assert res.json()["fields"]["total"] == "8000"

    learned = list(settings.learned_templates_dir.glob("*.yaml"))
    assert len(learned) == 1
    template = parse_template(learned[0], learned[0].read_text(encoding="utf-8"))
    locator = template.fields["total"]
    assert (locator.label, locator.direction) == ("差引ご請求額", "right")
    assert locator.learned_from is not None and locator.learned_from.document_id == first
    assert locator.learned_from.actor == "reviewer"
    assert MINATO in template.vendor.names

    after = _ingest(pipeline, deduction_invoice(tmp_path / "c.png", MINATO, MINATO_REG,
                                                50_000, 15_000))
    total = _field(db, after, "total")
    assert total.value == "40000"
    assert total.source == f"template:{learned[0].stem}"
    assert total.bbox is not None and total.page == 1

    other = _ingest(pipeline, deduction_invoice(tmp_path / "d.png", KAMOME, KAMOME_REG,
                                                24_000, 5_000))
    assert (_field(db, other, "total").value, _field(db, other, "total").source) == \
        ("26400", "label:小計+subtotal+tax")


# ---- hand-written templates, on hand-made OCR ----

def _deduction(vendor: str, registration: str | None, due: int = 8_000) -> ocrdoc.OcrDocument:
    rows = [vendor, "請求書", "請求日 2026年3月15日", "ABC商事株式会社 御中",
            "作業費\t10,000", "小計\t10,000", "消費税\t1,000", "前受金\t-3,000",
            f"差引ご請求額\t¥{due:,}", "お振込締切日", "2026年4月30日",
            f"受付番号\tK-{due}-{len(vendor)}"]
    if registration:
        rows.insert(1, f"登録番号 {registration}")
    return ocrdoc.doc(*rows, big=(0,))


def _template(text: str) -> TemplateSet:
    return TemplateSet([Loaded("minato", parse_template(Path("minato.yaml"), text), False)])


MINATO_YAML = f"""
vendor:
  registration_number: {MINATO_REG}
  names: [{MINATO}]
fields:
  total: {{label: 差引ご請求額}}
  due_date: {{label: お振込締切日, direction: below}}
  currency: {{value: JPY}}
"""


def test_a_hand_written_template_reads_its_vendor() -> None:
    generic = extract_document(_deduction(MINATO, MINATO_REG))
    assert generic.get("total") == Decimal(11000) and generic.get("due_date") is None
    read = extract_document(_deduction(MINATO, MINATO_REG), _template(MINATO_YAML))
    assert read.get("total") == Decimal(8000)
    assert read.get("due_date") == date(2026, 4, 30)
    assert {read.fields[f].evidence.source for f in ("total", "due_date", "currency")} == \
        {"template:minato"}
    assert read.get("subtotal") == Decimal(10000)  # fields the template leaves alone
    assert read.get("issue_date") == date(2026, 3, 15)
    # the name is enough when the registration number was not read
    assert extract_document(_deduction(MINATO, None), _template(MINATO_YAML)
                            ).get("total") == Decimal(8000)


def test_a_template_never_applies_to_another_vendor() -> None:
    templates = _template(MINATO_YAML)
    for vendor, reg in ((KAMOME, KAMOME_REG), (KAMOME, None), (MINATO, KAMOME_REG)):
        read = extract_document(_deduction(vendor, reg), templates)
        assert read.get("total") == Decimal(11000), (vendor, reg)
        assert not any(f.evidence and f.evidence.source.startswith("template:")
                       for f in read.fields.values())
    keyed = _template(MINATO_YAML.replace("fields:", "  keywords: [前受金なし]\nfields:"))
    assert extract_document(_deduction(MINATO, MINATO_REG), keyed).get("total") == 11000


def test_a_locator_that_finds_no_value_of_its_kind_leaves_the_generic_one() -> None:
    wrong = MINATO_YAML.replace("total: {label: 差引ご請求額}", "total: {label: 請求書}")
    read = extract_document(_deduction(MINATO, MINATO_REG), _template(wrong))
    assert read.get("total") == Decimal(11000)
    assert read.fields["total"].evidence.source == "label:小計+subtotal+tax"


def test_no_templates_change_nothing() -> None:
    doc = _deduction(KAMOME, KAMOME_REG)
    plain, empty = extract_document(doc), extract_document(doc, TemplateSet())
    assert plain.fields == empty.fields and plain.doc_type == empty.doc_type


def test_learning_finds_the_label_left_or_above_and_checks_itself() -> None:
    doc = _deduction(MINATO, MINATO_REG)
    total = learn_locator(doc, "total", "8000")
    assert total is not None and (total.label, total.direction) == ("差引ご請求額", "right")
    due = learn_locator(doc, "due_date", "2026-04-30")
    assert due is not None and (due.label, due.direction) == ("お振込締切日", "below")
    number = learn_locator(doc, "invoice_number", "K-8000-9")
    assert number is not None and (number.label, number.direction) == ("受付番号", "right")
    assert learn_locator(doc, "total", "7999") is None  # not among the words
    assert learn_locator(doc, "line_items", []) is None  # not a field locators read
    fields = {"total": total, "due_date": due, "invoice_number": number}
    template = Template.model_validate({"vendor": {"registration_number": MINATO_REG},
                                        "fields": fields})
    learned = TemplateSet([Loaded(MINATO_REG, template, True)])
    assert extract_document(doc).get("invoice_number") is None  # no label the rules know
    read = extract_document(_deduction(MINATO, MINATO_REG, due=12_345), learned)
    assert read.get("total") == Decimal(12345)
    assert read.get("invoice_number") == "K-12345-9"
    assert read.get("due_date") == date(2026, 4, 30)


# ---- loading ----

BAD = {
    "unknown_field.yaml": (f"vendor: {{names: [{MINATO}]}}\nfields:\n  totl: {{label: 合計}}\n",
                           "unknown field 'totl'"),
    "bad_number.yaml": ("vendor: {registration_number: T1234567890123}\n", "check digit"),
    "two_ways.yaml": (f"vendor: {{names: [{MINATO}]}}\nfields:\n"
                      "  total: {label: 合計, box: [0.1, 0.1, 0.2, 0.2]}\n",
                      "exactly one of label, box or value"),
    "no_vendor.yaml": ("fields: {}\nvendor: {keywords: [請求書]}\n",
                       "registration_number or names"),
    "not_yaml.yaml": ("vendor: [unclosed\n", "not YAML"),
    "fixed_amount.yaml": (f"vendor: {{names: [{MINATO}]}}\nfields:\n  total: {{value: abc}}\n",
                          "not an amount"),
    "extra_key.yaml": (f"vendor: {{names: [{MINATO}]}}\nfeilds: {{}}\n", "feilds"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_template_is_a_typed_error_naming_the_file(tmp_path: Path, name: str) -> None:
    text, words = BAD[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load_templates(tmp_path, None)
    assert err.value.path == tmp_path / name
    assert str(tmp_path / name) in str(err.value) and words in str(err.value)


def test_a_bad_hand_written_template_stops_the_start(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "broken.yml").write_text("vendor: {}\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "var", templates_dir=folder)
    upgrade(settings.db_url)
    with pytest.raises(TemplateError, match="broken.yml"):
        Pipeline(settings, Database(settings.db_url), InlineExecutor())


def test_the_cache_reloads_changed_files_and_keeps_the_last_good_set(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    hand, learned = tmp_path / "hand", tmp_path / "learned"
    with pytest.raises(TemplateError, match="no such folder"):
        TemplateCache(hand, learned)  # a hand-written folder named must exist
    hand.mkdir()
    cache = TemplateCache(hand, learned)  # the learned one comes with the first correction
    assert len(cache.current()) == 0
    learned.mkdir()
    (learned / f"{MINATO_REG}.yaml").write_text(yaml.safe_dump(
        {"vendor": {"registration_number": MINATO_REG},
         "fields": {"total": {"label": "差引ご請求額"}}}, allow_unicode=True), encoding="utf-8")
    assert len(cache.current()) == 1
    (learned / "zz.yaml").write_text("vendor: [", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert len(cache.current()) == 1
    assert "zz.yaml" in caplog.text
    (learned / "zz.yaml").unlink()
    (hand / "minato.yaml").write_text(MINATO_YAML, encoding="utf-8")
    templates = cache.current()
    assert len(templates) == 2
    chosen = templates.for_vendor(MINATO_REG, None, "")
    assert chosen["total"].key == MINATO_REG  # the learned locator wins over the hand-written
    assert chosen["due_date"].key == "minato"
