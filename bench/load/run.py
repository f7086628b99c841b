"""Load benchmark, on loopback only and bounded in time: CLIENTS concurrent clients
upload small scans for SECONDS against `yomitori serve` (PostgreSQL + Redis, no worker
running, so the figure is the upload path alone); then WORKERS rq workers drain the
documents. Prints upload latency p50/p99 and errors, pages per minute, and checks that
every document was processed exactly once. SQLite's upload figure is printed beside.

    .venv/bin/python -m bench.load.run --clients 50 --seconds 60 --docs 200 --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Document, Role, StatusEvent
from tests import services
from tests.scans import receipt

YOMITORI = str(Path(sys.executable).parent / "yomitori")


def make_scans(folder: Path, n: int) -> list[bytes]:
    return [receipt(folder / f"r{i}.png", 1000 + i).read_bytes() for i in range(n)]


async def client(url: str, key: str, scans: list[bytes], until: float, k: int,
                 lat: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        i = k
        while time.monotonic() < until:
            data = scans[i % len(scans)]
            start = time.perf_counter()
            try:
                r = await http.post(url, headers={"Authorization": f"Bearer {key}"},
                                    files=[("file", (f"s{i}.png", data, "image/png"))])
                if r.status_code != 202:
                    errors.append(str(r.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            lat.append((time.perf_counter() - start) * 1000)
            i += 1


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen([YOMITORI, "--log-level", "WARNING", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    services.wait_port(port, 60)
    return proc


def upload_phase(env: dict[str, str], scans: list[bytes], clients: int, seconds: float
                 ) -> tuple[list[float], list[str]]:
    settings_url = env["YOMITORI_DATABASE_URL"]
    upgrade(settings_url)
    with Database(settings_url).session() as s:
        key = create_key(s, f"bench{time.monotonic_ns()}", Role.UPLOADER)
    port = services.free_port()
    proc = serve(env, port)
    lat: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    try:
        asyncio.run(_gather(f"http://127.0.0.1:{port}/api/v1/documents", key, scans, until,
                            clients, lat, errors))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    return lat, errors


async def _gather(url, key, scans, until, clients, lat, errors) -> None:
    await asyncio.gather(*(client(url, key, scans, until, k, lat, errors)
                           for k in range(clients)))


def drain_phase(env: dict[str, str], workers: int, timeout: float) -> tuple[int, float, bool]:
    """Workers process what the upload phase stored; returns the number of documents,
    the seconds it took and whether each was processed exactly once."""
    db = Database(env["YOMITORI_DATABASE_URL"])
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(Document)) or 0
    start = time.monotonic()
    procs = [subprocess.Popen([YOMITORI, "--log-level", "WARNING", "worker", "--burst"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(workers)]
    done = 0
    while time.monotonic() - start < timeout:
        with db.session() as s:
            done = s.scalar(select(func.count()).select_from(Document).where(
                Document.status.in_(("validated", "needs_review", "failed")))) or 0
        if done >= n:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - start
    for p in procs:
        p.send_signal(signal.SIGTERM)
        p.wait(30)
    with db.session() as s:
        per_doc = s.execute(select(StatusEvent.document_id, func.count()).where(
            StatusEvent.to_status.in_(("validated", "needs_review"))).group_by(
            StatusEvent.document_id)).all()
        total = s.scalar(select(func.count()).select_from(Document)) or 0
    once = len(per_doc) == total and all(c == 1 for _, c in per_doc)
    return n, elapsed, once and done >= n


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yomitori-load-"))
    scans = make_scans(tmp, args.docs)
    redis = services.RedisServer()
    redis.start()
    print("| backend | clients | uploads | p50 ms | p99 ms | errors | documents | drain s | "
          "pages/min | exactly once |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        with services.postgres() as admin:
            for backend in ("postgresql", "sqlite"):
                url = (services.create_database(admin, "load") if backend == "postgresql"
                       else f"sqlite:///{tmp / 'load.db'}")
                env = {**os.environ, "YOMITORI_DATABASE_URL": url,
                       "YOMITORI_REDIS_URL": redis.url, "YOMITORI_OCR__WORKERS": "1",
                       "YOMITORI_DATA_DIR": str(tmp / backend)}
                lat, errors = upload_phase(env, scans, args.clients, args.seconds)
                docs, drain, once = ((0, float("nan"), False) if backend == "sqlite"
                                     else drain_phase(env, args.workers, 1800))
                ppm = docs / drain * 60 if drain == drain else float("nan")
                print(f"| {backend} | {args.clients} | {len(lat)} | {statistics.median(lat):.1f} "
                      f"| {pct(lat, 0.99):.1f} | {len(errors)} | {docs or '-'} | {drain:.0f} | "
                      f"{ppm:.0f} | {'yes' if once else ('-' if backend == 'sqlite' else 'NO')} |",
                      flush=True)
                if backend == "sqlite":
                    subprocess.run(["redis-cli", "-p", str(redis.port), "FLUSHALL"],
                                   capture_output=True)
    finally:
        redis.close()


if __name__ == "__main__":
    main()
