"""Load benchmark, on loopback only and bounded in time: CLIENTS concurrent clients
upload small scans for SECONDS against `yomitori serve` (PostgreSQL + Redis, no worker
running, so the figure is the upload path alone). Every upload is a new document (each
scan carries a counter in a PNG text chunk), as from real scanners. Clients either send
back to back (`--rate 0`: the server's saturation point) or each at a fixed rate, like
a scanner feeding pages (`--rate 1`: one upload a second per client, sent on schedule
whatever the answers take). Then, on a fresh database, DOCS scans are uploaded and
WORKERS rq workers drain them: pages per minute, and every document processed exactly
once. SQLite's upload figures are printed beside.

    .venv/bin/python -m bench.load.run --clients 50 --seconds 60 --docs 200 --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select

from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Document, Role, StatusEvent
from tests import services
from tests.scans import receipt

YOMITORI = str(Path(sys.executable).parent / "yomitori")
FINISHED = ("validated", "needs_review", "failed")


def make_scans(folder: Path, n: int) -> list[bytes]:
    return [receipt(folder / f"r{i}.png", 1000 + i).read_bytes() for i in range(n)]


def numbered(png: bytes, n: int) -> bytes:
    """The same picture with a text chunk holding `n` before IEND: new bytes, a new
    document."""
    data = b"Comment\x00load " + str(n).encode()
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:-12] + chunk + png[-12:]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicates: int = 0


async def client(http: httpx.AsyncClient, url: str, key: str, scans: list[bytes],
                 until: float, k: int, clients: int, interval: float,
                 counter: itertools.count, tally: Tally) -> None:
    due = time.monotonic() + k / clients * interval  # starts spread over one interval
    while (now := time.monotonic()) < until:
        if interval:
            if due > now:
                await asyncio.sleep(due - now)
            due += interval
        n = next(counter)
        data = numbered(scans[n % len(scans)], n)
        start = time.perf_counter()
        try:
            r = await http.post(url, headers={"Authorization": f"Bearer {key}"},
                                files=[("file", (f"s{n}.png", data, "image/png"))])
            if r.status_code != 202:
                tally.errors.append(str(r.status_code))
            elif r.json()["documents"][0]["duplicate"]:
                tally.duplicates += 1
        except httpx.HTTPError as exc:
            tally.errors.append(type(exc).__name__)
        tally.latencies.append((time.perf_counter() - start) * 1000)


class Server:
    """`yomitori serve` on a free loopback port, with an uploader's key."""

    def __init__(self, env: dict[str, str], processes: int) -> None:
        upgrade(env["YOMITORI_DATABASE_URL"])
        with Database(env["YOMITORI_DATABASE_URL"]).session() as s:
            self.key = create_key(s, f"bench{time.monotonic_ns()}", Role.UPLOADER)
        self.port = services.free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1/documents"
        self.proc = subprocess.Popen(
            [YOMITORI, "--log-level", "WARNING", "serve", "--port", str(self.port),
             "--workers", str(processes)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        services.wait_port(self.port, 60)

    def close(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(30)


def upload_phase(env: dict[str, str], scans: list[bytes], clients: int, seconds: float,
                 interval: float, processes: int) -> Tally:
    server = Server(env, processes)
    tally = Tally()
    try:
        asyncio.run(_gather(server.url, server.key, scans, seconds,
                            clients, interval, tally))
    finally:
        server.close()
    return tally


async def _gather(url, key, scans, seconds, clients, interval, tally) -> None:
    """The clients are made before the clock starts: making one costs ~40 ms of CPU (its
    TLS context), which would otherwise block the loop and count as upload time."""
    counter = itertools.count()
    https = [httpx.AsyncClient(timeout=30) for _ in range(clients)]
    until = time.monotonic() + seconds
    try:
        await asyncio.gather(*(client(http, url, key, scans, until, k, clients, interval,
                                      counter, tally) for k, http in enumerate(https)))
    finally:
        for http in https:
            await http.aclose()


def drain_phase(env: dict[str, str], scans: list[bytes], workers: int, timeout: float
                ) -> tuple[int, float, bool]:
    """Upload the scans, then let the workers process them; returns the number of
    documents, the seconds it took and whether each was processed exactly once."""
    server = Server(env, 1)
    try:
        with httpx.Client(timeout=30) as http:
            for n, scan in enumerate(scans):
                r = http.post(server.url, headers={"Authorization": f"Bearer {server.key}"},
                              files=[("file", (f"d{n}.png", numbered(scan, n), "image/png"))])
                r.raise_for_status()
    finally:
        server.close()
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
                Document.status.in_(FINISHED))) or 0
        if done >= n:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - start
    for p in procs:
        p.send_signal(signal.SIGTERM)
        p.wait(30)
    with db.session() as s:
        per_doc = s.execute(select(StatusEvent.document_id, func.count()).where(
            StatusEvent.to_status.in_(FINISHED)).group_by(StatusEvent.document_id)).all()
    once = len(per_doc) == n and all(c == 1 for _, c in per_doc)
    db.engine.dispose()
    return n, elapsed, once and done >= n


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, nargs="+", default=[0, 1],
                    help="uploads a second per client; 0 sends back to back")
    ap.add_argument("--processes", type=int, default=1, help="yomitori serve --workers")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yomitori-load-"))
    scans = make_scans(tmp, 20)
    redis = services.RedisServer()
    redis.start()
    print(f"Uploads, {args.clients} clients for {args.seconds:.0f} s, "
          f"{args.processes} API process(es):\n")
    print("| backend | clients send | uploads | uploads/s | p50 ms | p99 ms | errors | "
          "answered as duplicate |")
    print("|---|---|---|---|---|---|---|---|")
    try:
        with services.postgres() as admin:
            def env_for(backend: str, run: str) -> dict[str, str]:
                url = (services.create_database(admin, f"load{run}")
                       if backend == "postgresql" else f"sqlite:///{tmp / run / 'load.db'}")
                return {**os.environ, "YOMITORI_DATABASE_URL": url,
                        "YOMITORI_REDIS_URL": redis.url, "YOMITORI_OCR__WORKERS": "1",
                        "YOMITORI_DATA_DIR": str(tmp / run)}

            for rate in args.rate:
                for backend in ("postgresql", "sqlite"):
                    run = f"{backend[:2]}{rate:g}".replace(".", "_")
                    tally = upload_phase(env_for(backend, run), scans, args.clients,
                                         args.seconds, 1 / rate if rate else 0,
                                         args.processes)
                    lat = tally.latencies
                    how = f"{rate:g}/s each" if rate else "back to back"
                    print(f"| {backend} | {how} | {len(lat)} | {len(lat) / args.seconds:.0f} "
                          f"| {statistics.median(lat):.1f} | {pct(lat, 0.99):.1f} | "
                          f"{len(tally.errors)} | {tally.duplicates} |", flush=True)
                    subprocess.run(["redis-cli", "-p", str(redis.port), "FLUSHALL"],
                                   capture_output=True)
            drain_scans = make_scans(tmp, args.docs)
            docs, drain, once = drain_phase(env_for("postgresql", "drain"), drain_scans,
                                            args.workers, 1800)
            print(f"\nDrain, PostgreSQL, {args.workers} rq workers: {docs} documents in "
                  f"{drain:.0f} s, {docs / drain * 60:.0f} pages/min, each processed "
                  f"exactly once: {'yes' if once else 'NO'}")
    finally:
        redis.close()


if __name__ == "__main__":
    main()
