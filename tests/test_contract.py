"""Contract fields from Japanese and English clauses: table-driven cases built from text
lines (words with fake boxes laid out by character position), the cases that must give
no value, name normalisation, and the evidence every value carries."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from extract import contract
from extract.contract_names import clean_name, recase
from extract.schema import DocType, Extraction
from extract.view import DocView
from ocr.types import OcrDocument, OcrPage, Word

CHAR_W, LINE_H, PAGE_W = 10, 40, 2000
LINES_PER_PAGE = 60


def page_of(lines: list[str], number: int) -> OcrPage:
    """One word per run of non-spaces, placed at its character position: wider gaps
    between Japanese words survive as spaces (as OCR leaves them), columns line up."""
    words = []
    for n, text in enumerate(lines):
        y0 = 50 + n * LINE_H
        for m in re.finditer(r"\S+", text):
            box = (20 + m.start() * CHAR_W, y0, 20 + m.end() * CHAR_W, y0 + 30)
            words.append(Word(m.group(0), box, 0.9, n))
    return OcrPage(number, PAGE_W, 50 + LINES_PER_PAGE * LINE_H, 300, tuple(words))


def extract(text: str) -> Extraction:
    """Run the contract rules on a document whose pages are split by a form feed."""
    pages = [[ln for ln in p.strip("\n").splitlines()] for p in text.split("\f")]
    view = DocView(OcrDocument(tuple(page_of(p, i) for i, p in enumerate(pages, start=1))))
    result = Extraction(DocType.CONTRACT)
    for rule in contract.RULES:
        rule(view, result)
    return result


JA_OUTSOURCING = """
業務委託契約書
株式会社青葉システム（以下「甲」という）と合同会社ひかり運輸（以下「乙」という）は、
甲が乙に委託する清掃業務に関し、次のとおり契約（以下「本契約」という）を締結する。
第3条（契約期間）
本契約の有効期間は、令和6年4月1日から令和7年3月31日までとする。ただし、期間満了の
1か月前までに甲乙いずれからも申出がないときは、同一条件でさらに1年間自動更新される。
第4条（委託料）
甲は乙に対し、本業務の対価として、月額金550,000円（消費税別）を支払う。
第10条（合意管轄）
本契約に関して紛争が生じたときは、東京地方裁判所を第一審の専属的合意管轄裁判所とする。
\f
本契約の成立を証するため、本書2通を作成し、甲乙記名押印の上、各1通を保有する。
令和6年3月15日
甲 住所 東京都千代田区丸の内1-1-1
名称 株式会社青葉システム
代表取締役 山田太郎 印
乙 住所 大阪府大阪市北区梅田2-2-2
名称 合同会社ひかり運輸
代表社員 鈴木一郎 印
"""

JA_KANJI_TERM = """
システム保守契約書
株式会社さくら企画（以下「甲」という）と有限会社瑞穂製作所（以下「乙」という）は、次のとおり契約を締結する。
第2条（契約期間）本契約の有効期間は、令和六年四月一日から一年間とする。
期間満了後の更新については、甲乙協議の上、別途書面により定めるものとする。
第3条（委託料）甲は乙に対し、年額金1,200,000円を支払う。
第9条（合意管轄）本契約に関する紛争は、甲の本店所在地を管轄する地方裁判所を専属的合意管轄裁判所とする。
"""

JA_SIGNATURES_ONLY = """
覚書
甲及び乙は、令和5年10月1日付の取引基本契約に関し、次のとおり合意する。
1. 単価を改定する。
令和5年11月20日
甲 東京都港区芝浦5-2-10 株式会社三河商事 代表取締役 佐藤花子
乙 愛知県名古屋市中区1-2-3 東海精工株式会社 代表取締役 田中一郎
"""

JA_OCR_SPACES = """
業務委託契約書
株式会社白石企画（以下「甲」という）と株式   会社中   央フーズ（以下「乙」という）は、
次のとおり契約する。
本契約の有効期間は、令和7年6   月1日か   ら令和8   年5   月31日までの1   年間とする。
甲は乙に対し、総額金4   780,000円（消費税別）を支払う。
本契約に関して紛争が生じたときは、札幌地方坪判所を第一審の専属的合意管轄裁判所とする。
"""

JA_OCR_NOISE = """
業務委託契約書
株式会社白石企画（以下「甲」という）と株式会社中央フーズ（以下「乙」という）は、
次のとおり契約する。
第3条（契約期間）
ARWOA MMS, SABECALA DS SHESAIIDECOUEME 期間満了の1か月前までに甲乙いずれからも
申出がないときは、本契約は同一条件でさらに更新されるものとする。
甲は乙に対し、総額金2. 650,000円（消費税別）を支払う。
"""

EN_NDA = """
MUTUAL NON-DISCLOSURE AGREEMENT
THIS MUTUAL NON-DISCLOSURE AGREEMENT (this “Agreement”) is made and entered into as of
May 20, 2014 (the “Effective Date”), by and between LIQUIDMETAL TECHNOLOGIES, INC., a Delaware
corporation having its principal place of business at 30452 Esperanza, Rancho Santa Margarita,
CA 92688 (collectively “Liquidmetal”), and VISSER PRECISION CAST, LLC, a Colorado limited
liability company (“VPC”). Liquidmetal and VPC are each a “Party”.
3. Term. This Agreement shall remain in effect for a period of two (2) years from the
Effective Date. Thereafter, it shall automatically renew for successive one (1) year periods.
9. Governing Law. This Agreement shall be governed by and construed in accordance with the
laws of the State of New York, without regard to its conflict of laws principles.
"""

EN_EMPLOYEE = """
CONFIDENTIALITY AGREEMENT
This Agreement is made as of the 1st day of August, 2008, by and between Omrix Biopharmaceuticals,
Inc. (the "Company") and John D. Smith (the "Recipient").
1. The Company shall pay the Recipient a consulting fee of $5,000 per month.
2. The term of this Agreement shall be twenty-four months from the date hereof and may be
renewed only by mutual written agreement of the parties.
3. This Agreement shall be governed by the internal laws of the Commonwealth of Massachusetts.
"""

EN_LETTER = """
December 17, 2012
Allergan, Inc.
2525 Dupont Drive
Irvine, CA 92612
Re: Confidentiality Agreement
Ladies and Gentlemen:
In connection with your consideration of a possible transaction with MAP Pharmaceuticals, Inc.
(the “Company”), you agree
that this letter agreement shall terminate two years from the date hereof.
California law shall in all respects govern the validity and interpretation of this letter.
Very truly yours,
MAP PHARMACEUTICALS, INC.
By: /s/ Timothy S. Nelson
CONFIRMED AND AGREED:
Allergan, Inc.
By: /s/ David M. Lawrence
"""

EN_SIDE_BY_SIDE = """
NON-DISCLOSURE AGREEMENT
This Non-Disclosure Agreement is effective as of the last date of signature below and is made
by and between Alder BioPharmaceuticals, Inc., a Delaware corporation (“Discloser”), and the
entity identified below (“Recipient”).
The parties have executed this Agreement as of the dates set forth below.
Alder BioPharmaceuticals, Inc.          H. Lundbeck A/S
By: /s/ James Bucher                    By: /s/ Thomas Riisager
Date: 3/4/2015                          Date: 3/9/2015
"""

EN_ORGANIZED_ONLY = """
SERVICES AGREEMENT
This Services Agreement is entered into as of June 1, 2020 between Acme Widgets, Inc., a
corporation organized and existing under the laws of Delaware ("Acme"), and Beta Tools LLC ("Beta").
"""

EN_BY_LIST = """
NON-DISCLOSURE AGREEMENT
This non-disclosure agreement (the "AGREEMENT") is entered into this 3RD DAY OF APRIL, 2001 by
NORTHWIND GEAR, INC. (the "DISCLOSING PARTY") and HARBOR OPTICS, its OFFICERS and STAFF (the
"RECEIVING PARTY") for the purpose of preventing the unauthorized disclosure of information.
5. The obligations of the Receiving Party shall terminate on the third anniversary of the date of
this Agreement.
"""

EN_FIRST_PERSON = """
NON-COMPETITION AND CONFIDENTIALITY AGREEMENT
In consideration of my employment by Lakeside Savings Bank (“Company”) and of a payment of
$10,000.00, I, Maria T. Lopez, who resides at (address omitted), (“Employee”) agree as follows.
1. I will not disclose Confidential Information of the Company.
"""

EN_INDIVIDUAL_SIGNS = """
NONDISCLOSURE AGREEMENT
This Nondisclosure Agreement is entered into as of March 2, 2016, by and between the undersigned
and Redwood Analytics, Inc. (the “Company”).
1. I will hold the Company’s Proprietary Information in confidence.
IN WITNESS WHEREOF, the undersigned has executed this Agreement.
/s/ Daniel K. Ortiz
Daniel K. Ortiz
ACCEPTED AND AGREED TO:
REDWOOD ANALYTICS, INC.
By: /s/ Laura Chen
Laura Chen
President and Chief Executive Officer
"""

EN_ROLE_LABEL_SIGNS = """
EMPLOYEE CONFIDENTIALITY AGREEMENT
THIS AGREEMENT is made as of the date set forth below between Granite Labs, Inc. (“Granite”), and
the person whose name is set forth on the signature page below as Employee (“Employee”).
IN WITNESS WHEREOF, the parties have executed this Agreement.
GRANITE LABS, INC.
By: /s/ Peter Wong
Chief Executive Officer
EMPLOYEE: Sarah J. Miles
(Print Name)
/s/ Sarah J. Miles
Title: Senior Engineer
"""

EN_COMPANY_ABOVE_ADDRESS = """
CONFIDENTIALITY AGREEMENT
Each party that has signed this agreement may provide information to the other.
IN WITNESS WHEREOF, each party has caused this agreement to be signed.
Brightline, Inc:                        Oakridge Paper Corporation:
Suite 400, 12 Pine Street               ADDRESS FOR NOTICE:
Portland, OR 97204                      500 Mill Road
By: /s/ Kevin Shaw                      By: /s/ Nora Ellis
"""

EN_GROUP_TERM = """
Non-Disclosure Agreement
Reference is made to the Settlement Agreement, dated May 4, 2018, by and among the Crestview
Corporation (the “Company”), the Summit Parties and John Kessler, as representative of the Summit
Parties (the “Director”).
"""

NOTHING = """
Meeting notes
We discussed the schedule for next quarter and the new office layout.
Action items are listed on the shared drive.
"""

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("ja-outsourcing", JA_OUTSOURCING, {
        "contract_title": "業務委託契約書",
        "parties": ["株式会社青葉システム", "合同会社ひかり運輸"],
        "contract_date": date(2024, 3, 15), "effective_date": date(2024, 4, 1),
        "expiry_date": date(2025, 3, 31), "term": "1 year", "auto_renewal": True,
        "contract_amount": Decimal("550000"), "amount_period": "monthly",
        "currency": "JPY", "jurisdiction": "東京地方裁判所"}),
    ("ja-kanji-term", JA_KANJI_TERM, {
        "contract_title": "システム保守契約書",
        "parties": ["株式会社さくら企画", "有限会社瑞穂製作所"],
        "effective_date": date(2024, 4, 1), "term": "1 year",
        "expiry_date": date(2025, 3, 31), "auto_renewal": False,
        "contract_amount": Decimal("1200000"), "amount_period": "yearly",
        "jurisdiction": None}),  # a court that is not named gives no value
    ("ja-signatures", JA_SIGNATURES_ONLY, {
        "contract_title": "覚書", "parties": ["株式会社三河商事", "東海精工株式会社"],
        "contract_date": date(2023, 11, 20), "term": None, "auto_renewal": None,
        "jurisdiction": None}),
    ("ja-ocr-spaces", JA_OCR_SPACES, {
        "parties": ["株式会社白石企画", "株式会社中央フーズ"],
        "effective_date": date(2025, 6, 1), "expiry_date": date(2026, 5, 31),
        "term": "1 year", "contract_amount": Decimal("4780000"), "amount_period": "total",
        "jurisdiction": "札幌地方裁判所"}),
    # The 期間 sentence lost to OCR: a notice period (1か月前) is not the term; a comma
    # read as a period and a space (2. 650,000円) is still a thousands separator.
    ("ja-ocr-noise", JA_OCR_NOISE, {
        "term": None, "auto_renewal": True, "contract_amount": Decimal("2650000"),
        "amount_period": "total", "currency": "JPY"}),
    ("en-nda", EN_NDA, {
        "contract_title": "Mutual Non-Disclosure Agreement",
        "parties": ["Liquidmetal Technologies Inc.", "Visser Precision Cast LLC"],
        "contract_date": date(2014, 5, 20), "effective_date": date(2014, 5, 20),
        "term": "2 years", "auto_renewal": True, "jurisdiction": "New York",
        "contract_amount": None}),
    ("en-employee", EN_EMPLOYEE, {
        "contract_title": "Confidentiality Agreement",
        "parties": ["Omrix Biopharmaceuticals Inc.", "John D. Smith"],
        "effective_date": date(2008, 8, 1), "term": "24 months", "auto_renewal": False,
        "contract_amount": Decimal("5000"), "amount_period": "monthly", "currency": "USD",
        "jurisdiction": "Massachusetts"}),
    ("en-letter", EN_LETTER, {
        "parties": ["MAP Pharmaceuticals Inc.", "Allergan Inc."],
        "contract_date": date(2012, 12, 17), "effective_date": date(2012, 12, 17),
        "term": "2 years", "jurisdiction": "California"}),
    ("en-side-by-side", EN_SIDE_BY_SIDE, {
        "parties": ["Alder BioPharmaceuticals Inc.", "H. Lundbeck A/S"],
        "effective_date": date(2015, 3, 9)}),
    ("en-organized-only", EN_ORGANIZED_ONLY, {
        "parties": ["Acme Widgets Inc.", "Beta Tools LLC"],
        "effective_date": date(2020, 6, 1),
        "jurisdiction": None}),  # "organized under the laws of" is not governing law
    # Parties introduced by "by", each defined by a role alias; a term to an anniversary.
    ("en-by-list", EN_BY_LIST, {
        "parties": ["Northwind Gear Inc.", "Harbor Optics"], "term": "3 years"}),
    # A first-person agreement: the company by its alias, the signer by "I, NAME,".
    ("en-first-person", EN_FIRST_PERSON, {
        "parties": ["Lakeside Savings Bank", "Maria T. Lopez"]}),
    # "the undersigned" is named only where the individual signs, without "By:"; the
    # officer who signs for the company is not a party.
    ("en-individual-signs", EN_INDIVIDUAL_SIGNS, {
        "parties": ["Redwood Analytics Inc.", "Daniel K. Ortiz"]}),
    # The employee's role label above a caption line names the signer.
    ("en-role-label-signs", EN_ROLE_LABEL_SIGNS, {
        "parties": ["Granite Labs Inc.", "Sarah J. Miles"]}),
    # Company names above their notice addresses, "By:" lines further down.
    ("en-company-above-address", EN_COMPANY_ABOVE_ADDRESS, {
        "parties": ["Brightline Inc.", "Oakridge Paper Corporation"]}),
    # "the Summit Parties" names a group, not a party.
    ("en-group-term", EN_GROUP_TERM, {
        "parties": ["Crestview Corporation", "John Kessler"]}),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES],
                         ids=[c[0] for c in CASES])
def test_contract_fields(text: str, expected: dict[str, Any]) -> None:
    result = extract(text)
    got = {name: result.get(name) for name in expected}
    assert got == expected


def test_nothing_found_gives_no_value() -> None:
    result = extract(NOTHING)
    assert result.fields == {}


@pytest.mark.parametrize("text", [t for _, t, _ in CASES], ids=[c[0] for c in CASES])
def test_every_value_has_evidence(text: str) -> None:
    result = extract(text)
    assert result.fields
    for name, fv in result.fields.items():
        assert fv.evidence is not None, name
        x0, y0, x1, y1 = fv.evidence.bbox
        assert 0 <= x0 < x1 <= PAGE_W and 0 <= y0 < y1, name
        assert fv.evidence.source and 0 < fv.evidence.confidence <= 1, name


def test_amount_evidence_points_at_the_amount() -> None:
    result = extract(JA_OUTSOURCING)
    ev = result.fields["contract_amount"].evidence
    assert ev is not None and ev.page == 1 and ev.source == "clause:amount"
    line_y = 50 + 7 * LINE_H  # the 月額 line
    assert ev.bbox[1] == line_y


NAMES = [
    ("LIQUIDMETAL TECHNOLOGIES, INC.", "Liquidmetal Technologies Inc."),
    ("II-VI Incorporated", "II-VI Inc."),
    ("the Potbelly Corporation", "Potbelly Corporation"),
    ("The St. Paul Travelers Companies, Inc.", "The St. Paul Travelers Companies Inc."),
    ("A. Bruce Montgomery, M.D.", "A. Bruce Montgomery"),
    ("Joseph W. Kiley, III", "Joseph W. Kiley III"),
    ("Ajinomoto Althea, Inc.DBA Ajinomoto Bio-Pharma Services", "Ajinomoto Althea Inc."),
    ("PJM Interconnection, L.L.C.", "PJM Interconnection LLC"),
    ("SEAWELL LIMITED", "Seawell Ltd."),
    ("QUAKER FABRIC CORPORATION OF FALL RIVER", "Quaker Fabric Corporation of Fall River"),
    ("salesforce.com, inc.", "salesforce.com Inc."),
]


@pytest.mark.parametrize(("raw", "clean"), NAMES)
def test_party_name_normalisation(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


RECASE = [  # (name from capitals, document text, name out)
    ("Map Pharmaceuticals Inc.", "a transaction with MAP Pharmaceuticals, Inc. and",
     "MAP Pharmaceuticals Inc."),
    ("Map Pharmaceuticals Inc.", "MAP PHARMACEUTICALS, INC.", "Map Pharmaceuticals Inc."),
    ("Liquidmetal Technologies Inc.", "(collectively “Liquidmetal”)",
     "Liquidmetal Technologies Inc."),
    ("Alder BioPharmaceuticals Inc.", "Alder Biopharmaceuticals", "Alder BioPharmaceuticals Inc."),
    ("Potbelly Corporation", "the potbelly corporation", "Potbelly Corporation"),
]


@pytest.mark.parametrize(("name", "text", "out"), RECASE)
def test_capitals_take_the_documents_spelling(name: str, text: str, out: str) -> None:
    """Capitals cannot tell an acronym (MAP) from a word; the document's own mixed-case
    spelling can. A name already in mixed case is kept as found."""
    assert recase(name, text) == out


def test_contract_rules_are_registered() -> None:
    from extract.registry import EXTRACTORS

    assert set(contract.RULES) <= set(EXTRACTORS[DocType.CONTRACT])
