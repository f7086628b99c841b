"""The floor to beat: plain Tesseract (`jpn+eng`, no preprocessing, no layout) plus a few
regular expressions per field, and the document type from a keyword. A PDF with a text
layer is read with `pdftotext` instead of OCR, as yomitori does (cleaner than OCR, so
the baseline is if anything flattered).

    .venv/bin/python -m bench.extract.baseline TRUTH.jsonl PREDICTIONS.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytesseract
from pdf2image import convert_from_path
from PIL import Image

AMOUNT = r"[¥￥$]?\s*(\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{2})?|\d+(?:[.,]\d{2})?)\s*円?"
TOTAL_LABEL = re.compile(r"(合計|total|ご請求|請求金額|amount due)", re.I)
SUBTOTAL_LABEL = re.compile(r"(小計|sub\s*-?total)", re.I)
DATES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(20\d\d)[年/.-](\d{1,2})[月/.-](\d{1,2})"),
     lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"),
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](20\d\d)"),
     lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"),
]
MONTHS = ("january february march april may june july august september october "
          "november december").split()
EN_DATE = re.compile(r"(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})",
                     re.I)
JURISDICTION = re.compile(r"laws of (?:the )?(?:State of |Commonwealth of )?"
                          r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
INVOICE_NO = re.compile(r"(?:invoice|請求書?番号|No\.)\s*(?:no\.?|number|#|nr\.?)?\s*[:.]?\s*"
                        r"([A-Z0-9][A-Z0-9/-]{2,})", re.I)
CURRENCY = [("EUR", r"€|EUR"), ("USD", r"\$|USD"), ("JPY", r"円|¥|JPY"), ("MYR", r"\bRM\b|MYR")]
PARTIES = re.compile(r"between\s+(.+?)\s*(?:\(|,)[\s\S]*?\band\s+(.+?)\s*(?:\(|,)", re.I)


def page_texts(path: Path) -> list[str]:
    if path.suffix.lower() == ".pdf":
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, timeout=120)
        if len(out.stdout.strip()) > 200:
            return [out.stdout]
        images = convert_from_path(str(path), dpi=300, first_page=1, last_page=2)
    else:
        images = [Image.open(path)]
    return [pytesseract.image_to_string(im, lang="jpn+eng", timeout=120) for im in images]


def amount(text: str) -> str | None:
    found = re.findall(AMOUNT, text)
    if not found:
        return None
    value = found[-1].replace(" ", "")
    if re.search(r"[.,]\d{2}$", value):
        value = re.sub(r"[.,]", "", value[:-3]) + "." + value[-2:]
    return value.replace(",", "").replace(".", "") if "." not in value else value


def labelled(lines: list[str], label: re.Pattern[str]) -> str | None:
    for line in lines:
        if label.search(line) and (a := amount(label.split(line)[-1])):
            return a
    return None


def first_date(text: str) -> str | None:
    for rx, iso in DATES:
        if m := rx.search(text):
            return iso(m)
    if m := EN_DATE.search(text):
        month = next(i for i, n in enumerate(MONTHS, 1) if n.startswith(m[1].lower()[:3]))
        return f"{m[3]}-{month:02d}-{int(m[2]):02d}"
    return None


def doc_type_of(text: str) -> str:
    if re.search(r"agreement|契約", text, re.I):
        return "contract"
    return "invoice" if re.search(r"invoice|請求", text, re.I) else "receipt"


def predict(path: Path) -> dict:
    text = unicodedata.normalize("NFKC", "\n".join(page_texts(path)))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    doc_type = doc_type_of(text)
    fields: dict = {}
    if doc_type == "contract":
        flat = " ".join(lines)
        if m := PARTIES.search(flat[:3000]):
            fields["parties"] = [m[1][:80], m[2][:80]]
        if m := JURISDICTION.search(flat):
            fields["jurisdiction"] = m[1]
        if d := first_date(flat):
            fields["effective_date"] = d
    else:
        if lines:
            fields["vendor_name"] = lines[0]
        if d := first_date(text):
            fields["issue_date"] = d
        if t := labelled(lines, TOTAL_LABEL):
            fields["total"] = t
        if s := labelled(lines, SUBTOTAL_LABEL):
            fields["subtotal"] = s
        if m := INVOICE_NO.search(text):
            fields["invoice_number"] = m[1]
        if code := next((c for c, rx in CURRENCY if re.search(rx, text)), None):
            fields["currency"] = code
    return {"file": str(path), "doc_type": doc_type, "fields": fields}


def _one(path: Path) -> dict:
    try:
        return predict(path)
    except Exception as exc:  # a baseline: a file it cannot read scores nothing
        return {"file": str(path), "error": str(exc)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("truth", type=Path)
    ap.add_argument("predictions", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    rows = [json.loads(ln) for ln in a.truth.read_text(encoding="utf-8").splitlines() if ln.strip()]
    jobs = [a.truth.parent / r["file"] for r in rows]
    with ProcessPoolExecutor(a.workers) as pool, a.predictions.open("w", encoding="utf-8") as out:
        for pred in pool.map(_one, jobs):
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
