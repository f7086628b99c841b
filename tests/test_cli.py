"""The `yomitori` command as a user runs it: a real process, real Tesseract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extract.evaluate import same

YOMITORI = str(Path(sys.executable).parent / "yomitori")
KEY_FIELDS = ("total", "issue_date", "vendor_registration_number")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([YOMITORI, *args], capture_output=True, text=True, timeout=900,
                          env=env)


def _truth(generated: Path) -> list[dict]:
    return [json.loads(line) for line in generated.read_text(encoding="utf-8").splitlines()]


def test_extract_prints_one_line_per_file_in_order_and_goes_on_after_errors(
        generated: Path, tmp_path: Path) -> None:
    rows = _truth(generated)[:3]
    files = [str(generated.parent / r["file"]) for r in rows]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    result = run("extract", files[0], str(broken), files[1], str(empty), files[2])
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["file"] for o in lines] == [files[0], str(broken), files[1], str(empty), files[2]]
    assert lines[1]["error"]["code"] == "corrupt_file"
    assert lines[3]["error"]["code"] == "empty_file"
    assert "Traceback" not in result.stderr
    for obj, row in zip([lines[0], lines[2], lines[4]], rows, strict=True):
        assert obj["doc_type"] == row["doc_type"]
        assert obj["pages"] == len(obj["page_sizes"]) >= 1
        for name, ev in obj["evidence"].items():
            assert name in obj["fields"]
            x0, y0, x1, y1 = ev["bbox"]
            size = obj["page_sizes"][ev["page"] - 1]
            assert 0 <= x0 <= x1 <= size["width"] and 0 <= y0 <= y1 <= size["height"]


def test_extract_gets_key_fields_right_on_the_generated_set(generated: Path) -> None:
    rows = [r for r in _truth(generated) if r["doc_type"] in ("invoice", "receipt")]
    result = run("extract", *[str(generated.parent / r["file"]) for r in rows])
    preds = [json.loads(line) for line in result.stdout.splitlines()]
    right = total = 0
    for pred, row in zip(preds, rows, strict=True):
        for name in KEY_FIELDS:
            if name in row["fields"]:
                total += 1
                right += same(name, row["fields"][name], pred.get("fields", {}).get(name))
    assert total >= 10
    assert right / total >= 0.8, f"{right}/{total} key fields right"


def test_ingest_then_read_the_database(generated: Path, tmp_path: Path) -> None:
    import os

    env = {**os.environ, "YOMITORI_DATA_DIR": str(tmp_path / "var")}
    first = _truth(generated)[0]
    path = str(generated.parent / first["file"])
    result = run("ingest", path, env=env)
    assert result.returncode == 0, result.stderr
    again = run("ingest", path, env=env)
    assert again.returncode == 0
    assert "already stored" in again.stderr
    assert (tmp_path / "var" / "yomitori.db").is_file()
