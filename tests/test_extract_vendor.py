"""The issuer: name, branch and address, and the lines that are never the name
(titles, the customer, addresses, phone numbers, table headers)."""

from __future__ import annotations

import pytest

from extract.layout import phrase_view, row_view
from extract.schema import DocType, Extraction
from extract.vendor import extract_vendor
from extract.view import DocView
from tests.ocrdoc import doc, receipt


def vendor(*rows: str, maker=receipt, **kwargs) -> Extraction:
    result = Extraction(DocType.RECEIPT)
    extract_vendor(DocView(maker(*rows, **kwargs)), result)
    return result


NAME_CASES = [
    # (rows, big rows, name)
    (["オーブンテラス", "万代店", "新潟県新潟市中央区東堀前通7-5-6", "日付 2026-06-11 09:33"],
     (0,), "オーブンテラス"),
    # the first line lost: the branch, the address and the table header are no names
    (["浦和店", "埼玉県さいたま市浦和区仲町通7-11-12", "品名 金額", "メロンパン 120"], (), None),
    (["KIKU JAPANESE RESTAURANT", "TK DIVISION KITCHEN SDN BHD", "1202152-P",
      "19-1, JALAN MALINJA 2, TAMAN BUNGA RAYA"], (0,), "TK DIVISION KITCHEN SDN BHD"),
    # a registration number after the company form is cut off
    (["GARDENIA BAKERIES (KL) SDN BHD (139386 X)", "Lot 3, Jalan Pelabur 23/1"], (),
     "GARDENIA BAKERIES (KL) SDN BHD"),
    (["Farmasi Maluri S/B(587969-U)", "GST NO: 000342237184"], (), "Farmasi Maluri S/B"),
    # a name on two lines
    (["POPULAR BOOK", "CO. (M) SDN BHD", "(Co. No. 113825-W)"], (0, 1),
     "POPULAR BOOK CO. (M) SDN BHD"),
    (["HOME MASTER HARDWARE &", "ELECTRICAL", "NO.113G & 115G, JALAN SETIA"], (0, 1),
     "HOME MASTER HARDWARE & ELECTRICAL"),
    # the title is no name
    (["TAX INVOICE", "BHPetrol Subang Airport", "Jalan Lapangan Terbang Subang"], (),
     "BHPetrol Subang Airport"),
    (["PROSPER NIAGA", "Company No : SA0099552-P", "LOT PT 1138", "Site : 2365"], (),
     "PROSPER NIAGA"),
    # short names beside a legal form are names; kana after Latin letters are kept
    (["株式会社丸紅", "東京都千代田区大手町1-4-2"], (0,), "株式会社丸紅"),
    (["HP Inc", "1501 Page Mill Road"], (0,), "HP Inc"),
    (["TOKYO BOOKSマート", "東京都港区芝5-1-1"], (0,), "TOKYO BOOKSマート"),
]


@pytest.mark.parametrize(("rows", "big", "want"), NAME_CASES)
def test_vendor_name(rows: list[str], big: tuple[int, ...], want: str | None) -> None:
    assert vendor(*rows, big=big).get("vendor_name") == want


def test_smudge_with_low_confidence_is_no_name() -> None:
    view = doc("3 Gor oir", "SYARIKAT PERNIAGAAN GIN KEE", "NO 290, JALAN AIR PANAS")
    words = tuple(w if w.line else type(w)(w.text, w.bbox, 0.2, w.line)
                  for w in view.pages[0].words)
    low = type(view)((type(view.pages[0])(1, 800, 600, 200, words),))
    result = Extraction(DocType.RECEIPT)
    extract_vendor(DocView(low), result)
    assert result.get("vendor_name") == "SYARIKAT PERNIAGAAN GIN KEE"


def test_branch_on_the_same_line() -> None:
    result = vendor("ひので薬局  札幌大通店", "東京都千代田区神田錦町1-12-21", big=(0,))
    assert (result.get("vendor_name"), result.get("vendor_branch")) == ("ひので薬局", "札幌大通店")
    assert result.get("vendor_address") == "東京都千代田区神田錦町1-12-21"


def test_branch_on_the_next_line() -> None:
    result = vendor("まちのベーカリー", "那覇久茂地店", "沖縄県那覇市おもろまち3-4-16", big=(0,))
    want = ("まちのベーカリー", "那覇久茂地店")
    assert (result.get("vendor_name"), result.get("vendor_branch")) == want


def test_invoice_issuer_beside_the_customer() -> None:
    result = vendor("御請求書", "株式会社北斗企画 御中\t株式会社山田デザイン", "\t〒220-0049",
                    "\t神奈川県横浜市西区みなとみらい1-7-8", "\tTEL 045-1614-8910",
                    "\t登録番号:T5180001083492", maker=doc, width=1600)
    assert result.get("vendor_name") == "株式会社山田デザイン"
    assert result.get("vendor_address") == "神奈川県横浜市西区みなとみらい1-7-8"


def test_address_stops_at_phone_and_amounts() -> None:
    result = vendor("Paper Trail Books", "803 Commerce Way", "Wilmington, DE 19865",
                    "(462) 921-9200", "Coffee Large $4.35", big=(0,))
    assert result.get("vendor_address") == "803 Commerce Way Wilmington, DE 19865"


def test_rows_merge_columns_and_phrases_split_them() -> None:
    view = DocView(doc("Subtotal:\t$127.50", "株式会社北斗企画 御中\t株式会社山田デザイン"))
    assert [ln.text for ln in row_view(view).lines][0] == "Subtotal: $127.50"
    assert [ln.text for ln in phrase_view(view).lines] == [
        "Subtotal:", "$127.50", "株式会社北斗企画 御中", "株式会社山田デザイン"]


@pytest.mark.parametrize(("printed", "want"), [
    ("SUBANG HEALTHCARE SIN BHD", "SUBANG HEALTHCARE SDN BHD"),
    ("FOUR QUARTERS SON BHD", "FOUR QUARTERS SDN BHD"),
    ("MAKASSAR FRESH MARKET SDN BHO", "MAKASSAR FRESH MARKET SDN BHD"),
    ("KING'S CONFECTIONERY 8/B", "KING'S CONFECTIONERY S/B"),
    ("SONY SHOP", "SONY SHOP"),
    ("77 FRESH MART 57B (123456-%)", "77 FRESH MART S/B"),  # "/" read as "7", "X" as "%"
    ("KEDAI RUNCIT MAJU SDN BHD ~", "KEDAI RUNCIT MAJU SDN BHD"),  # debris after the name
    ("MAJU JAYA (TAMAN DAYA) SDN BND", "MAJU JAYA (TAMAN DAYA) SDN BHD"),
    ("MR. D.I.Y. (HM) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),  # the (M) of Malaysia misread
    ("ABC (HM) TRADING", "ABC (HM) TRADING"),  # not before SDN: left alone
    # trade words one letter off, and rn read as m
    ("UNIHAKKA INTERNATIGNAL SDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD"),
    ("Lim Intemational Sdn Bhd", "Lim International Sdn Bhd"),
])
def test_legal_form_spelling(printed: str, want: str) -> None:
    assert vendor(printed, "NO 290, JALAN AIR PANAS").get("vendor_name") == want


def test_branch_with_an_ocr_space_inside() -> None:
    result = vendor("ベーカリーひかり  品川港南  店", "東京都港区港南2-1-1", big=(0,))
    want = ("ベーカリーひかり", "品川港南店")
    assert (result.get("vendor_name"), result.get("vendor_branch")) == want


def test_address_continues_in_its_own_column() -> None:
    result = vendor("  ひので薬局", "東京都新宿区西新宿2-18-3", "双葉タワー3F", "TEL 03-1234-5678",
                    big=(0,))
    assert result.get("vendor_address") == "東京都新宿区西新宿2-18-3 双葉タワー3F"


def test_stray_kana_in_a_latin_name_joins_the_next_line() -> None:
    """"&" read as a kana at the end of the first line: dropped, and the name goes on."""
    result = vendor("GOLDEN LEAF STATIONERYる", "BOOKS", "NO. 12, JALAN MAWAR 3", big=(0,))
    assert result.get("vendor_name") == "GOLDEN LEAF STATIONERY BOOKS"


def test_a_company_form_alone_is_no_name() -> None:
    """"AG" in a smudged line lower down is a legal form with no name before it."""
    result = vendor("SERI MAWAR CAFE", "(MAWAR FOODS (12345))", "NO. 5, JALAN DUA",
                    "TOTAL 12.00", "AG XXXXXXXX 1819-------", big=(4,))
    assert result.get("vendor_name") == "SERI MAWAR CAFE"


def test_address_skips_a_date_and_stops_at_the_title() -> None:
    result = vendor("ORKID TRADING SDN BHD", "09 May 2018 18:24", "(123456-U)",
                    "12, Jalan Mawar 7/4, Taman Orkid", "81200 Johor Bahru, Johor",
                    "TAX INVOICE", big=(0,))
    assert result.get("vendor_address") == (
        "12, Jalan Mawar 7/4, Taman Orkid 81200 Johor Bahru, Johor")


def test_the_owner_of_the_shop_is_not_the_issuer() -> None:
    result = vendor("PELANGI BOOK SHOP", "NO. 3, JALAN SETIA 2", "40170 SETIA ALAM",
                    "TAX INVOICE", "Owned By :", "PELANGI HOLDINGS SDN BHD (1234567-K)")
    assert result.get("vendor_name") == "PELANGI BOOK SHOP"


def test_a_legal_form_alone_far_down_is_no_name() -> None:
    result = vendor("SIMPLIFIED TAX INVOICE", "MAWAR PHARMACY", "NO. 8, JALAN SS1/4",
                    *[f"ITEM {i} 1.00" for i in range(14)], "BHD")
    assert result.get("vendor_name") == "MAWAR PHARMACY"


def test_no_address_from_the_body_under_a_date() -> None:
    """A date under the name, then the items: the receipt prints no address."""
    result = vendor("ひかりパーキング", "2026-06-11 19:30:14", "駐車料金 2h", "1,750", big=(0,))
    assert result.get("vendor_address") is None


def test_an_amount_alone_is_no_address_line() -> None:
    result = vendor("MAWAR CAFE", "1,750", "NO. 5, JALAN DUA", big=(0,))
    assert result.get("vendor_address") is None


def test_a_registration_number_in_the_footer_does_not_pull_the_items_up() -> None:
    """The 登録番号 printed under the total is no sign of the issuer's block: the lines
    near it are items ("紙袋 20"), and an item with a grouped amount ("コーヒー豆 1,200")
    is no name either."""
    result = vendor("ふじみ文具", "領収書", "2026年3月15日", "コーヒー豆 1,200", "紙袋 20",
                    "合計 ¥1,220", "登録番号 T7010705000725")
    assert result.get("vendor_name") == "ふじみ文具"


def test_a_registration_number_in_the_header_still_marks_the_issuer() -> None:
    result = vendor("御請求書", "株式会社若葉デザイン 御中", "", "", "", "", "", "",
                    "東海印刷", "登録番号 T7010705000725", "品名 数量 単価 金額",
                    "印刷費 1 10,000 10,000", "合計 ¥11,000", maker=doc)
    assert result.get("vendor_name") == "東海印刷"


# ---- OCR's stutter in Japanese names ----

@pytest.mark.parametrize(("printed", "want"), [
    # a kana read twice, twice in two shapes (voicing mark, small form), and spaced out
    ("つばささマート", "つばさマート"),
    ("ひかりりドラッグ", "ひかりドラッグ"),
    ("まちかかどベーカリー", "まちかどベーカリー"),
    ("喫茶ごこごこもれび", "喫茶こもれび"),
    ("ひばり フレッシュユマ ー ト", "ひばりフレッシュマート"),
    # repeats that are words stay: family names, words, coined shop names
    ("ササキ薬局", "ササキ薬局"),
    ("すずらん薬局", "すずらん薬局"),
    ("ここから整骨院", "ここから整骨院"),
])
def test_kana_read_twice_is_read_once(printed: str, want: str) -> None:
    result = vendor(printed, "東京都港区芝5-1-1", big=(0,))
    assert result.get("vendor_name") == want


def test_a_repeat_left_as_read_says_so_in_no_evidence() -> None:
    fixed = vendor("つばささマート", "東京都港区芝5-1-1", big=(0,)).fields["vendor_name"]
    kept = vendor("ササキ薬局", "東京都港区芝5-1-1", big=(0,)).fields["vendor_name"]
    assert fixed.evidence is not None and fixed.evidence.source.endswith("+kana-repeat")
    assert kept.evidence is not None and "kana-repeat" not in kept.evidence.source


# ---- clues outside the letterhead ----

def test_the_name_in_front_of_the_title() -> None:
    result = vendor("Cobalt Cloud Hosting Invoice", "Account number:", "Invoice Date:",
                    "ATTN: Marlow Trading Limited", *[f"line {i}" for i in range(12)],
                    "Cobalt Cloud Hosting, Inc.", maker=doc, big=(0,))
    assert result.get("vendor_name") == "Cobalt Cloud Hosting"


@pytest.mark.parametrize("title", ["Commercial Invoice", "Payment Receipt", "TAX INVOICE",
                                   "Please keep this invoice"])
def test_a_title_alone_is_no_name(title: str) -> None:
    result = vendor(title, "Harbour Lights Bakery", "12 Quay Street", maker=doc)
    assert result.get("vendor_name") == "Harbour Lights Bakery"


def test_the_account_holder_is_the_issuer() -> None:
    """The customer's address heads the page; the issuer's name is a logo, and the
    payment details name it."""
    result = vendor("MARTINVAL", "Durand Pierre", "12 rue des Lilas", "69003 Lyon",
                    "Facture n° 2024001", "Total TTC : 56,02 €",
                    "Titulaire du compte : ECHOPRESS - IBAN : FR76 1010 7002",
                    maker=doc)
    assert result.get("vendor_name") == "ECHOPRESS"


def test_the_name_of_the_printed_domain_wins_over_a_line_above_it() -> None:
    result = vendor("Pinecrest Supply", "Harbor Grove Studio", "4557 Elm St",
                    "Fremont CA 94538", "Invoice INV/2023/0008",
                    *[f"item {i}" for i in range(10)],
                    "(870)-931-0505 sales@example.com http://www.harbor-grove-studio.com",
                    maker=doc)
    assert result.get("vendor_name") == "Harbor Grove Studio"


def test_a_mail_service_domain_names_nobody() -> None:
    result = vendor("Pinecrest Supply", "Gmail Court Cafe", "4557 Elm St",
                    "orders: pinecrest.supply@gmail.com", maker=doc)
    assert result.get("vendor_name") == "Pinecrest Supply"


def test_a_legal_footer_ends_at_the_company_form() -> None:
    result = vendor("Lune SAS au capital de 3.441.812 Euros - B 421 938 861 RCS Paris - "
                    "Siège social: 8 rue de la Paix 75002 Paris", maker=doc)
    assert result.get("vendor_name") == "Lune SAS"


@pytest.mark.parametrize("label", ["Afleveradres", "Bill To:", "Nederland"])
def test_a_customer_label_or_a_country_alone_is_no_name(label: str) -> None:
    assert vendor(label, "Fakestreet 46", "TEL 030-123456", maker=doc).get(
        "vendor_name") is None


def test_a_word_spelling_the_printed_domain_names_a_logo() -> None:
    """The name is a logo; the customer's name heads the text; the footer spells the
    issuer's name beside its own domain."""
    result = vendor("Retail Invoice", "Order ID: OD3041 Billing Address", "Priya Raman",
                    "12, Lake View Road", *[f"item {i} 1" for i in range(8)],
                    "Returns: At Zestmart we try to deliver perfectly every time",
                    "Zestmart.com Customer Care: 1800 208 || www.zestmart.com/support",
                    maker=doc)
    assert result.get("vendor_name") == "Zestmart"
    assert result.fields["vendor_name"].evidence.source == "layout:vendor:site-word"


def test_a_domain_word_inside_the_chosen_name_keeps_the_name() -> None:
    result = vendor("Zestmart Hardware", "12 Quay Street", "Visit www.zestmart.com",
                    "Thank you for shopping at Zestmart", maker=doc, big=(0,))
    assert result.get("vendor_name") == "Zestmart Hardware"


def test_the_address_under_the_same_name_in_the_footer() -> None:
    result = vendor("Cobalt Cloud Hosting Invoice", "Invoice Date: 3 August 2014",
                    *[f"line {i}" for i in range(12)], "Cobalt Cloud Hosting, Inc.",
                    "410 Terry Ave North", "Seattle, WA 98109", maker=doc, big=(0,))
    assert result.get("vendor_name") == "Cobalt Cloud Hosting"
    assert result.get("vendor_address") == "410 Terry Ave North Seattle, WA 98109"


def test_no_address_under_an_account_holder() -> None:
    result = vendor("MARTINVAL", "Facture n° 2024001", "Titulaire du compte : ECHOPRESS",
                    "IBAN : FR76 1010 7002 4500 6170", maker=doc)
    assert result.get("vendor_name") == "ECHOPRESS"
    assert result.get("vendor_address") is None


@pytest.mark.parametrize("smudge", ["(7ルク", "3 18oUOT", "O1:57P#"])
def test_ocr_debris_above_a_latin_name_is_no_name(smudge: str) -> None:
    result = vendor(smudge, "SYARIKAT PERNIAGAAN GIN KEE", "NO 290, JALAN AIR PANAS",
                    big=(0,))
    assert result.get("vendor_name") == "SYARIKAT PERNIAGAAN GIN KEE"


@pytest.mark.parametrize("name", ["7-ELEVEN", "A&W", "99 SPEED MART"])
def test_names_with_digits_or_short_words_are_no_debris(name: str) -> None:
    assert vendor(name, "NO 290, JALAN AIR PANAS").get("vendor_name") == name


@pytest.mark.parametrize("line", ["5834 Commerce Way", "27 rue Henri Rolland",
                                  "Kerkstraat 12", "BANDAR MAHKOTA CHERAS",
                                  "SELANGOR DARUL EHSAN", "CASH"])
def test_address_lines_and_payment_words_are_no_name(line: str) -> None:
    """Printed larger than the name above it, yet no name."""
    result = vendor("PROSPER NIAGA", line, "Tel 03-1234 5678", "GST No 000123",
                    "Date 2018-01-02", maker=doc, big=(1,))
    assert result.get("vendor_name") == "PROSPER NIAGA"


def test_an_account_name_away_from_bank_details_is_no_payee() -> None:
    result = vendor("KEDAI MAWAR", "NO 12, JALAN MAWAR 3", "Account Name: LIM AH KOW",
                    "TOTAL 12.00", maker=doc)
    assert result.get("vendor_name") == "KEDAI MAWAR"


def test_the_till_makers_site_names_nobody() -> None:
    result = vendor("KEDAI KOPI MAWAR", "NO 12, JALAN MAWAR 3", "TOTAL 12.00",
                    "Receipts by Tillhub, Tillhub for shops",
                    "Powered by Tillhub www.tillhub.com", maker=doc)
    assert result.get("vendor_name") == "KEDAI KOPI MAWAR"


def test_the_letterhead_that_prints_the_account_holder_keeps_its_address() -> None:
    result = vendor("ORKID TRADING SDN BHD", "12, Jalan Mawar 7/4, Taman Orkid",
                    "81200 Johor Bahru", "Invoice No: 1001", "TOTAL 12.00",
                    "Bank: Maybank", "Account Name: ORKID TRADING SDN BHD", maker=doc)
    assert result.get("vendor_name") == "ORKID TRADING SDN BHD"
    assert result.get("vendor_address") == "12, Jalan Mawar 7/4, Taman Orkid 81200 Johor Bahru"
