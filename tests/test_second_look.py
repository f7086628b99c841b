"""The second look: lines likely to hold a missing key field, read again on their own
from the page image with real Tesseract, and handed back to the extraction rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.settings import OcrSettings, Settings
from extract.registry import extract_document
from extract.schema import DocType, Evidence, Extraction
from extract.second_look import adopt, candidates, wanted, with_rows
from ingest.executor import InlineExecutor
from ingest.reader import read_many
from ingest.second_look import look_again
from models.db import Database, upgrade
from models.tables import ExtractedField
from ocr.engines import register_engine
from ocr.tesseract import TesseractEngine
from ocr.types import OcrPage, Word
from tests.ocrdoc import receipt as ocr_receipt
from tests.scans import font

DATE_TOP = 220  # where the date row is drawn


def small_date_receipt(path: Path) -> Path:
    """A receipt whose date is printed in tiny type beside a normal "Date:" label: the
    page, scaled for its body text, reads the date as noise."""
    im = Image.new("L", (760, 820), 255)
    draw = ImageDraw.Draw(im)
    rows = ["さくら商店", "領収書", "", "コーヒー豆 1,200", "紙袋 20", "合計 ¥1,220"]
    for i, text in enumerate(rows):
        draw.text((60, 60 + i * 80), text, fill=0, font=font(40))
    draw.text((60, DATE_TOP), "Date:", fill=0, font=font(40))
    draw.text((200, DATE_TOP + 27), "15/03/2026 14:32", fill=0, font=font(13))
    im.save(path, dpi=(200, 200))
    return path


class CountingEngine:
    """Tesseract, counting its calls (registered like any engine)."""

    name = "counting-tesseract"
    calls = 0

    def __init__(self, settings: OcrSettings) -> None:
        self.inner = TesseractEngine(settings)

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> OcrPage:
        CountingEngine.calls += 1
        return self.inner.recognize(image, page=page, dpi=dpi)


register_engine(CountingEngine.name, CountingEngine)


@pytest.fixture(scope="module")
def read_receipt(tmp_path_factory: pytest.TempPathFactory):
    """The receipt read as the pipeline reads it, with its page image kept."""
    tmp = tmp_path_factory.mktemp("second-look")
    scan = small_date_receipt(tmp / "receipt.png")
    result = next(read_many([scan], Settings(ocr={"workers": 1}), InlineExecutor(),
                            page_dir=tmp / "pages"))
    assert result.document is not None
    return result.document, (tmp / "pages" / "0" / "1.png",)


def counting(**update: object) -> OcrSettings:
    CountingEngine.calls = 0
    return OcrSettings(engine=CountingEngine.name, **update)


def test_a_date_the_page_read_missed_is_read_on_the_second_look(read_receipt) -> None:
    ocr, images = read_receipt
    first = extract_document(ocr)
    assert first.get("issue_date") is None  # the page read garbled the tiny date
    result = look_again(ocr, first, images, OcrSettings())
    assert result.get("issue_date") == date(2026, 3, 15)
    ev = result.fields["issue_date"].evidence
    assert ev is not None and ev.page == 1 and ev.source.startswith("second-look:")
    x0, y0, x1, y1 = ev.bbox  # inside the date's row of the page, not elsewhere
    assert DATE_TOP - 20 <= y0 < y1 <= DATE_TOP + 60 and 150 <= x0 < x1 <= 500
    assert result.get("total") == Decimal(1220)  # the other fields stand as they were
    assert result.fields["vendor_name"] is first.fields["vendor_name"]


def test_a_budget_of_nothing_reads_nothing(read_receipt) -> None:
    ocr, images = read_receipt
    first = extract_document(ocr)
    assert look_again(ocr, first, images, counting(second_look_budget_s=0)) is first
    assert CountingEngine.calls == 0
    assert look_again(ocr, first, images, counting(second_look_max_lines=0)) is first
    assert look_again(ocr, first, images, counting(second_look=False)) is first
    assert CountingEngine.calls == 0


def test_lines_read_are_bounded(read_receipt) -> None:
    ocr, images = read_receipt
    first = extract_document(ocr)
    look_again(ocr, first, images, counting(second_look_max_lines=1))
    assert 1 <= CountingEngine.calls <= 2  # one line, at most two ways of reading it


def test_no_image_no_second_look(read_receipt) -> None:
    ocr, _ = read_receipt
    first = extract_document(ocr)
    assert look_again(ocr, first, (), counting()) is first
    assert CountingEngine.calls == 0


def test_the_pipeline_stores_what_the_second_look_found(sqlite_settings: Settings,
                                                         tmp_path: Path) -> None:
    from ingest.pipeline import Pipeline

    upgrade(sqlite_settings.db_url)
    pipeline = Pipeline(sqlite_settings, Database(sqlite_settings.db_url), InlineExecutor())
    doc_id = pipeline.receive(small_date_receipt(tmp_path / "r.png")).document_id
    pipeline.process(doc_id)
    with pipeline.db.session() as s:
        row = s.query(ExtractedField).filter_by(document_id=doc_id, name="issue_date").one()
        assert row.value == "2026-03-15" and row.source.startswith("second-look:")


# ---- which lines, which fields (no OCR) ----

def test_the_date_rows_come_first_and_a_bare_label_brings_its_next_row() -> None:
    ocr = ocr_receipt("SHOP SDN BHD", "Tel 03-41318972", "Date:", "O6- 05- 8 10:23 AM",
                      "Item A 2.00", "Due Date: 12/05/18", "Total 12.00")
    chosen = candidates(ocr, ["issue_date"], 3)
    texts = [_row_text(ocr, c.bbox) for c in chosen]
    assert texts[:2] == ["Date:", "O6- 05- 8 10:23 AM"] or \
        texts[:2] == ["O6- 05- 8 10:23 AM", "Date:"]
    assert "Due Date: 12/05/18" not in texts  # the due date is another field
    assert len(chosen) == 3


def test_fields_take_turns_and_each_row_is_read_once() -> None:
    ocr = ocr_receipt("SHOP", "Date 12-0S-2018 10:23", "Subtotal 10.00", "TOTAL 12.00",
                      "Total Qty 2")
    chosen = candidates(ocr, ["issue_date", "total"], 2)
    assert [c.field for c in chosen] == ["issue_date", "total"]
    assert _row_text(ocr, chosen[1].bbox) == "TOTAL 12.00"
    assert candidates(ocr, ["issue_date", "total"], 0) == []


def _row_text(ocr, bbox) -> str:
    return " ".join(w.text for w in ocr.pages[0].words
                    if bbox[1] <= (w.bbox[1] + w.bbox[3]) / 2 <= bbox[3])


def _ev(source: str, confidence: float = 0.9) -> Evidence:
    return Evidence(1, (0, 0, 10, 10), confidence, source)


def test_what_is_wanted() -> None:
    bare = Extraction(DocType.RECEIPT)
    assert wanted(bare) == ["issue_date", "total"]
    done = Extraction(DocType.RECEIPT)
    done.set("issue_date", date(2026, 3, 15), _ev("label:Date"))
    done.set("total", Decimal("12.00"), _ev("label:Total+subtotal+tax"))
    assert wanted(done) == []
    unsure = Extraction(DocType.RECEIPT)
    unsure.set("issue_date", date(2026, 3, 15), _ev("first-date", 0.5))
    unsure.set("total", Decimal("12.00"), _ev("label:Total"))  # no cross-check
    assert wanted(unsure) == ["issue_date", "total"]
    assert wanted(Extraction(DocType.CONTRACT)) == []


def test_a_total_read_again_replaces_the_first_only_when_confirmed() -> None:
    first = Extraction(DocType.RECEIPT)
    first.set("total", Decimal("12.00"), _ev("label:Total"))
    unconfirmed = Extraction(DocType.RECEIPT)
    unconfirmed.set("total", Decimal("17.00"), _ev("label:Total"))
    assert adopt(first, unconfirmed, ["total"]).get("total") == Decimal("12.00")
    confirmed = Extraction(DocType.RECEIPT)
    confirmed.set("total", Decimal("17.00"), _ev("label:Total+subtotal+tax"))
    taken = adopt(first, confirmed, ["total"]).fields["total"]
    assert taken.value == Decimal("17.00")
    assert taken.evidence is not None
    assert taken.evidence.source == "second-look:label:Total+subtotal+tax"


def test_a_row_read_again_takes_the_place_of_its_first_reading() -> None:
    ocr = ocr_receipt("SHOP", "Date: 0G-O5- 8", "Total 12.00")
    row = ocr.pages[0].words[1].bbox  # "Date:" is on the second row, top 85
    again = (Word("Date:", (40, 85, 140, 115), 0.9, 0),
             Word("06/05/18", (160, 85, 320, 115), 0.9, 0))
    fixed = with_rows(ocr, [(1, (row[1], row[3]), again)])
    texts = [ln.text for ln in fixed.pages[0].lines]
    assert texts == ["SHOP", "Date: 06/05/18", "Total 12.00"]


def test_yomitori_extract_gives_what_the_pipeline_gives(tmp_path: Path) -> None:
    """The command line takes the same second look as the pipeline and `yomitori eval`
    (it did not: the same scan gave no date on the command line)."""
    import json
    import os

    from tests.test_cli import run

    scan = small_date_receipt(tmp_path / "r.png")
    env = {**os.environ, "YOMITORI_DATA_DIR": str(tmp_path)}
    out = run("extract", "--workers", "1", str(scan), env=env)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["fields"]["issue_date"] == "2026-03-15"
    off = run("extract", "--workers", "1", str(scan),
              env={**env, "YOMITORI_OCR__SECOND_LOOK": "false"})
    assert json.loads(off.stdout)["fields"].get("issue_date") is None


class CrashingEngine:
    """An engine that fails in a way nobody planned for (registered like any engine)."""

    name = "crashing-second-look"

    def __init__(self, settings: OcrSettings) -> None:
        pass

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> OcrPage:
        raise RuntimeError("engine crashed")


register_engine(CrashingEngine.name, CrashingEngine)


def test_an_engine_that_crashes_leaves_the_first_reading(read_receipt) -> None:
    """The second look is an extra: its failure never fails the document."""
    ocr, images = read_receipt
    first = extract_document(ocr)
    assert look_again(ocr, first, images, OcrSettings(engine=CrashingEngine.name)) is first
