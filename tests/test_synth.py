"""The synthetic document generator: deterministic, arithmetically sound truth, every
kind rendered to a file that opens, and text that real Tesseract can read."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from synth import KINDS, generate_set
from synth.__main__ import main
from synth.formats import check_digit, is_corporate_number

SEED = 20261124


def _rows(truth: Path) -> list[dict]:
    return [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def clean_set(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return _rows(generate_set(tmp_path_factory.mktemp("clean"), count=24, seed=SEED,
                              degraded=False))


def _page_count(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(pdfium.PdfDocument(str(path)))
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def test_same_seed_gives_the_same_files_and_truth(tmp_path: Path) -> None:
    a = generate_set(tmp_path / "a", count=6, seed=7, degraded=True)
    b = generate_set(tmp_path / "b", count=6, seed=7, degraded=True)
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    for row in _rows(a):
        assert (a.parent / row["file"]).read_bytes() == (b.parent / row["file"]).read_bytes()
    c = generate_set(tmp_path / "c", count=1, seed=8, degraded=True)
    assert _rows(c)[0]["fields"] != _rows(a)[0]["fields"]


def test_truth_rows_have_the_benchmark_shape(clean_set: list[dict]) -> None:
    for row in clean_set:
        assert set(row) == {"file", "doc_type", "fields", "ocr_text"}
        assert row["doc_type"] in ("invoice", "receipt", "contract")
        for name, value in row["fields"].items():
            if name in ("subtotal", "tax_total", "total", "contract_amount"):
                assert re.fullmatch(r"\d+(\.\d\d)?", value), (name, value)
            if name.endswith("_date"):
                assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), (name, value)


def test_tax_exclusive_totals_add_up(clean_set: list[dict]) -> None:
    rows = [r["fields"] for r in clean_set if r["fields"].get("amounts_include_tax") is False]
    assert len(rows) >= 10
    for f in rows:
        subtotal, tax, total = (Decimal(f[k]) for k in ("subtotal", "tax_total", "total"))
        assert subtotal + tax == total
        breakdown = f["tax_breakdown"].values()
        assert sum(Decimal(b["taxable_amount"]) for b in breakdown) == subtotal
        assert sum(Decimal(b["tax"]) for b in breakdown) == tax
        assert sum(Decimal(i["amount"]) for i in f["line_items"]) == subtotal


def test_tax_is_rounded_down_once_per_rate_in_yen(clean_set: list[dict]) -> None:
    yen = [r["fields"] for r in clean_set if r["fields"].get("currency") == "JPY"
           and "tax_breakdown" in r["fields"]]
    assert len(yen) >= 8
    for f in yen:
        for rate, b in f["tax_breakdown"].items():
            amount, r = Decimal(b["taxable_amount"]), Decimal(rate)
            exact = amount * r / (100 + r) if f["amounts_include_tax"] else amount * r / 100
            assert Decimal(b["tax"]) == exact.quantize(Decimal(1), ROUND_FLOOR)


def test_tax_inclusive_receipts_have_no_subtotal_and_items_sum_to_the_total(
        clean_set: list[dict]) -> None:
    rows = [r["fields"] for r in clean_set if r["fields"].get("amounts_include_tax") is True]
    assert rows
    for f in rows:
        assert "subtotal" not in f
        assert sum(Decimal(i["amount"]) for i in f["line_items"]) == Decimal(f["total"])


def test_line_items_multiply_out(clean_set: list[dict]) -> None:
    for row in clean_set:
        for item in row["fields"].get("line_items", []):
            assert Decimal(item["quantity"]) * Decimal(item["unit_price"]) == Decimal(
                item["amount"])
            assert item["tax_rate"] in {k for k in row["fields"]["tax_breakdown"]}


def test_registration_numbers_pass_the_check_digit(clean_set: list[dict]) -> None:
    numbers = [r["fields"]["vendor_registration_number"] for r in clean_set
               if "vendor_registration_number" in r["fields"]]
    assert len(numbers) >= 6
    for number in numbers:
        assert re.fullmatch(r"T\d{13}", number)
        assert is_corporate_number(number[1:])


@pytest.mark.parametrize("number", ["7123456789012", "4011001098993", "7010705000725",
                                    "2120901007402"])
def test_check_digit_matches_published_corporate_numbers(number: str) -> None:
    assert check_digit(number[1:]) == int(number[0])


def test_printed_text_holds_the_key_values(clean_set: list[dict]) -> None:
    for row in clean_set:
        text, f = row["ocr_text"].replace(",", ""), row["fields"]
        for name in ("total", "vendor_registration_number", "invoice_number"):
            if name in f:
                assert f[name] in text, (row["file"], name)


def test_dates_are_in_order(clean_set: list[dict]) -> None:
    for row in clean_set:
        f = row["fields"]
        if "due_date" in f:
            assert f["issue_date"] <= f["due_date"]
        if "expiry_date" in f:
            assert f["contract_date"] <= f["effective_date"] < f["expiry_date"]


def test_a_set_mixes_all_four_formats(clean_set: list[dict]) -> None:
    assert {Path(r["file"]).suffix for r in clean_set[:8]} == {".png", ".jpg", ".pdf", ".tiff"}


@pytest.mark.parametrize("degraded", [False, True], ids=["clean", "degraded"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_renders_to_a_file_that_opens(kind: str, degraded: bool,
                                                 tmp_path: Path) -> None:
    truth = generate_set(tmp_path, count=2, seed=SEED, degraded=degraded, kinds=[kind])
    for row in _rows(truth):
        path = tmp_path / row["file"]
        pages = _page_count(path)
        assert pages == (2 if kind.endswith("contract") else 1)
        if path.suffix == ".pdf":
            page = pdfium.PdfDocument(str(path))[0]
            assert page.get_textpage().count_chars() == 0  # a scan: no text layer
            width_mm = page.get_width() * 25.4 / 72
        else:
            with Image.open(path) as image:
                image.load()
                width_mm = image.width * 25.4 / image.info["dpi"][0]
        assert round(width_mm) == (80 if kind.endswith("receipt") else 210)


def test_a4_pages_are_a4_at_their_dpi(tmp_path: Path) -> None:
    truth = generate_set(tmp_path, count=4, seed=3, degraded=False, kinds=["ja_invoice"])
    for row in _rows(truth):
        path = tmp_path / row["file"]
        if path.suffix != ".pdf":
            with Image.open(path) as im:
                assert im.size in ((1654, 2339), (2480, 3508))


def test_upside_down_pages_only_when_asked(tmp_path: Path) -> None:
    from synth.generate import generate_one

    plain = generate_one(tmp_path, 0, "ja_receipt", 5, degraded=True)
    flipped = generate_one(tmp_path, 1, "ja_receipt", 5, degraded=True, upside_down_rate=1.0)
    assert plain.degradation is not None and not plain.degradation.upside_down
    assert flipped.degradation is not None and flipped.degradation.upside_down


def test_cli_writes_the_set_and_reports_unknown_kinds(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main([str(tmp_path), "--count", "3", "--seed", "1",
                 "--kinds", "ja_invoice,en_receipt"]) == 0
    assert "3 documents" in capsys.readouterr().out
    assert len(_rows(tmp_path / "truth.jsonl")) == 3
    assert main([str(tmp_path / "x"), "--kinds", "fax_cover"]) == 2
    assert "unknown document kind" in capsys.readouterr().err


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\\", "¥")


def test_tesseract_reads_the_key_values_of_a_japanese_invoice(tmp_path: Path) -> None:
    truth = generate_set(tmp_path, count=1, seed=SEED, degraded=True, kinds=["ja_invoice"])
    row = _rows(truth)[0]
    path = tmp_path / row["file"]
    if path.suffix == ".pdf":
        png = tmp_path / "page.png"
        pdfium.PdfDocument(str(path))[0].render(scale=200 / 72).to_pil().save(png)
        path = png
    out = subprocess.run(["tesseract", str(path), "-", "-l", "jpn+eng"], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    text = _fold(out)
    assert f"{int(row['fields']['total']):,}" in text
    assert row["fields"]["vendor_registration_number"][1:] in text
