"""The review's heavier edits over REST: a page turned and read again by real Tesseract
(corrections kept, the history told), the line-item table corrected as one value with
the arithmetic re-checked, and each field's own history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from api.app import create_app
from core.settings import Settings, SplitMode
from ingest.executor import InlineExecutor
from ingest.pipeline import Pipeline
from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Document, ExtractedField, Page, Role
from tests.scans import receipt
from tests.test_review import make_document

ITEMS_OK = [{"description": "作業費", "quantity": "2", "unit_price": "300", "amount": "600",
             "tax_rate": "10"},
            {"description": "部品", "quantity": "1", "unit_price": "400", "amount": "400",
             "tax_rate": "10"}]
INVOICE = {"vendor_name": ("株式会社青葉企画", 0.93), "issue_date": ("2026-04-01", 0.9),
           "subtotal": ("1000", 0.95), "tax_total": ("100", 0.9), "total": ("1100", 0.9),
           "line_items": (ITEMS_OK, 0.8)}


def no_orient(settings: Settings) -> Settings:
    """The pipeline without automatic orientation: an upside-down page stays so."""
    steps = [s for s in settings.ocr.steps if s != "orient"]
    return settings.model_copy(update={"ocr": settings.ocr.model_copy(update={"steps": steps})})


@pytest.fixture
def client(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(no_orient(settings), start_worker=False)) as c:
        yield c


def upside_down(path: Path, total: int = 1220) -> Path:
    upright = receipt(path.with_name(f"upright-{path.name}"), total)
    with Image.open(upright) as im:
        im.rotate(180).save(path, dpi=(200, 200))
    return path


def processed(settings: Settings, db: Database, path: Path,
              split: SplitMode = SplitMode.NONE) -> int:
    pipeline = Pipeline(no_orient(settings), db, InlineExecutor())
    doc_id = pipeline.receive(path, split=split).document_id
    pipeline.process(doc_id)
    return doc_id


def test_rotate_reads_the_page_again_and_keeps_corrections(
        settings: Settings, db: Database, client: TestClient, keys: dict,
        tmp_path: Path) -> None:
    doc_id = processed(settings, db, upside_down(tmp_path / "upside.png"))
    url = f"/api/v1/documents/{doc_id}"
    before = client.get(url, headers=keys["viewer"]).json()
    assert before["fields"].get("total") != "1220"  # upside down: not read
    with db.session() as s:
        first_image = s.scalar(select(Page.image_path).where(Page.document_id == doc_id))
    fixed = client.patch(f"{url}/fields/vendor_name", headers=keys["reviewer"],
                         json={"value": "さくら商店", "reason": "読めない"})
    assert fixed.status_code == 200, fixed.text

    res = client.post(f"{url}/pages/1/rotate", headers=keys["reviewer"],
                      json={"degrees": 180, "reason": "逆さま"})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["fields"]["total"] == "1220" and body["fields"]["issue_date"] == "2026-03-15"
    assert body["fields"]["vendor_name"] == "さくら商店"  # the correction stands
    assert body["evidence"]["total"]["page"] == 1 and body["evidence"]["total"]["bbox"]

    entries = client.get(f"{url}/history", headers=keys["viewer"]).json()["entries"]
    turned = [e for e in entries if e["kind"] == "rotation"]
    assert len(turned) == 1
    assert (turned[0]["page"], turned[0]["degrees"], turned[0]["actor"],
            turned[0]["reason"]) == (1, 180, "k-reviewer", "逆さま")
    assert turned[0]["changes"]["total"][1] == "1220"
    assert [e["kind"] for e in client.get(f"{url}/history?field=total",
                                          headers=keys["viewer"]).json()["entries"]] \
        == ["rotation"]
    vendor = client.get(f"{url}/history?field=vendor_name", headers=keys["viewer"]).json()
    assert vendor["entries"][0]["kind"] == "correction"
    assert vendor["entries"][0]["new"] == "さくら商店"

    with db.session() as s:
        page = s.scalar(select(Page).where(Page.document_id == doc_id))
        assert page.rotated == 180 and page.image_path != first_image
        assert Path(page.image_path).is_file() and Path(first_image).is_file()
        assert "1,220" in page.text or "1220" in page.text
        extracted = s.scalar(select(ExtractedField.value).where(
            ExtractedField.document_id == doc_id, ExtractedField.name == "total"))
        assert extracted == "1220"
    image = client.get(f"/documents/{doc_id}/pages/1.png", headers=keys["viewer"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"


def test_rotate_refuses_bad_degrees_other_pages_and_readers(
        db: Database, client: TestClient, keys: dict) -> None:
    url = f"/api/v1/documents/{make_document(db)}/pages"
    for bad in (45, 0, 360, "half", None):
        res = client.post(f"{url}/1/rotate", headers=keys["reviewer"], json={"degrees": bad})
        assert res.status_code == 422, (bad, res.text)
        assert res.json()["detail"][0]["loc"] == ["body", "degrees"]
    assert client.post(f"{url}/1/rotate", headers=keys["viewer"],
                       json={"degrees": 90}).status_code == 403
    assert client.post(f"{url}/1/rotate", json={"degrees": 90}).status_code == 401
    missing = client.post(f"{url}/7/rotate", headers=keys["reviewer"], json={"degrees": 90})
    assert missing.status_code == 404 and missing.json()["detail"]["code"] == "not_found"
    rejected = make_document(db, name="rejected.png", status="rejected")
    refused = client.post(f"/api/v1/documents/{rejected}/pages/1/rotate",
                          headers=keys["reviewer"], json={"degrees": 90})
    assert refused.status_code == 409 and refused.json()["detail"]["code"] == "not_reviewable"


def test_rotate_a_part_of_a_batch_reads_its_own_page_of_the_original(
        sqlite_settings: Settings, tmp_path: Path) -> None:
    """A part made of page 3 of a scanner batch: its page 1 is the original's page 3."""
    settings = sqlite_settings
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    first = Image.open(receipt(tmp_path / "a.png", 880, vendor="もみじ商店"))
    blank = Image.new("L", first.size, 255)
    third = Image.open(upside_down(tmp_path / "c.png", 1220))
    batch = tmp_path / "batch.tiff"
    first.save(batch, save_all=True, append_images=[blank, third], dpi=(200, 200))
    parent = processed(settings, db, batch, SplitMode.BLANK)
    with db.session() as s:
        part = s.scalar(select(Document).where(Document.parent_id == parent))
        assert (part.page_from, part.page_to) == (3, 3)
        part_id = part.id
        key = {"Authorization": f"Bearer {create_key(s, 'k', Role.REVIEWER)}"}
    with TestClient(create_app(no_orient(settings), start_worker=False)) as client:
        res = client.post(f"/api/v1/documents/{part_id}/pages/1/rotate", headers=key,
                          json={"degrees": 180})
        assert res.status_code == 200, res.text
        assert res.json()["fields"]["total"] == "1220"
        assert client.get(f"/api/v1/documents/{parent}", headers=key
                          ).json()["fields"]["total"] == "880"  # the parent is left alone
    with db.session() as s:
        image = s.scalar(select(Page.image_path).where(Page.document_id == part_id))
        assert Path(image).name == "3-rot180.png"


def codes(body: dict) -> list[str]:
    return [f["code"] for f in body["findings"]]


def test_line_items_are_corrected_as_one_table(db: Database, client: TestClient,
                                               keys: dict) -> None:
    doc_id = make_document(db, INVOICE, name="items.png", status="validated", findings=[])
    url = f"/api/v1/documents/{doc_id}"
    wrong = [dict(ITEMS_OK[0]), {"description": "部品", "quantity": "1",
                                 "unit_price": "¥600", "amount": "６００", "tax_rate": "10%"},
             {"description": "", "amount": ""}]  # an empty row is dropped
    res = client.patch(f"{url}/fields/line_items", headers=keys["reviewer"],
                       json={"value": wrong, "reason": "行の追加漏れ"})
    assert res.status_code == 200, res.text
    body = res.json()
    assert "arithmetic.line_items" in codes(body) and body["status"] == "needs_review"
    assert body["fields"]["line_items"][1] == {
        "description": "部品", "quantity": "1", "unit_price": "600", "amount": "600",
        "tax_rate": "10"}  # amounts as decimal strings, the rate in percent
    assert len(body["fields"]["line_items"]) == 2

    fixed = client.patch(f"{url}/fields/line_items", headers=keys["reviewer"],
                         json={"value": ITEMS_OK + [{"description": "値引", "amount": "0"}]})
    assert "arithmetic.line_items" not in codes(fixed.json())
    history = client.get(f"{url}/history?field=line_items", headers=keys["viewer"]).json()
    assert [(e["old"] == ITEMS_OK, len(e["new"])) for e in history["entries"]] == [
        (True, 2), (False, 3)]

    for bad in ([{"amount": 1.1}], [{"amount": "abc"}], [{"price": "1"}], ["row"],
                {"amount": "1"}, [{"tax_rate": "150"}], [{"quantity": True}]):
        res = client.patch(f"{url}/fields/line_items", headers=keys["reviewer"],
                           json={"value": bad})
        assert res.status_code == 422, (bad, res.text)
        assert res.json()["detail"]["code"] == "bad_field_value"
    cleared = client.patch(f"{url}/fields/line_items", headers=keys["reviewer"],
                           json={"value": []})
    assert cleared.json()["fields"]["line_items"] is None


def test_history_of_one_field(db: Database, client: TestClient, keys: dict) -> None:
    doc_id = make_document(db)
    url = f"/api/v1/documents/{doc_id}"
    for field, value, reason in (("total", "1100", "読み違い"), ("vendor_name", "青葉企画", None),
                                 ("total", "1150", "再確認")):
        assert client.patch(f"{url}/fields/{field}", headers=keys["reviewer"],
                            json={"value": value, "reason": reason}).status_code == 200
    total = client.get(f"{url}/history", params={"field": "total"},
                       headers=keys["viewer"]).json()["entries"]
    assert [(e["kind"], e["field"], e["old"], e["new"], e["reason"], e["actor"])
            for e in total] == [
        ("correction", "total", "1200", "1100", "読み違い", "k-reviewer"),
        ("correction", "total", "1100", "1150", "再確認", "k-reviewer")]
    assert len(client.get(f"{url}/history", params={"field": "vendor_name"},
                          headers=keys["viewer"]).json()["entries"]) == 1
    assert client.get(f"{url}/history", params={"field": "due_date"},
                      headers=keys["viewer"]).json()["entries"] == []
    unknown = client.get(f"{url}/history", params={"field": "nonsense"},
                         headers=keys["viewer"])
    assert unknown.status_code == 400 and unknown.json()["detail"]["code"] == "unknown_field"
    everything = client.get(f"{url}/history", headers=keys["viewer"]).json()["entries"]
    assert {e["kind"] for e in everything} == {"correction", "status"}


def test_a_turned_page_gets_the_pipelines_second_look(
        settings: Settings, db: Database, client: TestClient, keys: dict,
        tmp_path: Path) -> None:
    """Read again after a turn, a date printed too small for the page read is found by
    the second look, as the pipeline finds it on an upright scan (it was not taken)."""
    from tests.test_second_look import small_date_receipt

    upright = small_date_receipt(tmp_path / "small.png")
    with Image.open(upright) as im:
        im.rotate(180).save(tmp_path / "upside-small.png", dpi=(200, 200))
    doc_id = processed(settings, db, tmp_path / "upside-small.png")
    url = f"/api/v1/documents/{doc_id}"
    res = client.post(f"{url}/pages/1/rotate", headers=keys["reviewer"],
                      json={"degrees": 180})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["fields"]["issue_date"] == "2026-03-15"
    assert body["evidence"]["issue_date"]["source"].startswith("second-look:")
