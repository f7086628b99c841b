"""Japanese words in extraction: the real Sudachi dictionary, loaded once for the whole
test process as in production; where a shop's name ends and its branch begins when OCR
put the space in the wrong place or dropped it; and that nothing loads the dictionary
before a Japanese branch needs it."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from extract.branch import place_start
from extract.words import WordsUnavailable, reader
from extract.registry import extract_document
from extract.vendor import _split_branch
from ocr.types import OcrDocument
from tests import scans
from tests.ocrdoc import receipt

ROOT = Path(__file__).resolve().parents[1]


def test_the_dictionary_loads_once_per_process() -> None:
    assert reader() is reader()


def test_words_know_place_names() -> None:
    found = reader().words("ふじみ文具 仙台一番町店")
    words = {t.text: t for t in found}
    assert words["仙台"].place and words["仙台"].proper
    assert words["文具"].noun and not words["文具"].proper
    assert words["店"].text == "店" and not words["店"].noun  # a suffix
    assert all(t.text.strip() for t in found)  # the space is no word
    assert [(t.start, t.end) for t in found if t.text == "仙台"] == [(6, 8)]


def test_an_unknown_reader_is_a_typed_error() -> None:
    with pytest.raises(WordsUnavailable, match="unknown"):
        reader("no-such-reader")


SPLITS = [
    # OCR moved the space into the name: the place name says where the branch begins
    ("ふじ み文具仙台一番町店", ("ふじ み文具", "仙台一番町店")),
    # no space at all
    ("カフェこもれび円山店", ("カフェこもれび", "円山店")),
    ("つばさコンビニエンス新潟中央店", ("つばさコンビニエンス", "新潟中央店")),
    ("株式会社白石設計大阪支店", ("株式会社白石設計", "大阪支店")),
    # a space before a place name stands, even when the shop's name ends in one
    ("デイリー東海 札幌大通店", ("デイリー東海", "札幌大通店")),
    ("さくらストア 仙台 一番町店", ("さくらストア", "仙台一番町店")),
    # 本店 needs no place
    ("スーパー若葉 本店", ("スーパー若葉", "本店")),
    # a shop whose own name ends in 店, and a line with no place name: no branch
    ("北斗書店", None),
    ("ひだまりカフェ", None),
    ("株式会社 大阪支店", None),  # the company form alone names nobody
    # Latin names split at the space, as before
    ("ABC Trading Petaling Branch", ("ABC Trading", "Petaling Branch")),
]


@pytest.mark.parametrize(("text", "want"), SPLITS)
def test_split_branch(text: str, want: tuple[str, str] | None) -> None:
    assert _split_branch(text) == want


def test_the_first_word_never_opens_the_branch() -> None:
    """ふじ is a place name too, but a shop needs a name before its branch."""
    assert place_start(reader().words("ふじみ文具店")) is None


def test_receipt_vendor_and_branch_when_ocr_misplaced_the_space() -> None:
    result = extract_document(receipt(
        "ふじ み文具仙台一番町店", "福岡県福岡市博多区博多駅前4-13-5", "領収証",
        "2021年10月30日(土) 17:17", "ノート A5 ¥190", "合計 ¥190", big=(0,)))
    assert (result.get("vendor_name"), result.get("vendor_branch")) == ("ふじみ文具",
                                                                         "仙台一番町店")
    assert result.fields["vendor_branch"].evidence is not None


def test_extraction_loads_no_dictionary_until_a_japanese_branch_needs_it() -> None:
    code = (
        "import sys\n"
        "from extract.registry import extract_document\n"
        "from tests.ocrdoc import receipt\n"
        "extract_document(receipt('Kedai Runcit Ah Meng', 'TOTAL 5.00', 'CASH 5.00'))\n"
        "extract_document(receipt('ひだまりカフェ', '合計 ¥890'))\n"
        "assert 'sudachipy' not in sys.modules, 'loaded before needed'\n"
        "extract_document(receipt('ひだまりカフェ 大井町店', '合計 ¥890'))\n"
        "assert 'sudachipy' in sys.modules and 'spacy' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_scanned_receipt_through_ocr_workers_and_extraction(tmp_path: Path) -> None:
    """A real scan read by real Tesseract in a separate process, as an OCR worker reads
    it: that process never loads the dictionary; extraction here splits the branch
    (OCR puts its space inside the name), and neither an item line ("コーヒー豆1,200")
    nor a line near the 登録番号 printed in the footer is taken for the vendor."""
    path = scans.receipt(tmp_path / "r.png", 1220, vendor="ふじみ文具 仙台一番町店")
    code = (
        "import pickle, sys\n"
        "from pathlib import Path\n"
        "from core.settings import Settings\n"
        "from ingest.pagejob import PageJob, run_page\n"
        "from ingest.sniff import Mime\n"
        f"page = run_page(PageJob(Path({str(path)!r}), Mime.PNG, 1, Settings()))\n"
        "assert 'sudachipy' not in sys.modules and 'extract.words' not in sys.modules\n"
        "sys.stdout.buffer.write(pickle.dumps(page))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    page = pickle.loads(done.stdout)
    result = extract_document(OcrDocument((page,)))
    name = result.get("vendor_name").replace(" ", "")  # OCR reads "ふじ み文具"
    assert (name, result.get("vendor_branch")) == ("ふじみ文具", "仙台一番町店")
