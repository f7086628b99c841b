"""Word lists for fictional issuers, customers, places and goods, and the draws that
combine them. Every name is made up from parts; none is meant to be a real business."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from synth.formats import corporate_number

JA_STEMS = ("青葉", "山田", "東海", "さくら", "北斗", "大和", "富士見", "若葉", "中央", "日の出",
            "三河", "ひかり", "朝日", "白石", "松風", "瑞穂", "丸山", "双葉", "あおい", "港南")
JA_TRADES = ("商事", "企画", "システム", "工業", "物産", "建設", "印刷", "電機", "食品", "運輸",
             "設計", "技研", "ソリューションズ", "製作所", "興業", "デザイン", "フーズ")
JA_FORMS = ("株式会社", "株式会社", "株式会社", "有限会社", "合同会社")

# (prefecture, city, town, postal code prefix, phone area code); block numbers are drawn.
JA_PLACES = (
    ("東京都", "渋谷区", "神南", "150-00", "03"),
    ("東京都", "千代田区", "神田錦町", "101-00", "03"),
    ("東京都", "港区", "芝浦", "108-00", "03"),
    ("東京都", "新宿区", "西新宿", "160-02", "03"),
    ("大阪府", "大阪市北区", "梅田", "530-00", "06"),
    ("愛知県", "名古屋市中区", "栄", "460-00", "052"),
    ("神奈川県", "横浜市西区", "みなとみらい", "220-00", "045"),
    ("福岡県", "福岡市博多区", "博多駅前", "812-00", "092"),
    ("北海道", "札幌市中央区", "北一条西", "060-00", "011"),
    ("宮城県", "仙台市青葉区", "一番町", "980-08", "022"),
)
JA_BUILDINGS = ("ビル", "ビルディング", "センター", "タワー", "第二ビル")
JA_SURNAMES = ("山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村", "小林", "加藤")
JA_GIVEN = ("太郎", "花子", "一郎", "健太", "美咲", "翔", "由美", "大輔", "直子", "誠")

JA_STORE_BRANDS = ("まるやまマート", "さくらストア", "カフェ青葉", "ベーカリーひかり", "ひので薬局",
                   "みずほ書房", "ふじみ文具", "デイリー東海", "スーパー若葉", "北斗ベーカリー")
JA_BRANCHES = ("渋谷店", "新宿西口店", "梅田駅前店", "栄店", "博多駅店", "横浜西口店", "本店",
               "札幌大通店", "仙台一番町店", "品川港南店")

BANKS = ("みずほ銀行", "三井住友銀行", "三菱UFJ銀行", "りそな銀行", "横浜銀行", "福岡銀行")
BANK_BRANCHES = ("渋谷支店", "新宿支店", "本店営業部", "梅田支店", "名古屋支店", "横浜駅前支店")

EN_STEMS = ("Northwind", "Blue Harbor", "Cedar", "Summit", "Redwood", "Lakeside", "Granite",
            "Silverline", "Maple", "Brightwater", "Ironbridge", "Oakridge", "Harborview")
EN_TRADES = ("Trading", "Consulting", "Systems", "Logistics", "Supply", "Labs", "Analytics",
             "Manufacturing", "Software", "Networks", "Partners")
EN_FORMS = ("LLC", "Inc.", "Ltd.", "Corporation", "Co.")
EN_STREETS = ("Market Street", "Harbor Drive", "Oak Avenue", "Main Street", "Elm Street",
              "Commerce Way", "Lincoln Boulevard", "Park Avenue", "Riverside Road")
# (city, state name, state code, ZIP prefix)
US_PLACES = (
    ("San Francisco", "California", "CA", "941"), ("Austin", "Texas", "TX", "787"),
    ("Boston", "Massachusetts", "MA", "021"), ("Seattle", "Washington", "WA", "981"),
    ("New York", "New York", "NY", "100"), ("Chicago", "Illinois", "IL", "606"),
    ("Wilmington", "Delaware", "DE", "198"), ("Denver", "Colorado", "CO", "802"),
)
EU_PLACES = (("Berlin", "10115", "Germany"), ("Amsterdam", "1012 AB", "Netherlands"),
             ("Dublin", "D02 XY45", "Ireland"), ("Lyon", "69002", "France"))
EN_STORES = ("Corner Market", "Daily Grind Cafe", "Green Leaf Grocery", "Paper Trail Books",
             "Harbor Hardware", "Sunrise Deli", "City Pharmacy")


@dataclass(frozen=True, slots=True)
class Goods:
    name: str
    low: int  # price range, in yen or cents
    high: int
    reduced: bool = False  # 軽減税率 (8%) item


JA_INVOICE_GOODS = (
    Goods("Webサイト保守費用", 30000, 120000), Goods("システム開発費", 200000, 900000),
    Goods("デザイン制作費", 50000, 300000), Goods("サーバー利用料", 8000, 60000),
    Goods("コピー用紙 A4 500枚", 400, 900), Goods("トナーカートリッジ", 6000, 18000),
    Goods("打合せ交通費", 1000, 9000), Goods("技術サポート費", 20000, 80000),
    Goods("印刷費 パンフレット", 30000, 150000), Goods("配送料", 800, 5000),
)
JA_REDUCED_GOODS = (
    Goods("お茶 500ml 24本入", 1800, 3200, True), Goods("会議用弁当", 600, 1500, True),
    Goods("菓子詰合せ", 1000, 4000, True), Goods("コーヒー豆 1kg", 2000, 5000, True),
    Goods("ミネラルウォーター 2L", 100, 250, True),
)
JA_RECEIPT_FOOD = (
    Goods("おにぎり 鮭", 130, 180, True), Goods("緑茶 500ml", 120, 160, True),
    Goods("サンドイッチ", 250, 420, True), Goods("牛乳 1L", 180, 260, True),
    Goods("塩バターパン", 150, 230, True), Goods("カフェラテ M", 300, 480, True),
    Goods("幕の内弁当", 480, 780, True), Goods("チョコレート", 100, 300, True),
)
JA_RECEIPT_OTHER = (
    Goods("ボールペン 黒", 110, 220), Goods("乾電池 単3 4本", 300, 600),
    Goods("レジ袋 L", 3, 5), Goods("ティッシュ 5箱", 280, 450), Goods("ノート A5", 120, 300),
    Goods("マスク 30枚", 400, 900), Goods("店内飲食 カフェラテ", 350, 520),
)
EN_INVOICE_GOODS = (
    Goods("Consulting services", 8000, 25000), Goods("Software license (annual)", 30000, 250000),
    Goods("Support plan - monthly", 5000, 40000), Goods("Office chairs", 9000, 35000),
    Goods("Data migration", 50000, 300000), Goods("Training workshop", 40000, 150000),
    Goods("Shipping and handling", 1000, 6000), Goods("Cloud hosting", 2000, 30000),
)
EN_RECEIPT_GOODS = (
    Goods("Coffee Large", 250, 550), Goods("Bagel w/ Cream Cheese", 300, 600),
    Goods("Notebook A5", 300, 900), Goods("AA Batteries 4pk", 500, 1100),
    Goods("Orange Juice", 250, 600), Goods("Sandwich Turkey", 650, 1200),
    Goods("Paper Towels", 300, 800), Goods("Chocolate Bar", 150, 350),
)


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    postal: str
    address_lines: tuple[str, ...]  # as printed, one item a line
    phone: str
    registration: str  # "T" + 13 digits; empty where none is printed
    joiner: str = " "

    @property
    def address(self) -> str:
        """The address as one line: the truth's vendor_address."""
        return self.joiner.join(self.address_lines)


def _phone(rng: random.Random, area: str) -> str:
    return f"{area}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def ja_company_name(rng: random.Random) -> str:
    core = rng.choice(JA_STEMS) + rng.choice(JA_TRADES)
    form = rng.choice(JA_FORMS)
    return form + core if rng.random() < 0.6 else core + form


def ja_company(rng: random.Random, name: str | None = None) -> Company:
    pref, city, town, postal, area = rng.choice(JA_PLACES)
    lines = [f"{pref}{city}{town}{rng.randint(1, 5)}-{rng.randint(1, 20)}-{rng.randint(1, 30)}"]
    if rng.random() < 0.6:
        lines.append(f"{rng.choice(JA_STEMS)}{rng.choice(JA_BUILDINGS)}{rng.randint(2, 12)}F")
    return Company(name or ja_company_name(rng), f"〒{postal}{rng.randint(10, 99)}",
                   tuple(lines), _phone(rng, area), "T" + corporate_number(rng))


def ja_person(rng: random.Random) -> str:
    return f"{rng.choice(JA_SURNAMES)} {rng.choice(JA_GIVEN)}"


def en_company_name(rng: random.Random) -> str:
    return f"{rng.choice(EN_STEMS)} {rng.choice(EN_TRADES)} {rng.choice(EN_FORMS)}"


def us_address(rng: random.Random) -> tuple[tuple[str, ...], str]:
    """The address lines and the state's name."""
    city, state, code, zip3 = rng.choice(US_PLACES)
    lines = [f"{rng.randint(10, 9999)} {rng.choice(EN_STREETS)}"]
    if rng.random() < 0.4:
        lines.append(f"Suite {rng.randint(100, 900)}")
    return (*lines, f"{city}, {code} {zip3}{rng.randint(10, 99)}"), state


def us_phone(rng: random.Random) -> str:
    return f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def en_company(rng: random.Random, euro: bool = False, name: str | None = None) -> Company:
    if euro:
        city, postcode, country = rng.choice(EU_PLACES)
        lines: tuple[str, ...] = (f"{rng.randint(1, 120)} {rng.choice(EN_STREETS)}",
                                  f"{postcode} {city}", country)
        phone = (f"+{rng.choice((31, 33, 49, 353))} {rng.randint(10, 99)} "
                 f"{rng.randint(100000, 9999999)}")
    else:
        lines, _ = us_address(rng)
        phone = us_phone(rng)
    return Company(name or en_company_name(rng), "", lines, phone, "", ", ")


T = TypeVar("T")


def pair_of(draw: Callable[[], T], name: Callable[[T], str]) -> tuple[T, T]:
    """Two draws with different names: a company does not bill or contract itself."""
    first, second = draw(), draw()
    while name(second) == name(first):
        second = draw()
    return first, second


def price(rng: random.Random, goods: Goods, step: int) -> Decimal:
    """A price in the goods' range, rounded to a plausible step (10 yen, 5 cents...)."""
    value = rng.randint(goods.low // step, goods.high // step) * step
    return Decimal(max(value, step))
