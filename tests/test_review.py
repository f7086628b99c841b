"""Review over REST and the service under it, on SQLite and PostgreSQL: corrections are
appended, validation re-runs, approve/reject follow the roles and the rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from core.settings import Settings
from models.db import Database
from models.search import Query, search
from models.tables import Correction, Document, ExtractedField, Page, Role

FIELDS = {"vendor_name": ("株式会社青葉企画", 0.93), "issue_date": ("2026-04-01", 0.9),
          "subtotal": ("1000", 0.95), "tax_total": ("100", 0.9), "total": ("1200", 0.4)}


def make_document(db: Database, fields: dict = FIELDS, name: str = "aoba.png",
                  status: str = "needs_review", findings: list | None = None) -> int:
    """A processed invoice whose total does not add up (1000 + 100 != 1200)."""
    with db.session() as s:
        doc = Document(sha256=name.encode().hex().ljust(64, "0")[:64], original_filename=name,
                       mime_type="image/png", size_bytes=1, doc_type="invoice", status=status,
                       received_at=datetime(2026, 4, 3, tzinfo=UTC),
                       findings=findings if findings is not None else [
                           {"code": "arithmetic.total", "severity": "error",
                            "fields": ["subtotal", "tax_total", "total"],
                            "message": {"ja": "合計が合いません", "en": "total mismatch"}}])
        s.add(doc)
        s.flush()
        s.add(Page(document_id=doc.id, number=1, width=800, height=1000, dpi=300,
                   text=" ".join(str(v) for v, _ in fields.values()),
                   words=[[str(v), [10, 10 + 40 * i, 300, 40 + 40 * i], 0.9, i]
                          for i, (v, _) in enumerate(fields.values())]))
        for i, (key, (value, conf)) in enumerate(fields.items()):
            s.add(ExtractedField(document_id=doc.id, name=key, value=value, page=1,
                                 bbox=[10, 10 + 40 * i, 300, 40 + 40 * i], confidence=conf,
                                 source="test"))
        return doc.id


@pytest.fixture
def client(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, start_worker=False)) as c:
        yield c


def test_correction_appends_revalidates_and_searches_current_values(
        db: Database, client: TestClient, keys: dict) -> None:
    doc_id = make_document(db)
    url = f"/api/v1/documents/{doc_id}"
    res = client.patch(f"{url}/fields/total", headers=keys["reviewer"],
                       json={"value": "¥1,100", "reason": "OCR misread"})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["fields"]["total"] == "1100"  # normalised amount, the current value
    assert body["findings"] == [] and body["status"] == "validated"
    assert body["evidence"]["total"]["bbox"] == [10, 170, 300, 200]  # original evidence

    assert client.get(url, headers=keys["viewer"]).json()["fields"]["total"] == "1100"
    with db.session() as s:  # the original extraction is untouched
        original = s.scalar(select(ExtractedField).where(
            ExtractedField.document_id == doc_id, ExtractedField.name == "total"))
        assert original.value == "1200"
        found = search(s, Query(amount_min=1100, amount_max=1100)).documents
        assert [d.id for d in found] == [doc_id]

    # a date in Japanese era form is stored ISO; a second correction is appended
    client.patch(f"{url}/fields/issue_date", headers=keys["reviewer"],
                 json={"value": "令和8年4月2日"})
    client.patch(f"{url}/fields/total", headers=keys["reviewer"], json={"value": "1300"})
    history = client.get(f"{url}/history", headers=keys["viewer"]).json()["entries"]
    corrections = [e for e in history if e["kind"] == "correction"]
    assert [(e["field"], e["old"], e["new"]) for e in corrections] == [
        ("total", "1200", "1100"), ("issue_date", "2026-04-01", "2026-04-02"),
        ("total", "1100", "1300")]
    assert corrections[0]["reason"] == "OCR misread" and corrections[0]["actor"] == "k-reviewer"
    statuses = [(e["old"], e["new"]) for e in history if e["kind"] == "status"]
    assert statuses == [("needs_review", "validated"), ("validated", "needs_review")]
    assert client.get(url, headers=keys["viewer"]).json()["status"] == "needs_review"


def test_bad_values_are_clear_errors(db: Database, client: TestClient, keys: dict) -> None:
    url = f"/api/v1/documents/{make_document(db)}/fields"
    bad = client.patch(f"{url}/total", headers=keys["reviewer"], json={"value": "abc"})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "bad_field_value"
    assert client.patch(f"{url}/issue_date", headers=keys["reviewer"],
                        json={"value": "2026-13-45"}).status_code == 422
    unknown = client.patch(f"{url}/nonsense", headers=keys["reviewer"], json={"value": "1"})
    assert unknown.status_code == 400 and unknown.json()["detail"]["code"] == "unknown_field"
    assert client.patch(f"{url}/total", headers=keys["reviewer"], json={"value": "1200"}
                        ).status_code == 200  # unchanged: nothing appended
    with db.session() as s:
        assert s.scalars(select(Correction)).all() == []
    assert client.patch("/api/v1/documents/9999/fields/total", headers=keys["reviewer"],
                        json={"value": "1"}).status_code == 404


def test_approve_needs_no_errors_or_an_override(db: Database, client: TestClient,
                                                keys: dict) -> None:
    doc_id = make_document(db)
    url = f"/api/v1/documents/{doc_id}"
    refused = client.post(f"{url}/approve", headers=keys["approver"])
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "unresolved_errors"
    ok = client.post(f"{url}/approve", headers=keys["approver"],
                     json={"override_reason": "取引先に確認済み"})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    last = client.get(f"{url}/history", headers=keys["viewer"]).json()["entries"][-1]
    assert last["new"] == "approved" and "取引先に確認済み" in last["reason"]

    clean = make_document(db, name="clean.png", status="validated", findings=[])
    assert client.post(f"/api/v1/documents/{clean}/approve",
                       headers=keys["approver"]).json()["status"] == "approved"


def test_reject_and_delete_need_a_reason(db: Database, client: TestClient, keys: dict) -> None:
    url = f"/api/v1/documents/{make_document(db)}"
    assert client.post(f"{url}/reject", headers=keys["approver"],
                       json={"reason": " "}).status_code == 400
    res = client.post(f"{url}/reject", headers=keys["approver"], json={"reason": "重複"})
    assert res.json()["status"] == "rejected"
    assert client.patch(f"{url}/fields/total", headers=keys["reviewer"],
                        json={"value": "1"}).status_code == 409  # not reviewable now
    res = client.post(f"{url}/delete", headers=keys["approver"], json={"reason": "誤送信"})
    assert res.status_code == 200
    entries = client.get(f"{url}/history", headers=keys["admin"]).json()["entries"]
    assert entries[-1]["kind"] == "deletion" and entries[-1]["reason"] == "誤送信"


@pytest.mark.parametrize(("method", "path", "body", "allowed"), [
    ("patch", "/fields/total", {"value": "1100"}, {"reviewer", "approver", "admin"}),
    ("post", "/approve", {"override_reason": "ok"}, {"approver", "admin"}),
    ("post", "/reject", {"reason": "no"}, {"approver", "admin"}),
    ("get", "/history", None, {"viewer", "reviewer", "approver", "admin"}),
    ("get", "", None, {"viewer", "reviewer", "approver", "admin"}),
])
def test_roles_route_by_route(db: Database, client: TestClient, keys: dict, method: str,
                              path: str, body: dict | None, allowed: set[str]) -> None:
    for role in Role:
        doc_id = make_document(db, name=f"{role}-{path.strip('/')}.png")
        kwargs = {"json": body} if body is not None else {}
        res = client.request(method, f"/api/v1/documents/{doc_id}{path}",
                             headers=keys[str(role)], **kwargs)
        expected = 200 if str(role) in allowed else (404 if path == "" else 403)
        assert res.status_code == expected, (role, res.text)
    anonymous = client.request(method, f"/api/v1/documents/{doc_id}{path}",
                               **({"json": body} if body is not None else {}))
    assert anonymous.status_code == 401


def test_listing_and_search_need_a_key(client: TestClient, keys: dict) -> None:
    for url in ("/api/v1/documents", "/api/v1/search", "/", "/api/v1/exports"):
        assert client.get(url, follow_redirects=False).status_code in (401, 303), url
    assert client.get("/api/v1/search", headers=keys["viewer"]).status_code == 200
    assert client.get("/api/v1/search", headers=keys["uploader"]).status_code == 403
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/login").status_code == 200
