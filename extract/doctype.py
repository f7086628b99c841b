"""Document type by score: keywords in both languages, weighted more when they stand
in the title area. No single keyword decides."""

from __future__ import annotations

import re

from extract.money import amounts
from extract.schema import DocType
from extract.view import DocView

KEYWORDS: dict[DocType, dict[str, float]] = {
    DocType.INVOICE: {
        "請求書": 5, "御請求書": 5, "ご請求金額": 3, "請求金額": 2, "今回ご請求": 3,
        "お支払期限": 2, "支払期限": 2, "振込先": 2, "お振込": 1, "振込期日": 2, "請求番号": 2,
        "INVOICE": 3, "Invoice #": 2, "Invoice No": 2, "Invoice Date": 2, "Bill To": 2,
        "Due Date": 2, "Amount Due": 2, "Balance Due": 2, "Payment Terms": 1, "IBAN": 1,
        "Facture": 4, "Factuur": 4, "Rechnung": 4, "Factuurnummer": 2, "Rechnungsnr": 2,
        "Factuurdatum": 2, "Rechnungsdatum": 2, "Date d'échéance": 2, "Vervaldatum": 2,
        "TVA": 1, "BTW": 1, "MwSt": 1, "Montant TTC": 2, "Total TTC": 2,
    },
    DocType.RECEIPT: {
        "領収書": 5, "領収証": 5, "レシート": 4, "お預り": 3, "お預かり": 3, "お釣り": 3,
        "お釣": 2, "釣銭": 3, "但し": 2, "上記正に領収": 4, "領収いたしました": 4, "お買上": 2,
        "RECEIPT": 4, "CASH": 2, "CHANGE": 2, "CASHIER": 2, "THANK YOU": 1, "TAX INVOICE": 1,
        "ROUNDING": 1, "GST": 1, "TOTAL QTY": 2, "Qty": 0.5, "内消費税": 1, "店": 0.5,
        "小計": 1, "合計": 1, "対象": 1, "内税": 1, "品名": 1, "支払方法": 2, "現金": 1,
        "点数": 1, "Item Count": 2, "Tender": 2, "レジ": 2, "軽減税率": 1,
        "Thank you for shopping": 2, "Sales Tax": 1, "VISA": 1,
    },
    DocType.CONTRACT: {
        "契約書": 5, "覚書": 4, "合意書": 4, "甲": 1, "乙": 1, "第1条": 3, "第１条": 3, "第2条": 2,
        "合意管轄": 3, "契約期間": 2, "以下「甲」": 4, "締結": 2, "AGREEMENT": 4,
        "WHEREAS": 3, "hereby": 1, "Confidential Information": 3, "IN WITNESS WHEREOF": 3,
        "governed by": 2, "the parties": 2, "Section 1": 1, "shall": 1,
    },
}
TITLE_LINES = 6  # keywords in the first lines of the first page count double
MIN_SCORE = 3.0
# A till roll is at least this much taller than wide; A4 and Letter are 1.41 and 1.29.
RECEIPT_ASPECT = 1.8
RECEIPT_SHAPE_WEIGHT = 3.0
TOTAL_WEIGHTS = {DocType.RECEIPT: 2.0, DocType.INVOICE: 1.0}


def _patterns() -> dict[DocType, list[tuple[re.Pattern[str], float]]]:
    return {
        t: [(re.compile(re.escape(k).replace("\\ ", r"\s*"), re.IGNORECASE), w)
            for k, w in words.items()]
        for t, words in KEYWORDS.items()
    }


_COMPILED = _patterns()


def score_types(view: DocView) -> dict[str, float]:
    title = "\n".join(line.text for line in view.lines[:TITLE_LINES])
    body = view.text
    scores: dict[str, float] = {}
    for doc_type, patterns in _COMPILED.items():
        total = 0.0
        for pattern, weight in patterns:
            if pattern.search(title):
                total += 2 * weight
            elif pattern.search(body):
                total += weight
        scores[str(doc_type)] = total
    for doc_type, weight in _layout_scores(view).items():
        scores[str(doc_type)] = scores.get(str(doc_type), 0.0) + weight
    return scores


def _layout_scores(view: DocView) -> dict[DocType, float]:
    """What the page shape and the amounts say: a narrow, tall page is a till receipt;
    a labelled total makes a money document (a receipt unless words say invoice)."""
    scores: dict[DocType, float] = {}
    pages = view.ocr.pages
    if len(pages) == 1 and pages[0].width and pages[0].height / pages[0].width >= RECEIPT_ASPECT:
        scores[DocType.RECEIPT] = RECEIPT_SHAPE_WEIGHT
    if any(a.kind == "total" and a.value > 0 for a in amounts(view)):
        for doc_type, weight in TOTAL_WEIGHTS.items():
            scores[doc_type] = scores.get(doc_type, 0.0) + weight
    return scores


def classify(scores: dict[str, float]) -> DocType:
    best, value = max(scores.items(), key=lambda kv: kv[1], default=("other", 0.0))
    return DocType(best) if value >= MIN_SCORE else DocType.OTHER
