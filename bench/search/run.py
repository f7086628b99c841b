"""Search benchmark: N synthetic documents (fields + OCR-like text) in SQLite and in a
PostgreSQL server started here on loopback; typical queries through yomitori's search,
side by side with an unindexed LIKE scan over the same data.

    .venv/bin/python -m bench.search.run --docs 10000 100000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select, text

from models.db import Database, upgrade
from models.search import Query, search
from models.searchtext import fold, gram_tokens
from models.tables import Document, SearchIndex
from tests.services import postgres

PREFIX = ["青葉", "山田", "東海", "さくら", "北斗", "富士", "大和", "みどり", "Northwind", "Acme"]
SUFFIX = ["商事", "企画", "システム", "工業", "物産", "建設", "印刷", "Trading", "Labs"]
# a vocabulary of everyday two-character words and longer items
SHORT = ("会議 交通 弁当 文具 出張 広告 通信 印刷 保守 清掃 警備 修理 設計 翻訳 研修 備品 "
         "家賃 電気 水道 燃料 郵送 宅配 梱包 飲料 菓子 書籍 新聞 雑誌 工具 部品 塗料 木材 "
         "鋼材 電線 照明 空調 暖房 冷房 机上 椅子 棚板 金庫 名刺 封筒 切手 印鑑 写真 撮影 "
         "講演 謝礼 会費 年会 保険 税理 法務 登記 測量 造園 植栽 運搬 倉庫 駐車 宿泊 航空 "
         "鉄道 旅費 食事 接待 贈答 花束 看板 展示 会場 音響 映像 録音 配信 保管 廃棄").split()
LONG = ["会議室利用料", "コピー用紙", "ライセンス", "consulting", "support", "タクシー代",
        "サーバー保守", "ホームページ制作", "maintenance", "subscription"]
WORDS = SHORT + LONG
# words that occur in about one document in a thousand: the searches an index is for
RARE = "監査 特許 商標 訴訟 仲裁 鑑定 通訳 検疫 除雪 剪定".split()
RUNS = 40


def make_rows(n: int, seed: int = 1) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    docs, index = [], []
    for i in range(1, n + 1):
        vendor = f"株式会社{rng.choice(PREFIX)}{rng.choice(SUFFIX)}{rng.randint(1, 500)}"
        day = date(2023, 1, 1) + timedelta(days=rng.randint(0, 1400))
        total = Decimal(rng.randint(100, 2_000_000))
        lines = [f"{rng.choice(WORDS)} {rng.randint(1, 20)} {rng.randint(100, 99999):,}円"
                 for _ in range(rng.randint(5, 30))]
        if rng.random() < 0.01:
            lines.append(f"{rng.choice(RARE)}費用 1 {rng.randint(100, 99999):,}円")
        body = "\n".join([vendor, "御請求書", "東京都千代田区丸の内1-2-3", *lines,
                          f"合計 {total:,}円", f"発行日 {day}",
                          "お振込先 みずほ銀行 本店 普通 1234567"])
        docs.append({"id": i, "sha256": f"{i:064x}", "original_filename": f"doc{i}.pdf",
                     "mime_type": "application/pdf", "size_bytes": 1000, "status": "validated",
                     "doc_type": rng.choice(["invoice", "receipt"]), "issue_date": day,
                     "sort_date": day,
                     "total_amount": total, "counterparty": vendor,
                     "counterparty_folded": fold(vendor), "finding_count": 0})
        index.append({"document_id": i, "text": fold(body), "grams": gram_tokens(body)})
    return docs, index


def load(db: Database, docs: list[dict], index: list[dict]) -> float:
    start = time.perf_counter()
    with db.session() as s:
        for chunk in range(0, len(docs), 5000):
            s.execute(insert(Document), docs[chunk:chunk + 5000])
            s.execute(insert(SearchIndex), index[chunk:chunk + 5000])
        if db.engine.dialect.name == "sqlite":
            s.execute(text("INSERT INTO search_trgm(search_trgm) VALUES ('rebuild')"))
            s.execute(text("INSERT INTO search_gram(search_gram) VALUES ('rebuild')"))
            s.execute(text("INSERT INTO party_trgm(party_trgm) VALUES ('rebuild')"))
        else:
            s.execute(text("UPDATE search_index SET grams_tsv = to_tsvector('simple', grams)"))
            s.execute(text("ANALYZE"))
    return time.perf_counter() - start


QUERIES: dict[str, Callable[[random.Random], Query]] = {
    "2-char Japanese word": lambda r: Query(text=r.choice(SHORT)),
    "rare 2-char word": lambda r: Query(text=r.choice(RARE)),
    "company name fragment": lambda r: Query(
        counterparty=f"{r.choice(PREFIX)}{r.choice(SUFFIX)}{r.randint(1, 500)}"),
    "date+amount+counterparty": lambda r: Query(
        date_from=date(2024, 1, 1), date_to=date(2024, 6, 30), amount_min=Decimal(10000),
        amount_max=Decimal(500000), counterparty=r.choice(PREFIX)),
    "full text + date range": lambda r: Query(
        text=r.choice(LONG),
        date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)),
}


def scan(q: Query) -> Callable:
    """The unindexed reference: LIKE over the same text and columns, the same first page
    in the same order."""
    def run(s) -> list:
        stmt = select(Document).join(SearchIndex, SearchIndex.document_id == Document.id)
        for term in (q.text or "").split():
            stmt = stmt.where(SearchIndex.text.like(f"%{fold(term)}%"))
        if q.counterparty:
            stmt = stmt.where(Document.counterparty.like(f"%{q.counterparty}%"))
        if q.date_from:
            stmt = stmt.where(Document.issue_date.between(q.date_from, q.date_to))
        if q.amount_min is not None:
            stmt = stmt.where(Document.total_amount.between(q.amount_min, q.amount_max))
        return list(s.scalars(stmt.order_by(Document.sort_date.desc(), Document.id.desc())
                              .limit(50)))
    return run


def timed(db: Database, fn: Callable) -> tuple[float, float]:
    times = []
    with db.session() as s:
        if db.engine.dialect.name == "postgresql":  # the scan too plans for its values
            s.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        for _ in range(RUNS):
            t = time.perf_counter()
            fn(s)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(db: Database) -> list[tuple[str, float, float, float, float]]:
    out = []
    for name, make in QUERIES.items():
        rng = random.Random(7)
        queries = [make(rng) for _ in range(RUNS)]
        indexed = iter(queries * 2)
        med, p95 = timed(db, lambda s, q=indexed: search(s, next(q)))
        unindexed = iter(queries * 2)
        smed, sp95 = timed(db, lambda s, q=unindexed: scan(next(q))(s))
        out.append((name, med, p95, smed, sp95))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    print("| backend | documents | query | median ms | p95 ms | LIKE scan median ms | "
          "scan p95 ms | speed-up (p95) |")
    print("|---|---|---|---|---|---|---|---|")
    with postgres() as admin_url, tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            docs, index = make_rows(n)
            for backend in ("sqlite", "postgresql"):
                url = (f"sqlite:///{Path(tmp) / f'b{n}.db'}" if backend == "sqlite"
                       else _fresh_pg(admin_url, f"bench{n}"))
                upgrade(url)
                db = Database(url)
                load(db, docs, index)
                for name, med, p95, smed, sp95 in measure(db):
                    print(f"| {backend} | {n:,} | {name} | {med:.1f} | {p95:.1f} | "
                          f"{smed:.1f} | {sp95:.1f} | {sp95 / p95:.1f}x |", flush=True)
                db.engine.dispose()


def _fresh_pg(admin_url: str, name: str) -> str:
    from tests.services import create_database

    return create_database(admin_url, name)


if __name__ == "__main__":
    main()
