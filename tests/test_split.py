"""Scanner batches: one multi-page file cut into documents. split_points on OCR pages
made by hand; then a real batch (two generated invoices, a blank page, a receipt) read
by real Tesseract through the upload route, the pipeline and the CLI."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from api.app import create_app
from core.settings import Settings, SplitMode
from ingest.executor import InlineExecutor
from ingest.hotfolder import HotFolder
from ingest.pipeline import Pipeline
from ingest.split import Cause, Part, SplitError, parse_mode, part_document, split_points
from models.apikeys import create_key
from models.db import Database, upgrade
from models.lifecycle import transition
from models.tables import Document, DocumentStatus, Role
from ocr.types import OcrDocument, OcrPage, Word
from synth.generate import KINDS
from synth.render import render

A4 = (1654, 2339)  # pixels at 200 dpi


def page(number: int, *lines: str, blank: bool = False, size: tuple[int, int] = A4
         ) -> OcrPage:
    """A page whose lines stand 80 px apart from the top."""
    words = tuple(Word(text, (100, 100 + i * 80, 100 + 40 * len(text), 150 + i * 80), 0.95, i)
                  for i, text in enumerate(lines))
    return OcrPage(number, size[0], size[1], 200, words, blank=blank,
                   source="blank" if blank else "tesseract")


INVOICE = ("御請求書", "株式会社青葉企画 御中", "請求番号 2026-0412", "ご請求金額 ¥174,862",
           "お支払期限 2026年6月30日", "振込先 青葉銀行")
DETAIL = ("品名 数量 単価 金額", "コピー用紙 10 500 5,000", "トナー 2 8,000 16,000")
RECEIPT = ("領収書", "さくら商店", "2026年3月15日", "合計 ¥1,220", "上記正に領収いたしました")


def spans(parts: list[Part]) -> list[tuple[int, int, Cause]]:
    return [(p.first, p.last, p.cause) for p in parts]


# ---- split_points on pages made by hand ----

def test_none_keeps_the_file_as_one_document_blank_pages_and_all() -> None:
    pages = [page(1, *INVOICE), page(2, blank=True), page(3, *INVOICE)]
    assert spans(split_points(pages, SplitMode.NONE)) == [(1, 3, Cause.WHOLE)]


def test_blank_splits_only_at_blank_pages_and_drops_them() -> None:
    pages = [page(1, blank=True), page(2, *INVOICE), page(3, *INVOICE), page(4, blank=True),
             page(5, blank=True), page(6, *RECEIPT), page(7, blank=True)]
    assert spans(split_points(pages, SplitMode.BLANK)) == [
        (2, 3, Cause.FIRST), (6, 6, Cause.AFTER_BLANK)]


OTHER_INVOICE = tuple(line.replace("2026-0412", "2026-0413") for line in INVOICE)


def test_auto_starts_a_document_at_a_new_title_of_the_pages_own_type() -> None:
    pages = [page(1, *INVOICE), page(2, *DETAIL), page(3, *OTHER_INVOICE), page(4, blank=True),
             page(5, *RECEIPT)]
    parts = split_points(pages, SplitMode.AUTO)
    assert spans(parts) == [(1, 2, Cause.FIRST), (3, 3, Cause.TITLE),
                            (5, 5, Cause.AFTER_BLANK)]
    assert parts[1].evidence == "御請求書"


@pytest.mark.parametrize("mark", ["2/3 ページ", "- 2 -", "(2/2)", "Page 2 of 3", "請求書(続き)"])
def test_auto_leaves_a_page_that_says_it_continues(mark: str) -> None:
    pages = [page(1, *INVOICE), page(2, *INVOICE, mark)]
    assert spans(split_points(pages, SplitMode.AUTO)) == [(1, 2, Cause.FIRST)]


def test_auto_keeps_pages_that_print_one_invoice_number_together() -> None:
    """An invoice that prints its header on every page, with no page marks, is one
    document (it was cut at every page); the next number starts the next one."""
    pages = [page(1, *INVOICE), page(2, *INVOICE), page(3, *OTHER_INVOICE)]
    assert spans(split_points(pages, SplitMode.AUTO)) == [(1, 2, Cause.FIRST),
                                                          (3, 3, Cause.TITLE)]


def test_auto_page_one_of_a_new_document_still_starts_it() -> None:
    pages = [page(1, *INVOICE, "1/1 ページ"), page(2, *OTHER_INVOICE, "1/2 ページ")]
    assert spans(split_points(pages, SplitMode.AUTO)) == [(1, 1, Cause.FIRST),
                                                          (2, 2, Cause.TITLE)]


def test_auto_needs_a_title_not_a_mention() -> None:
    low = page(2, *DETAIL)
    lower = OcrPage(2, A4[0], A4[1], 200, (
        Word("請求書", (100, 2000, 300, 2050), 0.95, 0),  # near the foot of the page
        Word("ご請求金額", (100, 2100, 400, 2150), 0.95, 1)))
    sentence = page(3, "本請求書に記載の金額を下記口座へお振込みくださいますようお願い申し上げます",
                    "振込先 青葉銀行", "お支払期限 2026年6月30日")
    for second in (low, lower, sentence):
        assert len(split_points([page(1, *INVOICE), second], SplitMode.AUTO)) == 1


def test_auto_takes_a_till_roll_as_a_document_of_its_own() -> None:
    roll = page(2, "さくら商店", "合計 ¥1,220", size=(600, 1800))
    assert spans(split_points([page(1, *INVOICE), roll], SplitMode.AUTO)) == [
        (1, 1, Cause.FIRST), (2, 2, Cause.RECEIPT_SHAPE)]


def test_blank_pages_only_stay_one_document_and_nothing_has_no_parts() -> None:
    blanks = [page(1, blank=True), page(2, blank=True)]
    for mode in SplitMode:
        assert spans(split_points(blanks, mode)) == [(1, 2, Cause.WHOLE)]
        assert split_points([], mode) == []


def test_part_document_numbers_its_pages_from_one() -> None:
    ocr = OcrDocument((page(1, *INVOICE), page(2, blank=True), page(3, *RECEIPT),
                       page(4, *DETAIL)))
    part = part_document(ocr, Part(3, 4, Cause.AFTER_BLANK))
    assert [p.number for p in part.pages] == [1, 2]
    assert part.pages[0].text == ocr.pages[2].text


def test_parse_mode_takes_the_three_modes_and_refuses_others() -> None:
    assert parse_mode(" AUTO ", SplitMode.NONE) is SplitMode.AUTO
    assert parse_mode("", SplitMode.BLANK) is SplitMode.BLANK
    assert parse_mode(None, SplitMode.NONE) is SplitMode.NONE
    with pytest.raises(SplitError) as err:
        parse_mode("pages", SplitMode.NONE)
    assert err.value.code == "bad_split_mode"
    assert "auto" in err.value.message_en and "blank" in err.value.message_ja


# ---- a real batch ----

def _pages(kind: str, seed: int) -> list[Image.Image]:
    doc = KINDS[kind](random.Random(f"yomitori-split/{seed}"))
    assert len(doc.pages) == 1
    return [render(p, doc.dpi).convert("L") for p in doc.pages]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """invoice, invoice, blank page, receipt: one PDF as a sheet feeder sends it."""
    first, second, receipt = _pages("ja_invoice", 1), _pages("ja_invoice", 2), \
        _pages("ja_receipt", 3)
    blank = Image.new("L", first[0].size, 255)
    pages = first + second + [blank] + receipt
    path = tmp_path_factory.mktemp("batch") / "scanner-batch.pdf"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=200.0)
    return path


EXPECTED_AUTO = [("invoice", [1, 1]), ("invoice", [2, 2]), ("receipt", [4, 4])]
DONE = {"validated", "needs_review", "failed"}


def _wait(client: TestClient, url: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url).json()
        if body["status"] in DONE:
            return body
        time.sleep(0.3)
    raise TimeoutError(url)


def test_upload_with_split_auto_gives_one_document_per_part(settings: Settings,
                                                             batch: Path) -> None:
    upgrade(settings.db_url)
    with Database(settings.db_url).session() as s:
        key = create_key(s, "scanner-3F", Role.UPLOADER)
    data = batch.read_bytes()
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {key}"}) as client:
        bad = client.post("/api/v1/documents", data={"split": "pages"},
                          files=[("file", ("b.pdf", data, "application/pdf"))])
        assert bad.status_code == 422
        assert bad.json()["detail"]["code"] == "bad_split_mode"
        assert "auto" in bad.json()["detail"]["message"]
        by_query = client.post("/api/v1/documents?split=Pages",  # scanners that send a URL
                               files=[("file", ("b.pdf", data, "application/pdf"))])
        assert by_query.status_code == 422

        res = client.post("/api/v1/documents", data={"split": "auto"},
                          files=[("file", (batch.name, data, "application/pdf"))])
        assert res.status_code == 202, res.text
        accepted = res.json()["documents"][0]
        assert accepted["split"] == "auto" and accepted["parts"] == []
        parent = _wait(client, accepted["status_url"])
        assert parent["status"] != "failed", parent
        assert parent["parent_id"] is None and parent["page_range"] == [1, 1]
        assert [p["page_range"] for p in parent["parts"]] == [[2, 2], [4, 4]]
        parts = [parent] + [client.get(p["url"]).json() for p in parent["parts"]]
        assert [(p["doc_type"], p["page_range"]) for p in parts] == EXPECTED_AUTO
        for part in parts[1:]:
            assert part["parent_id"] == parent["id"] and part["status"] in DONE - {"failed"}
            assert part["sha256"] == parent["sha256"] and part["file"] == batch.name
            assert [p["number"] for p in part["pages"]] == [1]
            assert part["parts"] == []
        assert parts[2]["fields"]["total"] != parts[1]["fields"]["total"]
        for part in parts:
            assert part["evidence"]["total"]["page"] == 1

        page = client.get(f"/documents/{parent['id']}").text  # the review UI links them
        assert all(f'href="/documents/{p["id"]}"' in page for p in parts[1:])
        assert f'href="/documents/{parent["id"]}"' in client.get(parts[2]["url"].replace(
            "/api/v1", "")).text
        assert 'id="split"' in client.get("/upload").text

        again = client.post("/api/v1/documents",  # the same bytes: the same documents
                            files=[("file", ("again.pdf", data, "application/pdf"))])
        answer = again.json()["documents"][0]
        assert answer["id"] == parent["id"] and answer["duplicate"] is True
        assert [p["id"] for p in answer["parts"]] == [p["id"] for p in parts[1:]]
    originals = list((settings.store_dir / "originals").rglob("*"))
    assert len([p for p in originals if p.is_file()]) == 1  # the bytes are stored once
    with Database(settings.db_url).session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 3


def _pipeline(tmp_path: Path, name: str) -> Pipeline:
    settings = Settings(data_dir=tmp_path / name, ocr={"workers": 1})
    upgrade(settings.db_url)
    return Pipeline(settings, Database(settings.db_url), InlineExecutor())


def test_blank_splits_at_the_blank_page_and_processing_again_reuses_the_parts(
        tmp_path: Path, batch: Path) -> None:
    pipeline = _pipeline(tmp_path, "blank")
    parent_id = pipeline.receive(batch, split=SplitMode.BLANK).document_id
    assert pipeline.process(parent_id) in DONE - {"failed"}

    def rows() -> list[tuple[int, int | None, int | None, int | None, str | None]]:
        with pipeline.db.session() as s:
            return [(d.id, d.parent_id, d.page_from, d.page_to, d.doc_type) for d in
                    s.scalars(select(Document).order_by(Document.id))]

    first = rows()
    assert [r[1:4] for r in first] == [(None, 1, 2), (parent_id, 4, 4)]
    assert first[1][4] == "receipt"
    with pipeline.db.session() as s:
        parent = s.get_one(Document, parent_id)
        assert [p.number for p in parent.pages] == [1, 2] and parent.page_count == 2
        assert parent.pages[1].image_path.endswith("/0/2.png")
        transition(s, parent, DocumentStatus.QUEUED, "test", "read again")
    pipeline.process(parent_id)  # idempotent: the same rows, no second set of parts
    assert [r[:4] for r in rows()] == [r[:4] for r in first]


def test_none_keeps_todays_single_document(tmp_path: Path, batch: Path) -> None:
    pipeline = _pipeline(tmp_path, "none")
    doc_id = pipeline.receive(batch).document_id
    pipeline.process(doc_id)
    with pipeline.db.session() as s:
        docs = s.scalars(select(Document)).all()
        assert len(docs) == 1
        doc = docs[0]
        assert (doc.split_mode, doc.parent_id, doc.page_from, doc.page_to) == (None,) * 4
        assert doc.page_count == 4 and doc.parts == []


def test_cli_extract_split_auto_prints_one_line_per_part(batch: Path) -> None:
    yomitori = str(Path(sys.executable).parent / "yomitori")
    result = subprocess.run([yomitori, "extract", "--split", "auto", str(batch)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["doc_type"], o["part"]["page_range"]) for o in lines] == EXPECTED_AUTO
    assert [o["part"]["index"] for o in lines] == [1, 2, 3]
    assert {o["part"]["of"] for o in lines} == {3} and {o["file"] for o in lines} == {str(batch)}
    assert [o["part"]["cause"] for o in lines] == ["first_page", "title", "after_blank"]
    assert all(o["pages"] == 1 for o in lines)
    bad = subprocess.run([yomitori, "extract", "--split", "pages", str(batch)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "pages" in bad.stderr


def test_cli_ingest_split_blank_reports_the_parts(tmp_path: Path, batch: Path) -> None:
    yomitori = str(Path(sys.executable).parent / "yomitori")
    env = {**os.environ, "YOMITORI_DATA_DIR": str(tmp_path / "var"),
           "YOMITORI_OCR__WORKERS": "1"}
    result = subprocess.run([yomitori, "ingest", "--split", "blank", str(batch)],
                            capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stderr
    assert "document 1 " in result.stderr and "part 2 (pages 4-4)" in result.stderr


class Recorded:
    """A JobQueue that only records what it is handed (the hot folder's seam)."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def enqueue(self, document_id: int, replace: bool = False) -> None:
        self.ids.append(document_id)

    def active(self, document_id: int) -> bool:
        return document_id in self.ids


def test_hot_folder_uploads_carry_its_split_mode(tmp_path: Path, batch: Path) -> None:
    pipeline = _pipeline(tmp_path, "hot")
    inbox = tmp_path / "inbox"
    (inbox / "done").mkdir(parents=True)
    dropped = inbox / batch.name
    dropped.write_bytes(batch.read_bytes())
    jobs = Recorded()
    HotFolder(inbox, pipeline, jobs, split=SplitMode.AUTO).take(dropped)
    with pipeline.db.session() as s:
        doc = s.get_one(Document, jobs.ids[0])
        assert (doc.split_mode, doc.status) == ("auto", "queued")
    assert (inbox / "done" / batch.name).is_file()
