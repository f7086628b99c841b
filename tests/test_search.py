"""Search on SQLite and on a real PostgreSQL server, with the same query API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from core.errors import ErrorCode, YomitoriError
from core.settings import Settings
from models.db import Database, upgrade
from models.indexing import index_document
from models.search import Query, search
from models.tables import Document, ExtractedField, Page

DOCS = [
    # file, type, vendor, reg, date, total, page text, findings
    ("aoba.pdf", "invoice", "株式会社青葉企画", "T7010705000725", "2026-04-01", "16400",
     "御請求書 株式会社青葉企画 会議室利用料", 0),
    ("sakura.png", "receipt", "さくら商店", None, "2026-05-10", "1378",
     "領収書 さくら商店 コーヒー 100% (50%_off)", 1),
    ("north.pdf", "invoice", "Northwind Trading LLC", None, "2025-12-24", "4.11",
     "INVOICE Northwind Trading LLC consulting AND NEAR support", 0),
    ("yamada.tif", "contract", "山田工業株式会社", None, "2026-01-15", "300000",
     "業務委託契約書 甲 山田工業株式会社 乙 青葉", 2),
    ("quote.jpg", "receipt", "O'Brien \"Pub\"", None, "2026-03-03", "55000",
     "RECEIPT O'Brien \"Pub\" beer' OR 1=1 --", 0),
]


@pytest.fixture
def db(settings: Settings) -> Database:
    upgrade(settings.db_url)
    database = Database(settings.db_url)
    with database.session() as s:
        for i, (name, kind, vendor, reg, day, total, body, nfind) in enumerate(DOCS):
            doc = Document(sha256=f"{i:064d}", original_filename=name, mime_type="image/png",
                           size_bytes=1, doc_type=kind, status="validated",
                           findings=[{"code": "x"}] * nfind)
            s.add(doc)
            s.flush()
            s.add(Page(document_id=doc.id, number=1, width=10, height=10, dpi=200, text=body,
                       words=[]))
            fields = {"vendor_name": vendor, "vendor_registration_number": reg,
                      "issue_date": day, "total": total}
            for key, value in fields.items():
                if value:
                    s.add(ExtractedField(document_id=doc.id, name=key, value=value))
            s.flush()
            index_document(s, doc)
    return database


def files(db: Database, **kw) -> list[str]:
    with db.session() as s:
        return sorted(d.original_filename for d in search(s, Query(**kw)).documents)


@pytest.mark.parametrize(("term", "expected"), [
    ("青葉", ["aoba.pdf", "yamada.tif"]),  # two characters: the gram index
    ("葉", ["aoba.pdf", "yamada.tif"]),  # one character
    ("会議", ["aoba.pdf"]),
    ("青葉企画", ["aoba.pdf"]),  # trigram
    ("ｎｏｒｔｈｗｉｎｄ", ["north.pdf"]),  # full width and case fold
    ("consulting support", ["north.pdf"]),  # AND of words
    ("契約", ["yamada.tif"]),
    ("存在しない語", []),
])
def test_full_text(db: Database, term: str, expected: list[str]) -> None:
    assert files(db, text=term) == expected


@pytest.mark.parametrize(("term", "expected"), [
    ('"Pub"', ["quote.jpg"]), ("O'Brien", ["quote.jpg"]), ("100%", ["sakura.png"]),
    ("%", ["sakura.png"]), ("_", ["sakura.png"]), ("50%_", ["sakura.png"]),
    ("AND", ["north.pdf"]), ("NEAR", ["north.pdf"]), ("*", []), ('"', ["quote.jpg"]),
    ("' OR 1=1 --", ["quote.jpg"]), ("'; DROP TABLE documents; --", []),
    ("a*", []), ("NEAR(a b)", []), ("\\", []),
])
def test_hostile_queries_give_correct_results(db: Database, term: str,
                                              expected: list[str]) -> None:
    assert files(db, text=term) == expected
    assert len(files(db)) == len(DOCS)  # nothing was dropped


def test_an_overlong_query_is_a_clear_error(db: Database) -> None:
    with pytest.raises(YomitoriError) as info, db.session() as s:
        search(s, Query(text="あ" * 10_000))
    assert info.value.code == ErrorCode.BAD_QUERY


def test_structured_conditions_combine(db: Database) -> None:
    assert files(db, date_from=date(2026, 1, 1), date_to=date(2026, 4, 30)) == [
        "aoba.pdf", "quote.jpg", "yamada.tif"]
    assert files(db, amount_min=Decimal("1000"), amount_max=Decimal("20000")) == [
        "aoba.pdf", "sakura.png"]
    assert files(db, counterparty="青葉") == ["aoba.pdf"]
    assert files(db, counterparty="northwind") == ["north.pdf"]
    assert files(db, registration_number="T7010705000725") == ["aoba.pdf"]
    assert files(db, doc_type="receipt", has_findings=True) == ["sakura.png"]
    assert files(db, text="青葉", doc_type="contract", date_from=date(2026, 1, 1),
                 amount_min=Decimal(100000)) == ["yamada.tif"]
    assert files(db, has_findings=False) == ["aoba.pdf", "north.pdf", "quote.jpg"]


@pytest.mark.parametrize("sort", ["date", "-date", "amount", "-amount", "id", "-id"])
def test_cursor_pages_are_stable_and_complete(db: Database, sort: str) -> None:
    seen: list[str] = []
    cursor = None
    with db.session() as s:
        while True:
            page = search(s, Query(sort=sort, limit=2, cursor=cursor))
            seen += [d.original_filename for d in page.documents]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        everything = [d.original_filename for d in search(s, Query(sort=sort, limit=100)
                                                          ).documents]
    assert seen == everything and len(seen) == len(DOCS)


def test_reindexing_replaces_the_old_text(db: Database) -> None:
    with db.session() as s:
        doc = _doc(s, "aoba.pdf")
        for f in doc.fields:
            if f.name == "vendor_name":
                f.value = "株式会社緑川"
        for p in doc.pages:
            p.text = "御請求書 株式会社緑川"
        s.flush()
        index_document(s, doc)
    assert files(db, text="青葉企画") == []
    assert files(db, text="緑川") == ["aoba.pdf"]
    assert files(db, counterparty="緑川") == ["aoba.pdf"]
    assert files(db, counterparty="株式会社緑川") == ["aoba.pdf"]  # the trigram index
    assert files(db, counterparty="青葉企画") == []


def test_deleted_documents_stay_findable_and_marked(db: Database) -> None:
    from models.tables import utcnow

    with db.session() as s:
        _doc(s, "sakura.png").deleted_at = utcnow()
    assert files(db, text="さくら") == ["sakura.png"]
    assert files(db, text="さくら", include_deleted=False) == []


def _doc(s: Session, name: str) -> Document:
    return next(d for d in search(s, Query(limit=100)).documents
                if d.original_filename == name)


def test_search_api_json_and_csv(db: Database, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from models.apikeys import create_key
    from models.tables import Role

    with db.session() as s:
        key = create_key(s, "reader", Role.VIEWER)
    with TestClient(create_app(settings, start_worker=False),
                    headers={"Authorization": f"Bearer {key}"}) as client:
        got = client.get("/api/v1/search", params={"text": "青葉", "limit": 1}).json()
        assert len(got["documents"]) == 1 and got["next_cursor"]
        more = client.get("/api/v1/search", params={"text": "青葉",
                                                    "cursor": got["next_cursor"]}).json()
        names = {got["documents"][0]["file"], more["documents"][0]["file"]}
        assert names == {"aoba.pdf", "yamada.tif"}
        bad = client.get("/api/v1/search", params={"text": "x" * 10_000})
        assert bad.status_code == 400 and bad.json()["detail"]["code"] == "bad_query"
        assert client.get("/api/v1/search", params={"cursor": "%%%"}).status_code == 400
        assert client.get("/api/v1/search", params={"date_from": "yesterday"}
                          ).status_code == 422
        csv_text = client.get("/api/v1/search.csv", params={"amount_min": "50000"}).text
        assert csv_text.startswith("\ufeffid,file,")
        assert "yamada.tif" in csv_text and "quote.jpg" in csv_text
        assert "aoba.pdf" not in csv_text


def paged(db: Database, **kw) -> list[int]:
    """Every match, page by page (7 a page), following the cursors."""
    seen: list[int] = []
    cursor = None
    with db.session() as s:
        while True:
            page = search(s, Query(limit=7, cursor=cursor, **kw))
            seen += [d.id for d in page.documents]
            if not (cursor := page.next_cursor):
                return seen


def test_common_and_rare_words_page_in_order_like_a_scan(settings: Settings) -> None:
    """A word in half the documents is found by reading them in date order (SQLite) or
    by the planner's walk (PostgreSQL); a rare one through the index. Either way every
    page, followed by its cursor, holds what a plain scan would, in the same order."""
    from datetime import timedelta

    upgrade(settings.db_url)
    db = Database(settings.db_url)
    bodies: dict[int, str] = {}
    with db.session() as s:
        for i in range(150):
            words = ["会議費" if i % 2 else "交通費", "監査" if i % 37 == 0 else "備品"]
            doc = Document(sha256=f"{i:064x}", original_filename=f"d{i}.pdf",
                           mime_type="application/pdf", size_bytes=1, status="validated")
            s.add(doc)
            s.flush()
            body = " ".join(words) + f" 番号{i}"
            s.add(Page(document_id=doc.id, number=1, width=10, height=10, dpi=200,
                       text=body, words=[]))
            day = (date(2026, 1, 1) + timedelta(days=(i * 7) % 120)).isoformat()
            s.add(ExtractedField(document_id=doc.id, name="issue_date", value=day))
            s.flush()
            index_document(s, doc)
            bodies[doc.id] = body
    with db.session() as s:
        dated = {d.id: (d.sort_date, d.id) for d in s.query(Document)}

    def pages(**kw) -> list[int]:
        return paged(db, **kw)

    def scan(word: str, low: date | None = None, high: date | None = None) -> list[int]:
        hits = [i for i, body in bodies.items() if all(w in body for w in word.split())
                and (low is None or low <= dated[i][0] <= high)]
        return sorted(hits, key=lambda i: dated[i], reverse=True)

    assert len(scan("会議")) == 75
    for word in ("会議", "会議費", "監査", "番号1"):
        assert pages(text=word) == scan(word), word
    low, high = date(2026, 2, 1), date(2026, 3, 15)
    assert pages(text="交通", date_from=low, date_to=high) == scan("交通", low, high)
    # two words of one kind each keep their own value (they shared one bound name)
    assert pages(text="会議 番号") == scan("会議")
    assert pages(text="会議費 番号1") == scan("会議費 番号1") != []
    assert pages(text="番号1 会議費") == scan("会議費 番号1")


def test_common_and_rare_counterparties_page_in_order_like_a_scan(settings: Settings) -> None:
    """A counterparty fragment in half the documents (a company type) is found in date
    order on SQLite, a rare one through the trigram index; every page, followed by its
    cursor, holds what a plain scan would, in the same order."""
    from datetime import timedelta

    from models.search import _common_party

    upgrade(settings.db_url)
    db = Database(settings.db_url)
    names: dict[int, tuple[str, date]] = {}
    with db.session() as s:
        for i in range(150):
            name = "青葉監査法人" if i % 41 == 0 else (
                f"株式会社さくら{i}" if i % 2 else f"山田商店{i}")
            day = date(2026, 1, 1) + timedelta(days=(i * 11) % 90)
            doc = Document(sha256=f"{i:064x}", original_filename=f"d{i}.pdf",
                           mime_type="application/pdf", size_bytes=1, status="validated")
            s.add(doc)
            s.flush()
            s.add(ExtractedField(document_id=doc.id, name="vendor_name", value=name))
            s.add(ExtractedField(document_id=doc.id, name="issue_date", value=day.isoformat()))
            s.flush()
            index_document(s, doc)
            names[doc.id] = (name, day)

    def pages(**kw) -> list[int]:
        return paged(db, **kw)

    def scan(part: str, low: date = date.min, high: date = date.max) -> list[int]:
        hits = [i for i, (name, day) in names.items() if part in name and low <= day <= high]
        return sorted(hits, key=lambda i: (names[i][1], i), reverse=True)

    if settings.db_url.startswith("sqlite"):
        with db.session() as s:
            assert _common_party(s, "株式会社", 8) and not _common_party(s, "青葉監査", 8)
    assert len(scan("株式会社")) == 73
    for part in ("株式会社", "青葉監査", "さくら1"):
        assert pages(counterparty=part) == scan(part) != [], part
    low, high = date(2026, 1, 20), date(2026, 2, 20)
    assert pages(counterparty="株式会社", date_from=low, date_to=high) == scan(
        "株式会社", low, high) != []
