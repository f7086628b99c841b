"""Two-page contracts: a Japanese 業務委託契約書 between 甲 and 乙 (term, fee, 合意管轄)
and an English non-disclosure agreement (effective date, term, governing law)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from synth.content import Contract
from synth.document import Document, Json, from_sheets
from synth.fonts import Face
from synth.formats import add_months, en_date, ja_date, number_words, plain, random_date
from synth.layout import A4, Sheet
from synth.names import (
    EN_STEMS, EN_TRADES, US_PLACES, Company, en_company, ja_company, ja_person, pair_of,
)
from synth.texts import EN_NDA_SECTIONS, JA_ARTICLES_AFTER, JA_ARTICLES_BEFORE

DATE_RANGE = (date(2021, 1, 4), date(2026, 9, 30))
JA_TITLES = ("業務委託契約書", "業務委託基本契約書", "システム保守契約書", "コンサルティング契約書")
JA_SERVICES = ("システム保守業務", "Webサイト運用業務", "経理事務代行業務", "清掃業務",
               "経営コンサルティング業務", "ソフトウェア開発支援業務")
COURTS = ("東京地方裁判所", "大阪地方裁判所", "名古屋地方裁判所", "横浜地方裁判所",
          "福岡地方裁判所", "札幌地方裁判所")
EN_TITLES = ("MUTUAL NON-DISCLOSURE AGREEMENT", "NON-DISCLOSURE AGREEMENT",
             "CONFIDENTIALITY AGREEMENT")
EN_FORMS = {"LLC": "limited liability company", "Inc.": "corporation",
            "Corporation": "corporation"}
EN_SIGNERS = (("Jordan Miller", "Chief Executive Officer"), ("Alex Chen", "President"),
              ("Morgan Davis", "General Counsel"), ("Taylor Brooks", "Chief Operating Officer"))
A4_DPI = (200, 200, 300)


def _period(rng: random.Random) -> tuple[str, Decimal]:
    period = rng.choice(("monthly", "monthly", "yearly", "total"))
    low, high = {"monthly": (5, 90), "yearly": (60, 900), "total": (30, 500)}[period]
    return period, Decimal(rng.randint(low, high) * 10000)


def _term(rng: random.Random) -> tuple[int, bool]:
    months = rng.choice((6, 12, 12, 24, 36))
    return months, months % 12 == 0 and rng.random() < 0.75


def draw_ja_contract(rng: random.Random) -> Contract:
    signed = random_date(rng, *DATE_RANGE)
    start = add_months(signed.replace(day=1), 1) if rng.random() < 0.7 else signed
    months, in_years = _term(rng)
    period, amount = _period(rng)
    parties = pair_of(lambda: ja_company(rng), lambda c: c.name)
    return Contract("ja", rng.choice(JA_TITLES), parties, signed,
                    start, add_months(start, months) - timedelta(days=1), months, in_years,
                    rng.random() < 0.6, amount, period, rng.choice(COURTS),
                    rng.choice(("wareki", "wareki", "kanji")))


def _en_party(rng: random.Random) -> tuple[Company, str]:
    form = rng.choice(list(EN_FORMS))
    name = f"{rng.choice(EN_STEMS)} {rng.choice(EN_TRADES)} {form}"
    state = rng.choice(US_PLACES)[1] if rng.random() < 0.5 else "Delaware"
    return en_company(rng, name=name), f"a {state} {EN_FORMS[form]}"


def draw_en_contract(rng: random.Random) -> tuple[Contract, tuple[str, str]]:
    """The contract and each party's description (a Delaware corporation...)."""
    effective = random_date(rng, *DATE_RANGE)
    (a, a_desc), (b, b_desc) = pair_of(lambda: _en_party(rng), lambda p: p[0].name)
    months, in_years = _term(rng)
    if not in_years and months % 12 == 0 and months > 12:
        in_years = True  # "twenty-four (24) months" is beyond the number words
    law = rng.choice(("Delaware", "New York", "California", "Massachusetts", "Texas"))
    contract = Contract("en", rng.choice(EN_TITLES), (a, b), effective, effective, None,
                        months, in_years, rng.random() < 0.3, None, "", law,
                        rng.choice(("long", "long", "us")))
    return contract, (a_desc, b_desc)


def _ja_clauses(c: Contract, service: str) -> dict[str, str]:
    start = ja_date(c.effective_date, c.date_style)
    end = ja_date(c.expiry_date or c.effective_date, c.date_style)
    term = (f"{c.term_months // 12}年間" if c.term_in_years else f"{c.term_months}か月間")
    renewal = ("ただし、期間満了の1か月前までに甲乙いずれからも書面による別段の申出がないときは、"
               "本契約は同一条件でさらに1年間自動的に更新されるものとし、以後も同様とする。"
               if c.auto_renewal else
               "期間満了後の更新については、甲乙協議の上、別途書面により定めるものとする。")
    amount = f"金{c.amount or 0:,}円（消費税別）"
    fee = {"monthly": f"月額{amount}を、毎月末日締め翌月末日までに",
           "yearly": f"年額{amount}を、契約期間開始日の属する月の翌月末日までに",
           "total": f"総額{amount}を、本業務の完了後30日以内に"}[c.amount_period]
    return {"service": service,
            "term": f"本契約の有効期間は、{start}から{end}までの{term}とする。{renewal}",
            "fee": f"甲は乙に対し、本業務の対価として、{fee}乙の指定する銀行口座に振り込む"
                   "方法により支払う。振込手数料は甲の負担とする。",
            "court": c.jurisdiction}


def _ja_article(s: Sheet, n: int, heading: str, body: str) -> None:
    s.text(f"第{n}条（{heading}）", face=Face.GOTHIC)
    s.paragraph(body, indent=3.7)
    s.gap(1.5)


def _ja_signature(s: Sheet, mark: str, party: Company, rng: random.Random) -> None:
    x = s.left + 70
    s.text(f"{mark}　住所　{party.address}", x=x - 9, size=10)
    s.text(f"名称　{party.name}", x=x + 2.5, size=10)
    s.text(f"代表取締役　{ja_person(rng)}　印", x=x + 2.5, size=10)
    s.gap(5)


def lay_ja_contract(c: Contract, rng: random.Random) -> list[Sheet]:
    first, second = (Sheet(*A4, margin=25, face=Face.MINCHO, size=10.5, leading=1.75)
                     for _ in range(2))
    clauses = _ja_clauses(c, rng.choice(JA_SERVICES))
    a, b = c.parties
    first.text(c.title, align="center", size=18, bold=True)
    first.gap(6)
    first.paragraph(f"{a.name}（以下「甲」という）と{b.name}（以下「乙」という）は、甲が乙に委託する"
                    f"{clauses['service']}に関し、次のとおり契約（以下「本契約」という）を締結する。",
                    indent=3.7)
    first.gap(3)
    articles = [(h, t.format(**clauses)) for h, t in JA_ARTICLES_BEFORE]
    articles += [(h, t.format(**clauses)) for h, t in JA_ARTICLES_AFTER]
    split = len(JA_ARTICLES_BEFORE)
    for n, (heading, body) in enumerate(articles, start=1):
        _ja_article(first if n <= split else second, n, heading, body)
    second.gap(4)
    second.paragraph("本契約の成立を証するため、本書2通を作成し、甲乙記名押印の上、各1通を保有する。",
                     indent=3.7)
    second.gap(6)
    label = "契約締結日　" if rng.random() < 0.3 else ""
    second.text(label + ja_date(c.contract_date, c.date_style), x=second.left + 10)
    second.gap(8)
    _ja_signature(second, "甲", a, rng)
    _ja_signature(second, "乙", b, rng)
    _page_numbers([first, second])
    return [first, second]


def _en_signature(s: Sheet, party: Company, signer: tuple[str, str], when: str) -> None:
    name, title = signer
    s.text(party.name.upper(), face=Face.SERIF_BOLD)
    s.gap(4)
    for line in ("By: ______________________________", f"Name: {name}", f"Title: {title}",
                 f"Date: {when}"):
        s.text(line)
    s.gap(8)


def lay_en_contract(c: Contract, descs: tuple[str, str], rng: random.Random) -> list[Sheet]:
    first, second = (Sheet(*A4, margin=25, face=Face.SERIF, size=10.5, leading=1.7)
                     for _ in range(2))
    a, b = c.parties
    when = en_date(c.effective_date, c.date_style)
    unit = "year" if c.term_in_years else "month"
    n = c.term_months // 12 if c.term_in_years else c.term_months
    values = {"term": f"{number_words(n)} {unit}{'s' if n > 1 else ''}", "law": c.jurisdiction,
              "renewal": (" Thereafter, it shall automatically renew for successive one (1) "
                          "year periods unless either party gives written notice of "
                          "non-renewal at least thirty (30) days before the end of the "
                          "then-current term." if c.auto_renewal else "")}
    first.text(c.title, align="center", size=15, face=Face.SERIF_BOLD)
    first.gap(6)
    first.paragraph(f'This {c.title.title()} (this "Agreement") is entered into as of {when} '
                    f'(the "Effective Date") by and between {a.name}, {descs[0]}, with offices '
                    f'at {a.address}, and {b.name}, {descs[1]}, with offices at {b.address}.')
    first.gap(3)
    for k, (heading, body) in enumerate(EN_NDA_SECTIONS, start=1):
        sheet = first if k <= 6 else second
        sheet.paragraph(f"{k}. {heading}. {body.format(**values)}", hanging=0)
        sheet.gap(2.5)
    second.gap(4)
    second.paragraph("IN WITNESS WHEREOF, the parties have executed this Agreement as of the "
                     "Effective Date.")
    second.gap(8)
    for party, signer in zip(c.parties, rng.sample(EN_SIGNERS, 2), strict=True):
        _en_signature(second, party, signer, when)
    _page_numbers([first, second])
    return [first, second]


def _page_numbers(sheets: list[Sheet]) -> None:
    for n, s in enumerate(sheets, start=1):
        s.place(f"- {n} -", s.center, (s.height or 297.0) - 15, align="center", size=9)


def contract_fields(c: Contract) -> dict[str, Json]:
    fields: dict[str, Json] = {"contract_title": c.title,
                               "parties": [p.name for p in c.parties],
                               "contract_date": c.contract_date.isoformat(),
                               "effective_date": c.effective_date.isoformat()}
    if c.expiry_date:
        fields["expiry_date"] = c.expiry_date.isoformat()
    fields |= {"term": c.term, "auto_renewal": c.auto_renewal}
    if c.amount is not None:
        fields |= {"currency": "JPY" if c.lang == "ja" else "USD",
                   "contract_amount": plain(c.amount), "amount_period": c.amount_period}
    fields["jurisdiction"] = c.jurisdiction
    return fields


def ja_contract(rng: random.Random) -> Document:
    c = draw_ja_contract(rng)
    sheets = lay_ja_contract(c, rng)
    return from_sheets("ja_contract", "contract", sheets, contract_fields(c), rng.choice(A4_DPI))


def en_contract(rng: random.Random) -> Document:
    c, descs = draw_en_contract(rng)
    sheets = lay_en_contract(c, descs, rng)
    return from_sheets("en_contract", "contract", sheets, contract_fields(c), rng.choice(A4_DPI))
