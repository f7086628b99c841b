"""The label dictionary: how documents name their fields, in Japanese and English.
Data, not code: each field lists its labels strongest first."""

from __future__ import annotations

import re


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _compile(words: list[str]) -> re.Pattern[str]:
    return re.compile(f"(?:{_alternation(words)})", re.IGNORECASE)


LABELS: dict[str, list[str]] = {
    "total": [
        "今回ご請求金額", "今回ご請求額", "今回請求額", "ご請求金額", "御請求金額", "ご請求額",
        "請求金額", "請求額", "税込合計金額", "税込合計", "合計金額", "総合計", "領収金額",
        "お買上合計", "お買上計", "お買上げ合計", "お支払金額", "お支払い金額", "総額", "合計",
        "合 計", "Total Due", "Amount Due", "Balance Due", "Grand Total", "Total Amount",
        "Invoice Total", "Rounded Total", "Total Payable", "Total \\(RM\\)", "Nett Total",
        "Net Total", "Total Sales", "Total",
    ],
    "subtotal": [
        "税抜合計", "税抜金額", "税抜計", "小計", "小 計", "本体価格", "Subtotal", "Sub Total",
        "Sub-Total", "Total Excl", "Net Amount", "Amount Excl",
    ],
    "tax_total": [
        "内消費税等", "内消費税", "消費税等合計", "消費税合計", "消費税等", "消費税額", "消費税",
        "内税", "Total Tax", "Tax Amount", "Sales Tax", "GST", "VAT", "Tax",
    ],
    "issue_date": [
        "請求日", "請求年月日", "発行日", "発行年月日", "取引日", "領収日", "作成日", "日付",
        "Invoice Date", "Date of Issue", "Issue Date", "Date",
    ],
    "due_date": [
        "お支払期限", "お支払い期限", "支払期限", "振込期日", "お振込期限", "振込期限", "支払期日",
        "お支払期日", "Due Date", "Payment Due", "Due",
    ],
    "invoice_number": [
        "請求書番号", "請求番号", "伝票番号", "Invoice Number", "Invoice No\\.?", "Invoice #",
        "Invoice#", "Bill No\\.?", "No\\.",
    ],
}

# Amount lines that are never the total (tendered, change, carried over).
NOT_TOTAL = _compile([
    "お預り", "お預かり", "預り", "預かり", "お釣り", "おつり", "お釣", "釣銭", "前回ご請求額",
    "前回請求額", "前回ご請求金額", "ご入金額", "入金額", "繰越", "対象", "点数", "Change",
    "Cash", "Tendered", "Paid", "Previous", "Rounding", "Round Adj", "Discount", "Qty",
    "Total Qty", "Item",
])
NOT_SUBTOTAL = _compile(["対象", "点数", "Qty"])

PATTERNS: dict[str, re.Pattern[str]] = {name: _compile(words) for name, words in LABELS.items()}

CUSTOMER_SUFFIX = re.compile(r"\s*(御中|様|殿)\s*$|\s*(御中|様|殿)\s")
COMPANY_FORM = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|一般社団法人|（株）|\(株\)|㈱|(?<![A-Za-z])(?:"
    r"Co\.?,? ?Ltd\.?|Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|Corporation|GmbH|B\.V\.|"
    r"S\.A\.|SDN\.? ?BHD\.?|BHD|Enterprise|Trading|PLC|AG|Pte)(?![A-Za-z])",
    re.IGNORECASE,
)
