"""What a line of the issuer's block is when it is not the name: a title, an address,
a price, a table header, a branch. The vendor's choice sets these aside; the address
reader stops at them."""

from __future__ import annotations

import re

TITLES = re.compile(
    r"^[\W_]*(?:(?:SIMPLIFIED|COPY|KOPIE|DUPLICATE|ORIGINAL|PRO-?FORMA|COMMERCIAL)\s+)?"
    r"(御?請求書|領収書|領収証|レシート|納品書|見積書|契約書|(?:SIMPLIFIED )?TAX INVOICE|"
    r"INVOICE|RECEIPT|OFFICIAL RECEIPT|CASH BILL|CASH(?: SALES?)?|BILL|FACTUUR|FACTURE|"
    r"RECHNUNG)[\W_]*$",
    re.IGNORECASE)
NOT_VENDOR = re.compile(
    r"御中|様|殿|銀行|口座|振込|TEL|FAX|電話|〒|登録番号|請求|領収|合計|日付|Bill To|Ship To|"
    r"Invoice|Receipt|Date|Total|Page|@|www\.|http|Reg\.? ?No|GST|Tel\b|Fax\b|Phone|"
    r"Cashier|Customer|Member|Tax\b|Thank|Sold By|Address|Account|品名|金額|数量|単価|"
    r"Description|Qty|Quantity|Amount|Item|Company\s?No|Co\.?-?\s?(?:No|Reg)|\bReg\b",
    re.IGNORECASE)
LATIN_ADDRESS = re.compile(
    r"^\W*(?:No\.?\s?:?\s?\d|Lot\b|Unit\b|Level\b|Block\b|Blk\b|\d+[A-Z]?,)|\bJalan\b|\bJln\b|"
    r"Street|\bRoad\b|\bRd\b|Avenue|\bAve\b|\bTaman\b|\bTmn\b|(?<!\d)\d{5}(?!\d)|"
    # a house number, then the street's kind ("5834 Commerce Way", "27 rue Henri")
    r"^\W*\d{1,5}[A-Z]?\s+(?:[\w.'-]+\s+){0,4}?(?:Way|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|"
    r"Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy|Square|Sq|St|rue|all[ée]e|chemin)\b|"
    r"\w(?:straat|weg|laan|gracht|plein|stra(?:ss|ß)e|gasse|allee)\s+\d|"
    # the Malay words of an address: town, road, lane, section, industrial estate, state
    r"\b(?:Bandar|Persiaran|Lorong|Lrg|Seksyen|Kawasan Perindustrian|"
    r"Darul (?:Ehsan|Takzim|Aman|Ridzuan|Naim|Makmur|Khusus)|Kuala Lumpur|Wilayah)\b",
    re.IGNORECASE)
# The last line of an address block: a country alone.
COUNTRY_LINE = re.compile(
    r"^\W*(?:Nederland|Netherlands|Belgi[eë]|Belgique|Deutschland|Germany|France|Italia|Italy|"
    r"Espa[nñ]a|Spain|United States(?: of America)?|USA|U\.S\.A\.|United Kingdom|UK|Canada|"
    r"Australia|Malaysia|Singapore|Hong Kong|India|Japan|Schweiz|Switzerland|Österreich|"
    r"Austria|Polska|Poland)\W*$", re.IGNORECASE)
JP_ADDRESS = re.compile(r"^.{0,4}(?:東京都|北海道|(?:京都|大阪)府|.{2,3}県)|〒|\d+-\d+(?:-\d+)?$|"
                        r"(?:ビル|ビルディング|タワー|センター)\s*\d*\s*[FＦ階]?$|\d+\s*[FＦ階]$")
PRICE = re.compile(r"\d[.,]\d{2}(?!\d)|[¥￥$€£]\s?\d|(?<![\d,])\d{1,3}(?:,\d{3})+\s*[-円]?$")
HEADER = re.compile(r"品名|数量|単価|金額|Description|Qty|Quantity|Price|Amount", re.IGNORECASE)
LABEL_VALUE = re.compile(r"^[^\W\d_][\w .]{0,15}[:：]\s?\S")  # "Site : 2365"
BRANCH_WORDS = r"(?:店|支店|営業所|出張所|事業所|工場|精算機|Branch)"
BRANCH_LINE = re.compile(rf"^\S{{1,8}}{BRANCH_WORDS}$")
