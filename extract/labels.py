"""The label dictionary: how documents name their fields, in Japanese, English, French,
Dutch and German. Data, not code: each field lists its labels strongest first.

Labels are regular-expression fragments; a space in a label stands for optional white
space (OCR drops and adds spaces), and Latin letters accept the shapes OCR confuses them
with (l/1/I/!, O/0), so "Tota! Incl. of GST" still reads as a total."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Total incl. GST" is the total, "Total excl. GST" the subtotal; "Total includes 6% GST
# 1.44" names the tax, so "includes" / "included" are not inclusion markers here.
_INCL = r"\(? ?(?:incl(?:\.|uding|usive)?(?!ude)|with|inc\.) ?(?:of )?(?:GST|VAT|tax|BTW)?\)?"
_INCL_TAX = r"\(? ?incl(?:\.|uding|usive)?(?!ude) ?(?:of )?(?:GST|VAT|tax)\)?"
_EXCL = r"\(? ?(?:excl(?:\.|uding|usive)?|before|w/o|ex\b) ?(?:of )?(?:GST|VAT|tax|BTW)?\)?"

# Amount labels by kind. The kinds other than total/subtotal/tax_total never give those
# fields: they are read so that their amounts are not taken for one (お預り is not the
# total) and so that cross-checks can use them (total = tendered - change).
AMOUNT_LABELS: dict[str, list[str]] = {
    "total": [
        "今回ご請求金額", "今回ご請求額", "今回御請求額", "今回請求金額", "今回請求額",
        "今回お買上額",
        "ご請求金額", "御請求金額", "ご請求額", "御請求額", "請求金額", "請求額", "税込合計金額",
        "合計金額 ?[(（]税込[)）]", "税込合計", "税込金額合計", "お買上合計", "お買上げ合計",
        "お買上計", "お買上金額", "お支払金額", "お支払い金額", "お支払合計", "領収金額", "総合計",
        "合計金額", "総額", "合計", "合 計",
        "Grand Total", "Total Amount Due", "Total Due", "Amount Due", "Balance Due",
        "Total Amount Payable", "Total Payable", "Amount Payable", "Invoice Total",
        "Total Amt Rounded", "Total Rounded", "Rounded Total", "Total After Rounding",
        "Total After Adj(?:ustment)?(?: ?incl\\.? ?GST)?", "Nett Total",
        "Total (?:Sales |Amount |Amt )?(?:RM |\\(RM\\) )?" + _INCL,
        # "Total Af ter Adj Incl GST": words OCR cut apart between Total and the tax
        # it includes; the tax word is required, so a bare "Total ... incl" is not it.
        "Total(?! ?(?:Sav|Disc|Qty|Quantity|Items?\\b|Excl))(?: [A-Za-z]{1,9}){1,3} " + _INCL_TAX,
        "Total \\(?(?:GST|VAT|tax) ?incl(?:\\.|uding|usive)?\\)?",
        "Total TTC", "Montant TTC", "Net à payer", "Somme à payer", "Total à payer",
        "Montant total", "Total facture", "Factuur ?totaal", "Totaalbedrag", "Totaal",
        "Te betalen", "Gesamtbetrag", "Rechnungsbetrag", "Rechnungssumme", "Endbetrag",
        "Gesamtsumme", "Bruttobetrag", "Zu zahlen", "Total Amount", "Total Sales",
        "Net Total", "Total \\(RM\\)", "Total RM", "Total", "Summe",
        "Rounded(?! ?Adj)",  # "[TOT]AL ROUNDED RM 8.10": the total's first word lost to OCR
    ],
    "subtotal": [
        "税抜合計", "税抜金額", "税抜計", "本体価格", "本体合計", "小計", "小 計",
        "Total (?:Sales |Amount |Amt )?" + _EXCL, "Sub ?-? ?Total(?: Before Discount)?",
        "Subtotaal", "Total HT", "Montant HT", "Total net HT", "Sous-total",
        "Exclusief BTW", "Totaal excl\\.? BTW", "Nettobetrag", "Zwischensumme", "Summe netto",
        "Net Amount", "Amount Excl\\.?(?:uding)?(?: ?(?:GST|VAT|tax))?",
    ],
    "tax_total": [
        "内消費税等合計", "内消費税合計", "消費税額合計", "税額合計", "内消費税等", "内消費税",
        "消費税等合計", "消費税合計", "消費税等", "消費税額", "消費税",
        "内税", "外税", "Total Tax", "Tax Total", "GST Total", "VAT Total", "Tax Amount",
        "Total GST", "GST Amount", "Sales Tax",
        "GST", "VAT", "Tax", "TVA", "BTW", "MwSt\\.?", "USt\\.?", "Mehrwertsteuer",
        "Umsatzsteuer", "IVA",
    ],
    "tendered": [
        "お預り金?", "お預かり", "預り金", "預かり金?", "お預", "現金", "クレジット",
        "Cash Tendered",
        "Amount Tendered", "Tendered", "Tender", "Cash", "Payment", "Paid", "Pay",
        "Received", "VISA", "Master(?:card)?", "Card",
    ],
    "change": [
        "お釣り", "お釣", "おつり", "釣銭", "つり銭", "Change Due", "Change Amt", "Change",
    ],
    "rounding": ["端数調整", "Rounding Adj(?:ustment)?", "Round(?:ing)? Adj", "Rounding",
                 "Adjustment"],  # "Rour ding Adjustment": OCR breaks the first word
    "discount": [
        "クーポン値引", "値引き?", "割引", "Member Discount", "Total Savings?", "Discount",
        "Disc\\.?", "Savings?", "Remise", "Korting", "Rabatt",
    ],
    "count": [
        "合計点数", "お買上点数", "買上点数", "点数", "個数", "Total Qty", "Total Quantity",
        "Total Items?(?:\\(s\\))?", "Item Count", "Items?\\(s\\)", "Qty\\(s\\)", "Qty",
        "No\\. of items",
    ],
    "previous": [
        "前回ご請求額", "前回御請求額", "前回ご請求金額", "前回請求額", "ご入金額", "御入金額",
        "入金額",
        "繰越金額", "繰越額", "差引繰越", "Previous Balance", "Payments? Received",
        "Amount Paid",
    ],
    "taxable": ["対象額?", "課税対象", "Taxable(?: Amount)?", "Grondslag"],
    # Labels whose numbers are never amounts of this document.
    "ignore": [
        "登録番号", "GST (?:Reg(?:istration)?|ID|No)\\.?(?: No\\.?)?", "ID GST",
        "Tax (?:ID|Invoice|Code)",
        "VAT (?:Reg|No|ID|number)", "BTW[- ]?(?:nummer|nr)", "Company Reg", "Co\\. ?Reg",
        "Co\\. No", "GST Summary", "Summary", "単価", "Unit Price", "U/P", "Rate",
        "番号", "Card (?:No|Number)\\.?", "Slip No\\.?", "Account (?:No|Number)\\.?",
        "Invoice (?:No|Number)\\.?", "Receipt(?: No\\.?)?", "Order (?:No|ID)\\.?", "Trans\\.?",
        "Terminal", "Number", "Nummer", "No\\.", "Nr\\.", "#", "ID",
    ],
}

FIELD_LABELS: dict[str, list[str]] = {
    "issue_date": [
        "請求日", "請求年月日", "発行日", "発行年月日", "取引日", "領収日", "作成日", "日付",
        "日時",
        "Invoice Date", "Date of Issue", "Issue Date", "Sales Date", "Date", "Factuurdatum",
        "Rechnungsdatum", "Date de facture", "Datum",
    ],
    "due_date": [
        "お支払期限", "お支払い期限", "支払期限", "振込期日", "お振込期限", "振込期限", "支払期日",
        "お支払期日", "Due Date", "Payment Due", "Date limite de paiement", "Vervaldatum",
        "Fälligkeitsdatum", "Fällig am", "Due",
    ],
    "invoice_number": [
        "請求書番号", "請求番号", "伝票番号", "領収書番号", "レシート番号", "Invoice Number",
        "Invoice No\\.?", "Invoice #", "Invoice#", "Inv\\.? No\\.?", "Receipt No\\.?",
        "Bill No\\.?",
        "Factuurnummer", "Facture n°", "Facture N[°o]", "Rechnungsnummer", "Rechnungsnr\\.?",
        "Document No", "Doc ?No", "No\\.",
    ],
}

_CONFUSABLE = {"l": "[l1I|!]", "i": "[iIl1|!]", "o": "[oO0]"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _fragment(label: str) -> str:
    """A label as a pattern: spaces optional, confusable Latin letters widened, and
    Latin words not matched inside longer words (Cash is not Cashier)."""
    out = []
    in_class = 0
    for i, ch in enumerate(label):
        prev = label[i - 1] if i else ""
        if ch == "[" and prev != "\\":
            in_class += 1
        elif ch == "]" and prev != "\\":
            in_class -= 1
        if ch == "?" and prev == " " and not in_class:
            continue  # " ?" is already optional white space
        if ch == " " and not in_class:
            out.append(r"\s*")
        elif ch.lower() in _CONFUSABLE and not in_class and prev != "\\":
            out.append(_CONFUSABLE[ch.lower()])
        elif _CJK.match(ch) and not in_class and _CJK.match(label[i + 1:i + 2]):
            out.append(ch + r"\s*")  # OCR spaces Japanese words apart: 請求 番号
        else:
            out.append(ch)
    body = "".join(out)
    if label[:1].isascii() and label[:1].isalpha():
        body = r"(?<![A-Za-z])" + body
    if label[-1:].isascii() and label[-1:].isalpha():
        body += r"(?![A-Za-z])"
    return body


def _compile(words: list[str]) -> re.Pattern[str]:
    """One pattern for a field's labels, longer labels first (Invoice Date before Date)."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(f"(?:{_fragment(w)})" for w in ordered), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Label:
    kind: str
    rank: int  # position in its kind's list: lower is stronger
    pattern: re.Pattern[str]


AMOUNT_LABEL_TABLE: tuple[Label, ...] = tuple(
    Label(kind, rank, re.compile(_fragment(word), re.IGNORECASE))
    for kind, words in AMOUNT_LABELS.items() for rank, word in enumerate(words))

LABELS: dict[str, list[str]] = {**{k: AMOUNT_LABELS[k] for k in ("total", "subtotal",
                                                                  "tax_total")},
                                **FIELD_LABELS}
PATTERNS: dict[str, re.Pattern[str]] = {name: _compile(words) for name, words in LABELS.items()}
_SINGLE: dict[str, list[re.Pattern[str]]] = {
    name: [re.compile(_fragment(w), re.IGNORECASE) for w in words]
    for name, words in LABELS.items()}


def label_rank(field: str, label: str) -> int:
    """The strength of a matched label: its position in the field's list."""
    return next((i for i, p in enumerate(_SINGLE[field]) if p.fullmatch(label)),
                len(_SINGLE[field]))

# The legend of the reduced-rate marker: "※は軽減税率(8%)対象品目です" names a rate but
# is neither an item nor a rate row.
MARKER_LEGEND = re.compile(
    r"^\W*[※＊*★☆]\s*(?:印)?は|軽減税率.{0,6}(?:対象|適用)(?:品目|商品)|indicates", re.IGNORECASE)

CUSTOMER_SUFFIX = re.compile(r"\s*(御中|様|殿)\s*$|\s*(御中|様|殿)\s")
COMPANY_FORM = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|"
    r"医療法人|学校法人|社会福祉法人|特定非営利活動法人|（株）|\(株\)|㈱|（有）|\(有\)|㈲|"
    r"(?<![A-Za-z])(?:Co\.?,? ?Ltd\.?|Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|"
    r"Corporation|GmbH|B\.V\.|N\.V\.|S\.A\.S?|SARL|SAS|S\.?R\.?L\.?|SDN\.? ?BHD\.?|BHD\.?|"
    r"[S8]/B|Enterprise|Trading|PLC|AG|Pte|Pvt\.? Ltd\.?)(?![A-Za-z])",
    re.IGNORECASE,
)
